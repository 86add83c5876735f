/**
 * One execution from its history to its end. Starting and resuming are the same thing: the flow
 * is interpreted from the top against the recorded history (journal.ts), so completed steps
 * return their recorded results, waits resume with the time left, waiting callbacks keep their
 * tokens, and a task that was scheduled but has no result is invoked again (at-least-once).
 *
 * The execution ends with exactly one of ExecutionSucceeded / ExecutionFailed / ExecutionStopped /
 * ExecutionTimedOut (flow timeoutSeconds, counted from ExecutionStarted; error FnF.Timeout).
 * A failed execution reports the failing step's {error, cause} unchanged.
 */
import type { FlowPlan } from './flow-plan';
import { ExecutionEnd, FNF_TIMEOUT, StepFailure } from '../errors';
import type { AnyStoredEvent, JsonObject, StoredEvent } from '../history/events';
import { EngineSignal } from './engine-signal';
import { Journal } from './journal';
import type { HistoryEntry } from '../history/visit-record';
import type { ContextHeads, RunContext } from './run-context';
import { runScope, TOP_SCOPE } from './scheduler';
import { EXECUTION_END_KEY } from '../history/scope-keys';
import { executionDeadline } from './patterns/execution-limit';
import { EXPRESS_MAX_EXECUTION_SECONDS, expressText } from './patterns/express-mode';
import { EVENT_LIMIT_ERROR } from './patterns/event-limit';
import { engineText } from '../messages';
import type { Cancel } from '../clock';
import type { MaybePromise } from './maybe-async';

export type RunDeps = Omit<RunContext, 'journal' | 'signal' | 'flowName' | 'executionName' | 'flowPath' | 'contextHeads'>;

const END_KEY = EXECUTION_END_KEY;

export class ExecutionRun {
  readonly journal: Journal;
  /** Aborted when the execution stops, times out, ends from a nested fail, or is suspended. */
  private readonly abort = new EngineSignal();
  private readonly started: StoredEvent<'ExecutionStarted'>;
  readonly done: Promise<void>;
  /** The execution ran to its end (or stopped) inside the constructor: nothing in it blocked. */
  readonly ranAtOnce: boolean;

  constructor(
    private readonly flow: FlowPlan,
    history: readonly AnyStoredEvent[],
    append: (e: HistoryEntry, keyPrefix?: string) => void,
    private readonly deps: RunDeps,
  ) {
    this.started = history[0] as StoredEvent<'ExecutionStarted'>;
    // The run is the journal's limit (maxEvents, onReached): no object and closure per execution.
    this.journal = new Journal(history, append, deps.clock, this);
    // A store that cannot be written (disk full, permissions) must not become an unhandled
    // rejection: the execution simply stops here and stays resumable from what is on disk.
    // An execution that ran to its end at once (nothing blocked) shares one settled promise.
    let ran: MaybePromise<void>;
    try {
      ran = this.run();
    } catch (e) {
      ran = Promise.reject(e);
    }
    this.ranAtOnce = !(ran instanceof Promise);
    this.done = ran instanceof Promise ? ran.catch((e: unknown) => deps.log('', engineText('internalError', (e as Error)?.message ?? String(e)))) : RAN;
  }

  /** The journal's limit: the most service events (0: none), and what reaching it does. */
  get maxEvents(): number {
    return this.deps.maxEvents;
  }

  onReached(): void {
    this.end('ExecutionFailed', { error: EVENT_LIMIT_ERROR, cause: engineText('eventLimit', this.deps.maxEvents) });
  }

  get flowName(): string {
    return this.started.detail.flowName;
  }

  get executionName(): string {
    return this.started.detail.executionName;
  }

  /**
   * Leaves the execution as it is on disk (no end event) and cancels what is running here: used
   * when the backend closes, so the next open() resumes it.
   */
  suspend(): void {
    if (this.journal.closed) return;
    this.journal.closed = true;
    this.abort.abort(new ExecutionEnd('stop', 'Local.Suspended', ''));
  }

  /** StopExecution: records ExecutionStopped now and cancels whatever is still running. */
  stop(error: string, cause: string): void {
    this.end('ExecutionStopped', { error, cause });
  }

  /** `settled`: the flow's top sequence returned, so nothing is left running to cancel. */
  private end(
    type: 'ExecutionSucceeded' | 'ExecutionFailed' | 'ExecutionStopped' | 'ExecutionTimedOut',
    detail: { output: JsonObject } | { error: string; cause: string },
    settled = false,
  ): void {
    if (this.journal.closed || this.journal.has(END_KEY)) return;
    this.journal.record(type, END_KEY, detail as never, undefined, this.started.eventId);
    this.journal.closed = true;
    if (!settled && !this.abort.aborted) this.abort.abort(new ExecutionEnd(type === 'ExecutionStopped' ? 'stop' : 'fail'));
  }

  /** Synchronous when the flow's steps are (pass steps, mocked tasks): no promise then. */
  private run(): MaybePromise<void> {
    if (this.journal.has(END_KEY)) return;
    const { detail } = this.started;
    const { deps } = this;
    const signal = this.abort.asSignal;
    // Spelled out (not a spread of deps): one object shape for every run.
    // $context.execution / $context.flow: one object for the flow's own mappings and every step's.
    const context: ContextHeads = { execution: { name: detail.executionName, input: detail.input }, flow: { name: detail.flowName } };
    const ctx: RunContext = {
      clock: deps.clock,
      tokens: deps.tokens,
      invokers: deps.invokers,
      children: deps.children,
      log: deps.log,
      maxEvents: deps.maxEvents,
      debug: deps.debug,
      flowName: detail.flowName,
      executionName: detail.executionName,
      flowPath: detail.flowPath,
      contextHeads: context,
      journal: this.journal,
      signal,
    };
    let local: MaybePromise<JsonObject>;
    let flowInput: JsonObject = detail.input;
    try {
      flowInput = this.flow.flowInput(detail.input, context);
      local = runScope(this.flow.body, flowInput, TOP_SCOPE, ctx, signal, this.started.eventId);
    } catch (e) {
      return this.finishWith(e);
    }
    // Ran to its end at once: no timer can have fired meanwhile, so none is armed (nor cancelled).
    if (!(local instanceof Promise)) return this.succeed(flowInput, local, context);
    // Armed once the run first waits, with what is left of it since ExecutionStarted, as before its first state.
    const deadline = this.armFlowTimeout();
    return local.then(
      (l) => this.succeed(flowInput, l, context, deadline),
      (e: unknown) => {
        deadline.cancel();
        this.finishWith(e);
      },
    );
  }

  /** The top sequence returned: the flow's output, or the failure building it. */
  private succeed(flowInput: JsonObject, local: JsonObject, context: ContextHeads, deadline?: Cancel): void {
    try {
      this.end('ExecutionSucceeded', { output: this.flow.flowOutput(flowInput, local, context) }, true);
    } catch (e) {
      this.finishWith(e);
    } finally {
      deadline?.cancel();
    }
  }

  private finishWith(e: unknown): void {
    if (e instanceof ExecutionEnd) {
      if (e.kind === 'stop') return this.end('ExecutionStopped', { error: e.error, cause: e.cause });
      if (e.kind === 'timeout') return this.end('ExecutionTimedOut', { error: e.error || FNF_TIMEOUT, cause: e.cause });
      return this.end('ExecutionFailed', { error: e.error, cause: e.cause });
    }
    if (e instanceof StepFailure) return this.end('ExecutionFailed', { error: e.error, cause: e.cause });
    this.end('ExecutionFailed', { error: 'FnF.RuntimeError', cause: engineText('internalError', (e as Error)?.message ?? String(e)) });
  }

  /**
   * The execution's deadline, from ExecutionStarted so a restart keeps it: the flow's
   * timeoutSeconds or the one-year execution limit, whichever is shorter (patterns/execution-limit.ts).
   */
  private armFlowTimeout(): Cancel {
    // Armed for every execution that waits, nearly always cancelled: a plain callback on the clock
    // (no promise, no signal), the cause worded only if it fires.
    const left = timeMs(this.started.time) + this.deadline().ms - this.deps.clock.now();
    return this.deps.clock.after(Math.max(0, left), () => this.timedOut());
  }

  private deadline(): { ms: number; byLimit: boolean } {
    return executionDeadline(this.flow.timeoutSeconds, this.started.detail.executionMode === 'Express' ? EXPRESS_MAX_EXECUTION_SECONDS : undefined);
  }

  private timedOut(): void {
    const deadline = this.deadline();
    const express = this.started.detail.executionMode === 'Express';
    this.end('ExecutionTimedOut', {
      error: FNF_TIMEOUT,
      cause: !deadline.byLimit ? engineText('flowTimeout', this.flow.timeoutSeconds) : express ? expressText('limitRun') : engineText('executionLimitRun'),
    });
  }
}

/** Date.parse of an ISO time, the last one remembered: executions started in one millisecond share their start's text. */
let lastTimeText = '';
let lastTimeMs = NaN;
function timeMs(text: string): number {
  if (text !== lastTimeText) {
    lastTimeMs = Date.parse(text);
    lastTimeText = text;
  }
  return lastTimeMs;
}

/** The `done` of every execution that ran to its end at once. */
const RAN: Promise<void> = Promise.resolve();
