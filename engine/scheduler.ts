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

/**
 * `openedBy` is the event that opened this sequence (ExecutionStarted, BranchEntered,
 * IterationEntered, the choice's StepStarted): the first StepEntered links to it through
 * scheduleEventId, each later one to the previous step's StepExited — the chain the service's
 * history shows ("View execution history": each event's ScheduleEventId is the one before it).
 */
export async function runScope(scope: Scope, input: JsonObject, scopeKey: string, run: RunContext, signal: AbortSignal, openedBy?: number): Promise<JsonObject> {
  let local: JsonObject = {};
  let previous = openedBy;
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
    let result: StepResult;
    try {
      result = await runStep(step, input, local, `${scopeKey}/${step.name}#${visit}`, run, signal, previous);
    } catch (e) {
      // A succeed nested in this top-level step: the flow's local is what the top level holds now.
      if (e instanceof ExecutionEnd && e.kind === 'succeed' && scopeKey === TOP_SCOPE && !e.flowLocal) e.flowLocal = local;
      throw e;
    }
    local = result.local;
    previous = result.exitedEventId;
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

type StepResult = { local: JsonObject; goto?: string; exitedEventId?: number };

async function runStep(step: Step, parentInput: JsonObject, parentLocal: JsonObject, key: string, run: RunContext, signal: AbortSignal, previous?: number): Promise<StepResult> {
  const { journal } = run;
  const stepName = step.name;
  const entered = journal.record('StepEntered', `${key}|StepEntered`, { input: parentInput, local: parentLocal }, { stepName, scheduleEventId: previous });
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
    if (e instanceof StepFailure) return failStep(step, key, run, e, parentInput, parentLocal, contextFor());
    throw e;
  }
  const started = journal.record('StepStarted', `${key}|StepStarted`, { input, ...(firstToken ? { taskToken: firstToken } : {}) }, { stepName, scheduleEventId: entered.eventId });
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
        startedEventId: started.eventId,
        runScope: (scope, scopeInput, scopeKey, s, openedBy) => runScope(scope, scopeInput, scopeKey, run, s, openedBy),
      };
      return runner(step, input, sr);
    });
  } catch (e) {
    if (e instanceof StepFailure) return failStep(step, key, run, e, input, parentLocal, context);
    throw e;
  }
  let output: JsonObject;
  try {
    output = stepOutput(step, input, outcome.local, context);
  } catch (e) {
    if (e instanceof StepFailure) return failStep(step, key, run, e, input, parentLocal, context);
    throw e;
  }
  checkStepDataSize(stepName, input, output, outcome.local);
  const succeeded = journal.record('StepSucceeded', `${key}|StepSucceeded`, { output }, { stepName, scheduleEventId: started.eventId });
  const local = mergeIntoLocal(parentLocal, output);
  const exited = journal.record('StepExited', `${key}|StepExited`, { local }, { stepName, scheduleEventId: succeeded.eventId });
  return { local, goto: outcome.goto, exitedEventId: exited.eventId };
}

/** StepFailed; then a matching catch (errorMappings → output, goto) or the error goes up. */
function failStep(step: Step, key: string, run: RunContext, e: StepFailure, input: JsonObject, parentLocal: JsonObject, context: ContextObject): StepResult {
  const stepName = step.name;
  const before = run.journal.find(`${key}|StepStarted`) ?? run.journal.find(`${key}|StepEntered`);
  const failed = run.journal.record('StepFailed', `${key}|StepFailed`, { error: e.error, cause: e.cause }, { stepName, scheduleEventId: before?.eventId });
  const catches = 'catch' in step ? step.catch : [];
  const handler = findCatch(catches, e.error);
  if (!handler) throw e;
  // errorMappings read the reserved $local.error / $local.cause (docs "Error handling").
  const errorLocal = { error: e.error, cause: e.cause };
  const output = step.type === 'task' && step.errorMappings ? applyMappings(step.errorMappings, { input, local: errorLocal, context }) : {};
  const local = mergeIntoLocal(parentLocal, output);
  const exited = run.journal.record('StepExited', `${key}|StepExited`, { local }, { stepName, scheduleEventId: failed.eventId });
  return { local, goto: handler.goto?.value, exitedEventId: exited.eventId };
}
