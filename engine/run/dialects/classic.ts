/**
 * The classic dialect's run-time data (SEMANTICS.md "Data flow"): a step's input from its
 * inputMappings over the scope's input and `$local`, its output from outputMappings, merged into
 * the scope's `$local`; the 32 KiB rule over input + output + local; errorMappings on a catch.
 */
import type { Step } from '../../../fdl/model';
import type { PlanState } from '../../../fdl/plan/plan';
import { applyMappings, checkStepDataSize, mergeIntoLocal, stepInput, stepOutput } from '../data-mapping';
import { STEP_RUNNERS } from '../steps/index';
import type { DialectRuntime, PlanCatch } from './dialect';

const EMPTY: readonly PlanCatch[] = [];
const NO_RETRY: readonly never[] = [];

const step = (s: PlanState) => s.model as Step;

export const CLASSIC: DialectRuntime = {
  events: { entered: 'StepEntered', started: 'StepStarted', succeeded: 'StepSucceeded', failed: 'StepFailed', exited: 'StepExited' },
  initialCarry: () => ({}),
  enteredDetail: (input, local) => ({ input, local }),
  unbuiltInput: (input) => input,
  needsToken(state) {
    const s = step(state);
    if (s.type !== 'task') return false;
    const pattern = s.pattern?.value ?? 'requestResponse';
    return pattern === 'waitForCallback' || pattern === 'sync';
  },
  // $context is built only for steps whose mappings read it.
  input: (v, token) => {
    const s = step(v.state);
    return stepInput(s, v.scopeInput, v.carry, s.inputMappings ? v.contextFor(token) : undefined);
  },
  output: (v, result) => {
    const s = step(v.state);
    return stepOutput(s, v.input, result, s.outputMappings ? v.contextFor(v.token) : undefined);
  },
  checkSize: (v, output, result) => checkStepDataSize(v.state.name, v.input, output, result),
  carryAfter: mergeIntoLocal,
  retries: (state) => {
    const s = step(state);
    return 'retry' in s ? s.retry : NO_RETRY;
  },
  catches: (state) => {
    const s = step(state);
    return 'catch' in s ? s.catch : EMPTY;
  },
  // errorMappings read the reserved $local.error / $local.cause (docs "Error handling").
  caught: (v, _rule, e) => {
    const s = step(v.state);
    const output =
      s.type === 'task' && s.errorMappings
        ? applyMappings(s.errorMappings, { input: v.input, local: { error: e.error, cause: e.cause }, context: v.contextFor(v.token) }, s.name)
        : {};
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
