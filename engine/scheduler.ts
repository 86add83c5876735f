/**
 * Runs sequences of steps: each step visit gets its events (StepEntered, StepStarted,
 * StepSucceeded | StepFailed, StepExited), its input from the parent's input/local, its output
 * merged into the parent's local; then `goto` (backward loops included), `end`, or the next step.
 * A `succeed` ends its sequence like `end: true` and also every sequence up to the nearest scope:
 * the flow, a parallel branch or a foreach iteration (a choice's steps are not a scope; SEMANTICS.md
 * "Steps"). Step types live in steps/*.ts; retry/catch in error-handling.ts.
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
import type { MaybePromise } from './maybe-async';
import { TOP_SCOPE } from './history/scope-keys';

/** The key of the flow's own sequence (history/scope-keys.ts). */
export { TOP_SCOPE };

/**
 * `openedBy` is the event that opened this sequence (ExecutionStarted, BranchEntered,
 * IterationEntered, the choice's StepStarted): the first StepEntered links to it through
 * scheduleEventId, each later one to the previous step's StepExited — the chain the service's
 * history shows ("View execution history": each event's ScheduleEventId is the one before it).
 *
 * Synchronous while its steps are: a sequence of steps that cannot block (pass, choice over such
 * steps, a parallel or foreach of them) returns its local, not a promise, so a branch or an
 * iteration of pass steps costs no promise and no microtask turn. The first step that answers
 * with a promise (a task, a wait), or a long run of steps in a row, hands the rest of the
 * sequence to an async loop (`finishScope`). Errors are thrown either way: synchronously before
 * that point, as a rejection after it.
 */
export function runScope(scope: Scope, input: JsonObject, scopeKey: string, run: RunContext, signal: AbortSignal, openedBy?: number): MaybePromise<JsonObject> {
  const end = runSequence(scope, input, scopeKey, run, signal, openedBy);
  return end instanceof Promise ? end.then((e) => e.local) : end.local;
}

/** How a sequence ended: its local, and whether a succeed ended it (it returns from its scope). */
export interface SequenceEnd {
  local: JsonObject;
  returned: boolean;
}

/** Runs a sequence of steps (runScope's work), saying also whether a succeed ended it. */
export function runSequence(scope: Scope, input: JsonObject, scopeKey: string, run: RunContext, signal: AbortSignal, openedBy?: number): MaybePromise<SequenceEnd> {
  // Visit counts per step index (a goto loop visits a step again); no Map per scope.
  const at: ScopeState = { local: {}, returned: false, previous: openedBy, visits: new Array<number>(scope.steps.length).fill(0), i: 0 };
  const stopped = stepWhileSync(scope, input, scopeKey, run, signal, at);
  return stopped === undefined ? at : finishScope(scope, input, scopeKey, run, signal, at, stopped);
}

/** Where a sequence is: its local, the event the next StepEntered links to, visits, the next step. */
interface ScopeState extends SequenceEnd {
  previous?: number;
  visits: number[];
  i: number;
}

/** A sequence ran SYNC_RUN steps in a row: it yields to the event loop before going on. */
const YIELD = Symbol('yield');

/**
 * Runs the sequence's steps from `at` while they answer synchronously. Undefined: the sequence
 * ended; otherwise the visit still running, or YIELD after SYNC_RUN steps in a row (so a long
 * chain does not hold the event loop, and the store's group commit, for long).
 */
function stepWhileSync(scope: Scope, input: JsonObject, scopeKey: string, run: RunContext, signal: AbortSignal, at: ScopeState): Promise<StepResult> | typeof YIELD | undefined {
  for (let inARow = 1; at.i < scope.steps.length; inARow++) {
    signal.throwIfAborted();
    const step = scope.steps[at.i];
    const r = visitStep(step, input, scopeKey, run, signal, at);
    if (r instanceof Promise) return r;
    if (afterStep(scope, step, r, at)) return undefined;
    if (inARow >= SYNC_RUN) return YIELD;
  }
  return undefined;
}

/** The rest of a sequence once a step did not answer at once (or it yields): an async loop. */
async function finishScope(
  scope: Scope,
  input: JsonObject,
  scopeKey: string,
  run: RunContext,
  signal: AbortSignal,
  at: ScopeState,
  stopped: Promise<StepResult> | typeof YIELD,
): Promise<ScopeState> {
  for (let s: Promise<StepResult> | typeof YIELD | undefined = stopped; s !== undefined; s = stepWhileSync(scope, input, scopeKey, run, signal, at)) {
    if (s === YIELD) await new Promise<void>((resolve) => setImmediate(resolve));
    else if (afterStep(scope, scope.steps[at.i], await s, at)) break;
  }
  return at;
}

/** Starts the visit of the sequence's current step (its visit count bumped). */
function visitStep(step: Step, input: JsonObject, scopeKey: string, run: RunContext, signal: AbortSignal, at: ScopeState): StepResult | Promise<StepResult> {
  const visit = ++at.visits[at.i];
  return runStep(step, input, at.local, `${scopeKey}/${step.name}#${visit}`, run, signal, at.previous);
}

/** Takes a finished visit's result; then `goto`, `end` or the next step. True: the sequence ends here. */
function afterStep(scope: Scope, step: Step, result: StepResult, at: ScopeState): boolean {
  at.local = result.local;
  at.previous = result.exitedEventId;
  // A succeed here, or one inside this choice's steps: the sequence returns (docs: "similar to
  // return"; CloudFlow: "a Succeed state can be considered as a Pass state whose End is true").
  if (step.type === 'succeed' || result.returned) {
    at.returned = true;
    return true;
  }
  if (result.goto !== undefined) {
    const j = scope.steps.findIndex((s) => s.name === result.goto);
    if (j < 0) throw new ExecutionEnd('fail', 'FnF.RuntimeError', engineText('gotoMissing', result.goto, step.name));
    at.i = j;
    return false;
  }
  if (step.end?.value === true) return true;
  at.i++;
  return false;
}

/** Steps run synchronously in a row before the scope yields to the event loop once. */
const SYNC_RUN = 1000;

function needsToken(step: Step): boolean {
  if (step.type !== 'task') return false;
  const pattern = step.pattern?.value ?? 'requestResponse';
  return pattern === 'waitForCallback' || pattern === 'sync';
}

type StepResult = { local: JsonObject; goto?: string; returned?: boolean; exitedEventId?: number };

/** A step visit; synchronous when the step's runner answers synchronously (it cannot block). */
function runStep(
  step: Step,
  parentInput: JsonObject,
  parentLocal: JsonObject,
  key: string,
  run: RunContext,
  signal: AbortSignal,
  previous?: number,
): StepResult | Promise<StepResult> {
  const { journal } = run;
  const entered = journal.recordAt('StepEntered', key, { input: parentInput, local: parentLocal }, { stepName: step.name, scheduleEventId: previous });
  const visit = new StepVisit(step, parentInput, parentLocal, key, run, signal, entered.eventId);
  const recordedStart = journal.replaying ? journal.find<'StepStarted'>(`${key}|StepStarted`) : undefined;
  const firstToken = needsToken(step) ? (recordedStart?.detail.taskToken ?? newTaskToken()) : undefined;
  visit.token = firstToken;
  try {
    // $context is built only for steps whose mappings (or runner) read it.
    visit.input = recordedStart?.detail.input ?? stepInput(step, parentInput, parentLocal, step.inputMappings ? visit.contextFor(firstToken) : undefined);
  } catch (e) {
    if (e instanceof StepFailure) return failStep(step, key, run, e, parentInput, parentLocal, visit.contextFor(), entered.eventId);
    throw e;
  }
  const input = visit.input;
  visit.startedEventId = journal.recordAt('StepStarted', key, firstToken ? { input, taskToken: firstToken } : { input }, {
    stepName: step.name,
    scheduleEventId: entered.eventId,
  }).eventId;
  const runner = STEP_RUNNERS[step.type] as StepRunner;
  const retry = 'retry' in step ? step.retry : undefined;
  let outcome: StepOutcome | Promise<StepOutcome>;
  try {
    // Without retry policies an attempt is the runner itself (no retry loop around it).
    outcome = retry && retry.length ? withRetry(retry, run, key, step.name, signal, (attempt) => runner(step, input, visit.forAttempt(attempt))) : runner(step, input, visit);
  } catch (e) {
    return visit.failed(e);
  }
  return outcome instanceof Promise
    ? outcome.then(
        (o) => visit.finish(o),
        (e: unknown) => visit.failed(e),
      )
    : visit.finish(outcome);
}

/**
 * One step visit's state, and its first attempt's StepRun (a retry gets a copy with its own
 * attempt number): one object per visit rather than a set of closures and context objects.
 */
class StepVisit implements StepRun {
  input: JsonObject = EMPTY;
  token?: string;
  startedEventId = 0;
  attemptKey: string;
  attempt = 1;
  private ctx?: ContextObject;

  constructor(
    readonly step: Step,
    private readonly parentInput: JsonObject,
    private readonly parentLocal: JsonObject,
    readonly key: string,
    readonly run: RunContext,
    readonly signal: AbortSignal,
    private readonly enteredEventId: number,
  ) {
    this.attemptKey = key;
  }

  /** `$context` with the visit's first task token (built on first use). */
  get context(): ContextObject {
    return (this.ctx ??= this.contextFor(this.token));
  }

  contextFor(token?: string): ContextObject {
    const heads = this.run.contextHeads;
    const step = { name: this.step.name, eventId: this.enteredEventId };
    return token ? { execution: heads.execution, flow: heads.flow, step, task: { token } } : { execution: heads.execution, flow: heads.flow, step };
  }

  inputWithToken(token: string): JsonObject {
    return stepInput(this.step, this.parentInput, this.parentLocal, this.contextFor(token));
  }

  runScope(scope: Scope, input: JsonObject, scopeKey: string, signal: AbortSignal, openedBy?: number): MaybePromise<JsonObject> {
    return runScope(scope, input, scopeKey, this.run, signal, openedBy);
  }

  runSequence(scope: Scope, input: JsonObject, scopeKey: string, signal: AbortSignal, openedBy?: number): MaybePromise<SequenceEnd> {
    return runSequence(scope, input, scopeKey, this.run, signal, openedBy);
  }

  forAttempt(n: number): StepRun {
    return this.attempt === n ? this : Object.assign(Object.create(this) as StepVisit, { attempt: n, attemptKey: `${this.key}@${n}` });
  }

  finish(outcome: StepOutcome): StepResult {
    const { step, run, key, input } = this;
    const { journal } = run;
    let output: JsonObject;
    try {
      output = stepOutput(step, input, outcome.local, step.outputMappings ? this.context : undefined);
    } catch (e) {
      return this.failed(e);
    }
    checkStepDataSize(step.name, input, output, outcome.local);
    const succeeded = journal.recordAt('StepSucceeded', key, { output }, { stepName: step.name, scheduleEventId: this.startedEventId });
    const local = mergeIntoLocal(this.parentLocal, output);
    const exited = journal.recordAt('StepExited', key, { local }, { stepName: step.name, scheduleEventId: succeeded.eventId });
    return outcome.returned ? { local, returned: true, exitedEventId: exited.eventId } : { local, goto: outcome.goto, exitedEventId: exited.eventId };
  }

  failed(e: unknown): StepResult {
    if (e instanceof StepFailure) return failStep(this.step, this.key, this.run, e, this.input, this.parentLocal, this.context, this.startedEventId);
    throw e;
  }
}

const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

/**
 * StepFailed (linked to the visit's StepStarted, or its StepEntered when the input could not be
 * mapped); then a matching catch (errorMappings → output, goto) or the error goes up.
 */
function failStep(step: Step, key: string, run: RunContext, e: StepFailure, input: JsonObject, parentLocal: JsonObject, context: ContextObject, before: number): StepResult {
  const stepName = step.name;
  const failed = run.journal.recordAt('StepFailed', key, { error: e.error, cause: e.cause }, { stepName, scheduleEventId: before });
  const catches = 'catch' in step ? step.catch : [];
  const handler = findCatch(catches, e.error);
  if (!handler) throw e;
  // errorMappings read the reserved $local.error / $local.cause (docs "Error handling").
  const errorLocal = { error: e.error, cause: e.cause };
  const output = step.type === 'task' && step.errorMappings ? applyMappings(step.errorMappings, { input, local: errorLocal, context }, stepName) : {};
  const local = mergeIntoLocal(parentLocal, output);
  const exited = run.journal.recordAt('StepExited', key, { local }, { stepName, scheduleEventId: failed.eventId });
  return { local, goto: handler.goto?.value, exitedEventId: exited.eventId };
}
