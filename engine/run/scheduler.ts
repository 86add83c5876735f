/**
 * Runs the scopes of a plan (fdl/plan), for either dialect: each state visit gets its events
 * (classic StepEntered, StepStarted, StepSucceeded | StepFailed, StepExited; StateMachine
 * StateEntered, StateStarted, StateSucceeded | StateFailed), its input and output from its
 * dialect's data functions (dialects/*.ts); then a transition chosen by the state (goto, a
 * Choice's Next, a catch's target), else the state's `next`, else the scope ends.
 * A `succeed` ends its sequence like `end: true` and also every sequence up to the nearest scope:
 * the flow, a parallel branch or a foreach iteration (a choice's steps are not a scope; SEMANTICS.md
 * "Steps"). Step types live in steps/*.ts; retry/catch in error-handling.ts.
 *
 * Keys: a step visit is `<scope key>/<step name>#<visit>`, where a scope key names the path from
 * the flow (`$` for the top level, `/b0` for a branch, `/i3` for an iteration, `/c1` for a choice
 * body, `@2` for attempt 2 of a retried step). The interpreter is deterministic, so the same
 * history yields the same keys and replay finds every recorded fact.
 */
import type { PlanScope, PlanState } from '../../fdl/plan/plan';
import { ExecutionEnd, StepFailure } from '../errors';
import { findCatch, withRetry } from './error-handling';
import type { DataEdit, JsonObject } from '../history/events';
import type { ContextObject, RunContext, StepOutcome, StepRun, StepRunner } from './run-context';
import { newTaskToken } from '../task-tokens';
import { engineText } from '../messages';
import { andThen, type MaybePromise } from './maybe-async';
import { TOP_SCOPE } from '../history/scope-keys';
import type { DialectRuntime, PlanCatch, VisitData } from './dialects/dialect';
import { dialectOf } from './dialects/index';
import { ENDED, ENTERED, EXITED, STARTED, visitKey } from '../history/visit-record';

/** The key of the flow's own sequence (history/scope-keys.ts). */
export { TOP_SCOPE };

/**
 * `openedBy` is the event that opened this scope (ExecutionStarted, BranchEntered,
 * IterationEntered, the choice's StepStarted): the first entered event links to it through
 * scheduleEventId, each later one to the previous state's last event (StepExited; StateSucceeded
 * or StateFailed) — the chain the service's history shows ("View execution history": each
 * event's ScheduleEventId is the one before it).
 *
 * Synchronous while its states are: a scope of states that cannot block (pass, choice over such
 * steps, a parallel or foreach of them) returns its result, not a promise, so a branch or an
 * iteration of pass steps costs no promise and no microtask turn. The first state that answers
 * with a promise (a task, a wait), or a long run of states in a row, hands the rest of the
 * scope to an async loop (`finishScope`). Errors are thrown either way: synchronously before
 * that point, as a rejection after it.
 *
 * The result is what the scope carries at its end: classic, its `$local`; StateMachine, the
 * output of its last state.
 */
export function runScope(scope: PlanScope, input: JsonObject, scopeKey: string, run: RunContext, signal: AbortSignal, openedBy?: number): MaybePromise<JsonObject> {
  const end = runSequence(scope, input, scopeKey, run, signal, openedBy);
  return end instanceof Promise ? end.then((e) => e.local) : end.local;
}

/** How a scope ended: what it carries, and whether a succeed ended it (it returns from its scope). */
export interface SequenceEnd {
  local: JsonObject;
  returned: boolean;
}

/** Runs a scope (runScope's work), saying also whether a succeed ended it. */
export function runSequence(scope: PlanScope, input: JsonObject, scopeKey: string, run: RunContext, signal: AbortSignal, openedBy?: number): MaybePromise<SequenceEnd> {
  const dialect = dialectOf(scope.dialect);
  // Visit counts per state index (a goto loop visits a state again); no Map per scope.
  const at: ScopeState = {
    local: dialect.initialCarry(input),
    returned: false,
    previous: openedBy,
    visits: new Array<number>(scope.states.length).fill(0),
    i: scope.start ?? scope.states.length,
    dialect,
    result: undefined,
  };
  const stopped = stepWhileSync(scope, input, scopeKey, run, signal, at);
  return stopped === undefined ? at : finishScope(scope, input, scopeKey, run, signal, at, stopped);
}

/** Where a scope is: what it carries, the event the next entered event links to, visits, the next state. */
interface ScopeState extends SequenceEnd {
  previous?: number;
  visits: number[];
  i: number;
  dialect: DialectRuntime;
  /** The result object its visits end into, one after the other (see StepVisit.into). */
  result: StepResult | undefined;
}

/** A scope ran SYNC_RUN states in a row: it yields to the event loop before going on. */
const YIELD = Symbol('yield');

/**
 * Runs the scope's states from `at` while they answer synchronously. Undefined: the scope
 * ended; otherwise the visit still running, or YIELD after SYNC_RUN states in a row (so a long
 * chain does not hold the event loop, and the store's group commit, for long).
 */
function stepWhileSync(
  scope: PlanScope,
  input: JsonObject,
  scopeKey: string,
  run: RunContext,
  signal: AbortSignal,
  at: ScopeState,
): Promise<StepResult> | typeof YIELD | undefined {
  for (let inARow = 1; at.i < scope.states.length; inARow++) {
    signal.throwIfAborted();
    const state = scope.states[at.i];
    const r = visitState(state, input, scopeKey, run, signal, at);
    if (r instanceof Promise) return r;
    if (afterState(scope, state, r, at)) return undefined;
    if (inARow >= SYNC_RUN) return YIELD;
  }
  return undefined;
}

/** The rest of a scope once a state did not answer at once (or it yields): an async loop. */
async function finishScope(
  scope: PlanScope,
  input: JsonObject,
  scopeKey: string,
  run: RunContext,
  signal: AbortSignal,
  at: ScopeState,
  stopped: Promise<StepResult> | typeof YIELD,
): Promise<ScopeState> {
  for (let s: Promise<StepResult> | typeof YIELD | undefined = stopped; s !== undefined; s = stepWhileSync(scope, input, scopeKey, run, signal, at)) {
    if (s === YIELD) await new Promise<void>((resolve) => setImmediate(resolve));
    else if (afterState(scope, scope.states[at.i], await s, at)) break;
  }
  return at;
}

/** Starts the visit of the scope's current state (its visit count bumped). */
function visitState(state: PlanState, input: JsonObject, scopeKey: string, run: RunContext, signal: AbortSignal, at: ScopeState): StepResult | Promise<StepResult> {
  const visit = ++at.visits[at.i];
  return runStep(
    at.dialect,
    state,
    input,
    at.local,
    scopeKey,
    visit,
    run,
    signal,
    at.previous,
    (at.result ??= { local: at.local, goto: undefined, returned: undefined, exitedEventId: undefined }),
  );
}

/** Takes a finished visit's result; then a chosen transition, `next`, or the end. True: the scope ends here. */
function afterState(scope: PlanScope, state: PlanState, result: StepResult, at: ScopeState): boolean {
  at.local = result.local;
  at.previous = result.exitedEventId;
  // A succeed here, or one inside this choice's steps: the scope returns (docs: "similar to
  // return"; CloudFlow: "a Succeed state can be considered as a Pass state whose End is true").
  if (state.kind === 'succeed' || result.returned) {
    at.returned = true;
    return true;
  }
  if (result.goto !== undefined) {
    const j = scope.byName.get(result.goto);
    if (j === undefined) throw new ExecutionEnd('fail', 'FnF.RuntimeError', engineText('gotoMissing', result.goto, state.name));
    at.i = j;
    return false;
  }
  if (state.next === undefined) return true;
  at.i = state.next;
  return false;
}

/** States run synchronously in a row before the scope yields to the event loop once. */
const SYNC_RUN = 1000;

export type StepResult = { local: JsonObject; goto?: string; returned?: boolean; exitedEventId?: number };

/**
 * A state visit; synchronous when the state's runner answers synchronously (it cannot block).
 * Also how step-test.ts runs one state alone, so a tested state goes through this same code.
 */
export function runStep(
  dialect: DialectRuntime,
  state: PlanState,
  scopeInput: JsonObject,
  carry: JsonObject,
  scopeKey: string,
  visitNo: number,
  run: RunContext,
  signal: AbortSignal,
  previous?: number,
  into?: StepResult,
): StepResult | Promise<StepResult> {
  const { journal } = run;
  const { events } = dialect;
  const enteredEventId = journal.visitEvent(events, ENTERED, events.entered, scopeKey, visitNo, state.name, previous, dialect.enteredDetail(scopeInput, carry));
  const visit = newVisit(dialect, state, scopeInput, carry, scopeKey, visitNo, run, signal, enteredEventId);
  visit.into = into;
  // Replayed, a dialect whose data is not all deterministic (uuid()) takes what it recorded.
  if (dialect.recordedCarry && journal.replaying) {
    const recorded = journal.find(`${visit.key}|${events.entered}`);
    if (recorded) visit.carry = carry = dialect.recordedCarry(recorded.detail as JsonObject, carry);
  }
  const recordedStart = journal.replaying ? journal.find<'StepStarted'>(`${visit.key}|${events.started}`) : undefined;
  const firstToken = dialect.needsToken(state) ? (recordedStart?.detail.taskToken ?? newTaskToken()) : undefined;
  visit.token = firstToken;
  try {
    visit.input = recordedStart?.detail.input ?? dialect.input(visit, firstToken);
  } catch (e) {
    if (e instanceof StepFailure) {
      visit.input = dialect.unbuiltInput(scopeInput, carry);
      visit.token = undefined;
      return failStep(visit, e, enteredEventId);
    }
    throw e;
  }
  // Edits a debugger made here (recorded, so replay makes them again), and its pause before the start.
  const paused = run.debug || journal.replaying ? beforeStart(visit) : undefined;
  return paused instanceof Promise ? paused.then(() => startStep(visit)) : startStep(visit);
}

/** A visit whose input is built: its started event, then its runner (with its retries). */
function startStep(visit: StepVisit): StepResult | Promise<StepResult> {
  const { dialect, state, run, signal } = visit;
  const { journal } = run;
  const { events } = dialect;
  // A pause may have lasted until the execution was stopped: nothing more starts.
  signal.throwIfAborted();
  const input = visit.input;
  const firstToken = visit.token;
  visit.startedEventId = journal.visitEvent(events, STARTED, events.started, visit.scopeKey, visit.visitNo, state.name, visit.enteredEventId, input, firstToken);
  const runner = dialect.runners[state.kind] as StepRunner<unknown>;
  const retry = dialect.retries(state);
  const model = state.model;
  let outcome: StepOutcome | Promise<StepOutcome>;
  try {
    // Without retry policies an attempt is the runner itself (no retry loop around it).
    outcome = retry.length
      ? withRetry(retry, run, visit.key, state.name, signal, (attempt) => runner(model, input, visit.forAttempt((visit.attempts = attempt))))
      : runner(model, input, visit);
  } catch (e) {
    return visit.failed(e);
  }
  if (outcome instanceof Promise)
    return outcome.then(
      (o) => visit.finish(o),
      (e: unknown) => visit.failed(e),
    );
  const result = visit.finish(outcome);
  // A pass visit that ended at once is held by nothing (its runner keeps no reference, no
  // debugger saw it): its object serves the next visit (see newVisit).
  if (state.kind === 'pass' && !run.debug && !(result instanceof Promise)) spareVisit = visit;
  return result;
}

/**
 * One visit object kept for reuse: a chain of pass states would otherwise leave one StepVisit of
 * garbage per visit, as much as the visit's history record, and the collector runs the more often.
 * Taken out while in use, so a nested visit (a choice's body) never shares it; a visit that ends
 * otherwise (a failure) does not give it back, and the next pass visit to end at once leaves its own.
 * Until reused it still refers to its last visit's data and run (one visit's worth, bounded).
 */
let spareVisit: StepVisit | undefined;

function newVisit(
  dialect: DialectRuntime,
  state: PlanState,
  scopeInput: JsonObject,
  carry: JsonObject,
  scopeKey: string,
  visitNo: number,
  run: RunContext,
  signal: AbortSignal,
  enteredEventId: number,
): StepVisit {
  const spare = spareVisit;
  // Only a pass visit takes it (only one gives it back).
  if (spare === undefined || state.kind !== 'pass') return new StepVisit(dialect, state, scopeInput, carry, scopeKey, visitNo, run, signal, enteredEventId);
  spareVisit = undefined;
  spare.reset(dialect, state, scopeInput, carry, scopeKey, visitNo, run, signal, enteredEventId);
  return spare;
}

/**
 * The debugger's moment before a visit starts: edits recorded by an earlier run are made again
 * (replay), then the debugger may pause the visit and answer with edits, recorded before the
 * started event (which then holds the edited input) so a restart finds them.
 */
function beforeStart(visit: StepVisit): MaybePromise<void> {
  const { journal, debug } = visit.run;
  const at = `${visit.key}|DataEdited`;
  const recorded = journal.replaying ? journal.find<'DataEdited'>(at) : undefined;
  if (recorded) applyEdit(visit, recorded.detail);
  if (!debug) return;
  return andThen(debug.beforeStart(visit), (edit) => {
    if (!edit || recorded || edit.changes.length === 0) return;
    journal.recordAt('DataEdited', visit.key, edit, visit.state.name, visit.enteredEventId);
    applyEdit(visit, edit);
  });
}

function applyEdit(visit: StepVisit, edit: DataEdit): void {
  if (edit.input) visit.input = edit.input;
  if (edit.local) visit.carry = edit.local;
  if (edit.result) visit.debugResult = edit.result;
}

/**
 * One state visit's state, and its first attempt's StepRun (a retry gets a copy with its own
 * attempt number): one object per visit rather than a set of closures and context objects.
 */
class StepVisit implements StepRun, VisitData {
  input: JsonObject = EMPTY;
  token?: string = undefined;
  startedEventId = 0;
  attempt = 1;
  attempts = 1;
  /** A task's result set by a debugger (debug/visit-hooks.ts): its first attempt answers with it instead of invoking. */
  debugResult?: JsonObject = undefined;
  private ctx?: ContextObject = undefined;
  private ownKey?: string = undefined;
  /** Set on a retry's copy (forAttempt). */
  private retryKey?: string = undefined;
  /**
   * The result object the visit ends into: its scope's (runSequence), which takes each result
   * before its next visit starts, so a visit's end allocates none; undefined: a new one.
   */
  into?: StepResult = undefined;

  constructor(
    public dialect: DialectRuntime,
    public state: PlanState,
    public scopeInput: JsonObject,
    public carry: JsonObject,
    /** The visit's key is `<scopeKey>/<state name>#<visitNo>` (built only when asked for: a pass visit never needs it). */
    public scopeKey: string,
    public visitNo: number,
    public run: RunContext,
    public signal: AbortSignal,
    public enteredEventId: number,
  ) {}

  /** As constructed anew (newVisit): every member set again. */
  reset(
    dialect: DialectRuntime,
    state: PlanState,
    scopeInput: JsonObject,
    carry: JsonObject,
    scopeKey: string,
    visitNo: number,
    run: RunContext,
    signal: AbortSignal,
    enteredEventId: number,
  ): void {
    this.input = EMPTY;
    this.token = undefined;
    this.startedEventId = 0;
    this.attempt = 1;
    this.attempts = 1;
    this.debugResult = undefined;
    this.ctx = undefined;
    this.ownKey = undefined;
    this.retryKey = undefined;
    this.into = undefined;
    this.dialect = dialect;
    this.state = state;
    this.scopeInput = scopeInput;
    this.carry = carry;
    this.scopeKey = scopeKey;
    this.visitNo = visitNo;
    this.run = run;
    this.signal = signal;
    this.enteredEventId = enteredEventId;
  }

  get key(): string {
    return (this.ownKey ??= this.scopeKey === TOP_SCOPE && this.visitNo === 1 ? topKeysOf(this.state).key : visitKey(this.scopeKey, this.state.name, this.visitNo));
  }

  get attemptKey(): string {
    return this.retryKey ?? this.key;
  }

  get scheduledKey(): string {
    return this.retryKey === undefined && this.scopeKey === TOP_SCOPE && this.visitNo === 1 ? topKeysOf(this.state).scheduled : `${this.attemptKey}|TaskScheduled`;
  }

  get resultKey(): string {
    return this.retryKey === undefined && this.scopeKey === TOP_SCOPE && this.visitNo === 1 ? topKeysOf(this.state).result : `${this.attemptKey}|TaskResult`;
  }

  get stateName(): string {
    return this.state.name;
  }

  /** `$context` with the visit's first task token (built on first use). */
  get context(): ContextObject {
    return (this.ctx ??= this.contextFor(this.token));
  }

  contextFor(token?: string): ContextObject {
    const heads = this.run.contextHeads;
    const step = { name: this.state.name, eventId: this.enteredEventId };
    return token ? { execution: heads.execution, flow: heads.flow, step, task: { token } } : { execution: heads.execution, flow: heads.flow, step };
  }

  inputWithToken(token: string): JsonObject {
    return this.dialect.input(this, token);
  }

  runScope(scope: PlanScope, input: JsonObject, scopeKey: string, signal: AbortSignal, openedBy?: number): MaybePromise<JsonObject> {
    return runScope(scope, input, scopeKey, this.run, signal, openedBy);
  }

  runSequence(scope: PlanScope, input: JsonObject, scopeKey: string, signal: AbortSignal, openedBy?: number): MaybePromise<SequenceEnd> {
    return runSequence(scope, input, scopeKey, this.run, signal, openedBy);
  }

  forAttempt(n: number): StepRun {
    return this.attempt === n ? this : Object.assign(Object.create(this) as StepVisit, { attempt: n, retryKey: `${this.key}@${n}` });
  }

  finish(outcome: StepOutcome): StepResult | Promise<StepResult> {
    const { dialect, state, run } = this;
    const { journal } = run;
    let output: JsonObject;
    try {
      output = dialect.output(this, outcome.local);
    } catch (e) {
      return this.failed(e);
    }
    dialect.checkSize(this, output, outcome.local);
    const { events } = dialect;
    const succeededEventId = journal.visitEvent(events, ENDED, events.succeeded, this.scopeKey, this.visitNo, state.name, this.startedEventId, output);
    // The output as recorded: replayed, the one the history shows (an OutputConstructor may call uuid()).
    if (journal.replaying) {
      const recorded = journal.find<'StepSucceeded'>(`${this.key}|${events.succeeded}`);
      if (recorded) output = recorded.detail.output;
    }
    const local = dialect.carryAfter(this.carry, output);
    const exitedEventId = events.exited ? journal.visitEvent(events, EXITED, events.exited, this.scopeKey, this.visitNo, state.name, succeededEventId, local) : succeededEventId;
    const result: StepResult = this.into ?? { local, goto: undefined, returned: undefined, exitedEventId };
    result.local = local;
    result.goto = outcome.returned ? undefined : outcome.goto;
    result.returned = outcome.returned ? true : undefined;
    result.exitedEventId = exitedEventId;
    return run.debug ? andThen(run.debug.afterEnd(this, { output, result: outcome.local, local }), () => result) : result;
  }

  failed(e: unknown): StepResult | Promise<StepResult> {
    // Cut short by its scope (StateMachine only: classic keeps recording such a visit as failed).
    if (this.dialect.events.aborted && this.signal.aborted && e === this.signal.reason) return abortStep(this, e);
    if (e instanceof StepFailure) return failStep(this, e, this.startedEventId);
    // A fail step (or a limit) ending the execution from here: a debugger sees it as an uncaught failure first.
    if (this.run.debug && e instanceof ExecutionEnd && e.kind === 'fail') {
      return andThen(this.run.debug.afterFailure(this, { error: e.error, cause: e.cause, caught: false, thrown: e }), () => {
        throw e;
      });
    }
    throw e;
  }
}

const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

/** The keys of the first visit of a top-level state and of its task's first attempt. */
interface TopKeys {
  key: string;
  scheduled: string;
  result: string;
}

/**
 * Made once per state of a flow and kept with it (a flow's plan is made once per definition):
 * every execution's first visit of a top-level state has the same keys, and a task's events keep
 * theirs, so one text serves them all instead of three joined per execution.
 */
const TOP_KEYS = new WeakMap<PlanState, TopKeys>();

function topKeysOf(state: PlanState): TopKeys {
  let keys = TOP_KEYS.get(state);
  if (keys === undefined) {
    const key = visitKey(TOP_SCOPE, state.name, 1);
    TOP_KEYS.set(state, (keys = { key, scheduled: `${key}|TaskScheduled`, result: `${key}|TaskResult` }));
  }
  return keys;
}

/**
 * The failed event (linked to the visit's started event, or its entered event when the input
 * could not be built); then a matching catch (its data, its target) or the error goes up.
 */
function failStep(visit: StepVisit, e: StepFailure, before: number): StepResult | Promise<StepResult> {
  const { dialect, state, run } = visit;
  // Its own Task's Timeout ended the visit (after its retries): StateTimedOut where the dialect has it; a Catch still applies.
  const type = dialect.events.timedOut && e.timedOutVisit === visit.key ? dialect.events.timedOut : dialect.events.failed;
  const failedEventId = run.journal.visitEvent(dialect.events, ENDED, type, visit.scopeKey, visit.visitNo, state.name, before, e.error, e.cause);
  const handler = findCatch(dialect.catches(state), e.error);
  if (!run.debug) return afterFailure(visit, e, handler, failedEventId);
  return andThen(run.debug.afterFailure(visit, { error: e.error, cause: e.cause, caught: handler !== undefined, thrown: e }), () => afterFailure(visit, e, handler, failedEventId));
}

/** A failed visit's catch (its data, its target), or its error goes up. */
function afterFailure(visit: StepVisit, e: StepFailure, handler: PlanCatch | undefined, failedEventId: number): StepResult {
  const { dialect, state, run } = visit;
  const stepName = state.name;
  if (!handler) throw e;
  const local = dialect.caught(visit, handler, e);
  const exitedEventId = dialect.events.exited
    ? run.journal.visitEvent(dialect.events, EXITED, dialect.events.exited, visit.scopeKey, visit.visitNo, stepName, failedEventId, local)
    : failedEventId;
  return { local, goto: handler.goto?.value, exitedEventId };
}

/**
 * A StateMachine visit cut short by its scope's abort (a sibling branch or iteration failed, a
 * Fail ended the execution): StateAborted, no Catch (the state did not fail), and the abort goes
 * on up. After the execution's end is recorded (stopped, timed out) the journal takes nothing
 * more, so there the end event closes the visit.
 */
function abortStep(visit: StepVisit, reason: unknown): never {
  const { dialect, state, run } = visit;
  const { error, cause } = reason instanceof StepFailure || reason instanceof ExecutionEnd ? reason : { error: '', cause: '' };
  run.journal.visitEvent(dialect.events, ENDED, dialect.events.aborted!, visit.scopeKey, visit.visitNo, state.name, visit.startedEventId || visit.enteredEventId, error, cause);
  throw reason;
}
