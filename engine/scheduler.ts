/**
 * Runs sequences of steps: each step visit gets its events (StepEntered, StepStarted,
 * StepSucceeded | StepFailed, StepExited), its input from the parent's input/local, its output
 * merged into the parent's local; then `goto` (backward loops included), `end`, or the next step.
 * Step types live in steps/*.ts; retry/catch in error-handling.ts.
 *
 * Keys: a step visit is `<scope key>/<step name>#<visit>`, where a scope key names the path from
 * the flow (`$` for the top level, `/b0` for a branch, `/i3` for an iteration, `/c1` for a choice
 * body, `@2` for attempt 2 of a retried step). The interpreter is deterministic, so the same
 * history yields the same keys and replay finds every recorded fact.
 */
import type { Scope, Step } from '../fdl/model';
import { checkStepDataSize, mergeIntoLocal, stepInput, stepOutput } from './data-mapping';
import { ExecutionEnd, StepFailure } from './errors';
import { findCatch, withRetry } from './error-handling';
import { applyMappings } from './data-mapping';
import type { JsonObject } from './history/events';
import type { ContextObject, RunContext, StepOutcome, StepRun, StepRunner } from './run-context';
import { STEP_RUNNERS } from './steps/index';
import { newTaskToken } from './task-tokens';
import { engineText } from './messages';

/** A local safety net: an execution making more step visits than this fails (a goto loop that never ends). */
export const MAX_STEP_VISITS = 10_000;

/** The key of the flow's own sequence. */
export const TOP_SCOPE = '$';

export async function runScope(scope: Scope, input: JsonObject, scopeKey: string, run: RunContext, signal: AbortSignal): Promise<JsonObject> {
  let local: JsonObject = {};
  const visits = new Map<string, number>();
  let i = 0;
  while (i < scope.steps.length) {
    signal.throwIfAborted();
    const step = scope.steps[i];
    const visit = (visits.get(step.name) ?? 0) + 1;
    visits.set(step.name, visit);
    if (++run.stepVisits > MAX_STEP_VISITS) {
      throw new ExecutionEnd('fail', 'FnF.RuntimeError', engineText('tooManyVisits', MAX_STEP_VISITS, step.name));
    }
    let result: { local: JsonObject; goto?: string };
    try {
      result = await runStep(step, input, local, `${scopeKey}/${step.name}#${visit}`, run, signal);
    } catch (e) {
      // A succeed nested in this top-level step: the flow's local is what the top level holds now.
      if (e instanceof ExecutionEnd && e.kind === 'succeed' && scopeKey === TOP_SCOPE && !e.flowLocal) e.flowLocal = local;
      throw e;
    }
    local = result.local;
    if (step.type === 'succeed') {
      const end = new ExecutionEnd('succeed');
      if (scopeKey === TOP_SCOPE) end.flowLocal = local;
      throw end;
    }
    if (result.goto !== undefined) {
      const j = scope.steps.findIndex((s) => s.name === result.goto);
      if (j < 0) throw new ExecutionEnd('fail', 'FnF.RuntimeError', engineText('gotoMissing', result.goto, step.name));
      i = j;
      continue;
    }
    if (step.end?.value === true) break;
    i++;
  }
  return local;
}

function needsToken(step: Step): boolean {
  if (step.type !== 'task') return false;
  const pattern = step.pattern?.value ?? 'requestResponse';
  return pattern === 'waitForCallback' || pattern === 'sync';
}

async function runStep(step: Step, parentInput: JsonObject, parentLocal: JsonObject, key: string, run: RunContext, signal: AbortSignal): Promise<{ local: JsonObject; goto?: string }> {
  const { journal } = run;
  const stepName = step.name;
  const entered = journal.record('StepEntered', `${key}|StepEntered`, { input: parentInput, local: parentLocal }, { stepName });
  const contextFor = (token?: string): ContextObject => ({
    execution: { name: run.executionName },
    flow: { name: run.flowName },
    step: { name: stepName, eventId: entered.eventId },
    ...(token ? { task: { token } } : {}),
  });
  const recordedStart = journal.find<'StepStarted'>(`${key}|StepStarted`);
  const firstToken = needsToken(step) ? (recordedStart?.detail.taskToken ?? newTaskToken()) : undefined;
  let input: JsonObject;
  try {
    input = recordedStart?.detail.input ?? stepInput(step, parentInput, parentLocal, contextFor(firstToken));
  } catch (e) {
    if (e instanceof StepFailure) return failStep(step, key, run, e, parentInput, parentLocal, parentInput, contextFor());
    throw e;
  }
  journal.record('StepStarted', `${key}|StepStarted`, { input, ...(firstToken ? { taskToken: firstToken } : {}) }, { stepName, scheduleEventId: entered.eventId });
  const context = contextFor(firstToken);
  const runner = STEP_RUNNERS[step.type] as StepRunner;
  let outcome: StepOutcome;
  try {
    const retry = 'retry' in step ? step.retry : [];
    outcome = await withRetry(retry, run, key, stepName, signal, (attempt) => {
      const sr: StepRun = {
        run,
        key,
        attemptKey: attempt === 1 ? key : `${key}@${attempt}`,
        attempt,
        signal,
        context,
        inputWithToken: (token) => stepInput(step, parentInput, parentLocal, contextFor(token)),
        runScope: (scope, scopeInput, scopeKey, s) => runScope(scope, scopeInput, scopeKey, run, s),
      };
      return runner(step, input, sr);
    });
  } catch (e) {
    if (e instanceof StepFailure) return failStep(step, key, run, e, input, parentLocal, parentInput, context);
    throw e;
  }
  let output: JsonObject;
  try {
    output = stepOutput(step, input, outcome.local, context);
  } catch (e) {
    if (e instanceof StepFailure) return failStep(step, key, run, e, input, parentLocal, parentInput, context);
    throw e;
  }
  checkStepDataSize(stepName, input, output, outcome.local);
  journal.record('StepSucceeded', `${key}|StepSucceeded`, { output }, { stepName, scheduleEventId: entered.eventId });
  const local = mergeIntoLocal(parentLocal, output);
  journal.record('StepExited', `${key}|StepExited`, { local }, { stepName, scheduleEventId: entered.eventId });
  return { local, goto: outcome.goto };
}

/** StepFailed; then a matching catch (errorMappings → output, goto) or the error goes up. */
function failStep(step: Step, key: string, run: RunContext, e: StepFailure, input: JsonObject, parentLocal: JsonObject, _parentInput: JsonObject, context: ContextObject): { local: JsonObject; goto?: string } {
  const stepName = step.name;
  const entered = run.journal.find(`${key}|StepEntered`);
  run.journal.record('StepFailed', `${key}|StepFailed`, { error: e.error, cause: e.cause }, { stepName, scheduleEventId: entered?.eventId });
  const catches = 'catch' in step ? step.catch : [];
  const handler = findCatch(catches, e.error);
  if (!handler) throw e;
  // errorMappings read the reserved $local.error / $local.cause (docs "Error handling").
  const errorLocal = { error: e.error, cause: e.cause };
  const output = step.type === 'task' && step.errorMappings ? applyMappings(step.errorMappings, { input, local: errorLocal, context }) : {};
  const local = mergeIntoLocal(parentLocal, output);
  run.journal.record('StepExited', `${key}|StepExited`, { local }, { stepName, scheduleEventId: entered?.eventId });
  return { local, goto: handler.goto?.value };
}
