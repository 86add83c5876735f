/**
 * The StateMachine dialect's run-time side (SEMANTICS.md "StateMachine"): a state's input is the
 * previous state's output (the scope's input for its first state), replaced by its
 * InputConstructor when it has one; its output is its result (a Task's result, a Parallel's
 * `BranchN` map, a Map's `Items`, the input for the others) unless its OutputConstructor builds one
 * from `$Input`, `$Output` and `$Context`; that output is the next state's input. A Catch hands the
 * next state its OutputConstructor's value, or `{Code, Detail}` of the error without one.
 */
import type { PlanState } from '../../../fdl/plan/plan';
import type { SmPlanModel } from '../../../fdl/plan/statemachine';
import { runSmChoice, runSmFail, runSmPass, runSmSucceed, runSmWait } from '../sm-states/flow-control';
import { runSmMap, runSmParallel } from '../sm-states/parallel-map';
import { runSmTask, taskPattern } from '../sm-states/task';
import { isJsonObject } from '../data-mapping';
import type { JsonObject } from '../../history/events';
import type { DialectRuntime, VisitData } from './dialect';
import { construct, smContext, stateData, type CurrentState } from './sm-data';

const model = (s: PlanState) => s.model as SmPlanModel;

function context(v: VisitData, current: Omit<CurrentState, 'Name' | 'RetryCount'>, token: string | undefined): unknown {
  return smContext(v.run.contextHeads, { Name: v.state.name, RetryCount: v.attempts - 1, ...current, ...(token ? { TaskToken: token } : {}) });
}

/** The last StateEntered detail made, by identity (see enteredDetail). */
let enteredLast: { input: JsonObject } | undefined;

/**
 * StateEntered's `{input}`: the same object again while the input is (a run of states that pass
 * their input on, such as Pass states). Event details, like state data, are never mutated, so one
 * detail may stand in several events, as the classic dialect's does.
 */
function enteredDetail(carry: JsonObject): JsonObject {
  if (enteredLast !== undefined && enteredLast.input === carry) return enteredLast;
  return (enteredLast = { input: carry });
}

export const STATEMACHINE: DialectRuntime = {
  events: { entered: 'StateEntered', started: 'StateStarted', succeeded: 'StateSucceeded', failed: 'StateFailed', timedOut: 'StateTimedOut', aborted: 'StateAborted' },
  initialCarry: (input) => input,
  enteredDetail: (_input, carry) => enteredDetail(carry),
  unbuiltInput: (_input, carry) => carry,
  // A Catch's data (which no event records but the next StateEntered) may hold a uuid().
  recordedCarry: (detail, computed) => (isJsonObject(detail.input) ? detail.input : computed),
  needsToken: (state) => state.kind === 'task' && taskPattern(model(state)) !== 'requestResponse',
  input(v, token) {
    const m = model(v.state);
    if (m.def.InputConstructor === undefined) return stateData(m.name, 'smInput', v.carry);
    const built = construct(m.name, 'InputConstructor', m.def.InputConstructor, v.carry, () => context(v, { Input: v.carry }, token));
    return stateData(m.name, 'smInput', built);
  },
  output(v, result) {
    const m = model(v.state);
    if (m.def.OutputConstructor === undefined) return stateData(m.name, 'smOutput', result);
    const built = construct(m.name, 'OutputConstructor', m.def.OutputConstructor, v.input, () => context(v, { Input: v.input, Output: result }, v.token), { value: result });
    return stateData(m.name, 'smOutput', built);
  },
  // Held to 64 KiB as each value is built (stateData).
  checkSize: () => {},
  carryAfter: (_carry, output) => output,
  retries: (state) => model(state).retry,
  catches: (state) => model(state).catch,
  caught(v, rule, e) {
    const m = model(v.state);
    const error = { Code: e.error, Detail: e.cause };
    if (rule.outputConstructor === undefined) return error;
    const built = construct(m.name, 'Catch.OutputConstructor', rule.outputConstructor, v.input, () => context(v, { Input: v.input, Error: error }, v.token), { value: error });
    return stateData(m.name, 'smOutput', built);
  },
  runners: {
    task: runSmTask,
    pass: runSmPass,
    wait: runSmWait,
    choice: runSmChoice,
    parallel: runSmParallel,
    map: runSmMap,
    succeed: runSmSucceed,
    fail: runSmFail,
  },
};
