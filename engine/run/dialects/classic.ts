/**
 * The classic dialect's run-time data (SEMANTICS.md "Data flow"): a step's input from its
 * inputMappings over the scope's input and `$local`, its output from outputMappings, merged into
 * the scope's `$local`; the 32 KiB rule over input + output + local; errorMappings on a catch.
 */
import type { ForeachStep, ParallelStep, Step, TaskStep } from '../../../fdl/model';
import type { PlanState, StateKind } from '../../../fdl/plan/plan';
import type { JsonObject } from '../../history/events';
import { applyMappings, checkStepDataSize, EMPTY_DATA, mappingsReadContext, mergeIntoLocal, stepInput, stepOutput } from '../data-mapping';
import { STEP_RUNNERS } from '../steps/index';
import type { DialectRuntime, PlanCatch } from './dialect';

const EMPTY: readonly PlanCatch[] = [];
const NO_RETRY: readonly never[] = [];

/** The kinds whose classic steps carry retry and catch (fdl/step-kinds.ts `catches`). */
const HAS_RULES: Readonly<Record<StateKind, boolean>> = { task: true, parallel: true, map: true, pass: false, wait: false, choice: false, succeed: false, fail: false };
type RuledStep = TaskStep | ParallelStep | ForeachStep;

const step = (s: PlanState) => s.model as Step;

/** The last entered detail made, by identity (see enteredDetail). */
let enteredInput: JsonObject | undefined;
let enteredLocal: JsonObject | undefined;
let enteredLast: JsonObject = EMPTY_DATA;

/**
 * StepEntered's `{input, local}`: the same object again while neither changed (a run of steps
 * that add nothing to `$local`, each a visit of the same scope input). Event details, like step
 * data, are never mutated, so one detail may stand in several events.
 */
function enteredDetail(input: JsonObject, local: JsonObject): JsonObject {
  if (input === enteredInput && local === enteredLocal) return enteredLast;
  enteredInput = input;
  enteredLocal = local;
  return (enteredLast = { input, local });
}

export const CLASSIC: DialectRuntime = {
  events: { entered: 'StepEntered', started: 'StepStarted', succeeded: 'StepSucceeded', failed: 'StepFailed', exited: 'StepExited' },
  // Shared and frozen: a scope's `$local` starts empty, and a merge builds a new object.
  initialCarry: () => EMPTY_DATA,
  enteredDetail,
  unbuiltInput: (input) => input,
  needsToken(state) {
    if (state.kind !== 'task') return false;
    const s = step(state) as TaskStep;
    const pattern = s.pattern?.value ?? 'requestResponse';
    return pattern === 'waitForCallback' || pattern === 'sync';
  },
  // $context is built only for steps whose mappings read it.
  input: (v, token) => {
    const s = step(v.state);
    return stepInput(s, v.scopeInput, v.carry, s.inputMappings && mappingsReadContext(s.inputMappings) ? v.contextFor(token) : undefined);
  },
  output: (v, result) => {
    const s = step(v.state);
    return stepOutput(s, v.input, result, s.outputMappings && mappingsReadContext(s.outputMappings) ? v.contextFor(v.token) : undefined);
  },
  checkSize: (v, output, result) => checkStepDataSize(v.state.name, v.input, output, result),
  carryAfter: mergeIntoLocal,
  // By kind, not `'retry' in` the model: the steps of a flow have many shapes, the kinds few.
  retries: (state) => (HAS_RULES[state.kind] ? (state.model as RuledStep).retry : NO_RETRY),
  catches: (state) => (HAS_RULES[state.kind] ? (state.model as RuledStep).catch : EMPTY),
  // errorMappings read the reserved $local.error / $local.cause (docs "Error handling").
  caught: (v, _rule, e) => {
    const s = step(v.state);
    const output =
      s.type === 'task' && s.errorMappings
        ? applyMappings(s.errorMappings, { input: v.input, local: { error: e.error, cause: e.cause }, context: v.contextFor(v.token) }, s.name)
        : EMPTY_DATA;
    return mergeIntoLocal(v.carry, output);
  },
  runners: {
    task: STEP_RUNNERS.task,
    pass: STEP_RUNNERS.pass,
    wait: STEP_RUNNERS.wait,
    choice: STEP_RUNNERS.choice,
    parallel: STEP_RUNNERS.parallel,
    map: STEP_RUNNERS.foreach,
    succeed: STEP_RUNNERS.succeed,
    fail: STEP_RUNNERS.fail,
  },
};
