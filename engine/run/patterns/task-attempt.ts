/**
 * One attempt of a task step, shared by the three patterns: its TaskScheduled event, how its
 * result is recorded (TaskSucceeded / TaskFailed / TaskTimedOut / TaskSubmitFailed, all under one
 * replay key so an attempt has at most one result), invoking through the first TaskInvoker that
 * can, the step's timeoutSeconds, and waiting for a callback report.
 */
import type { TaskStep } from '../../../fdl/model';
import { EMPTY_DATA, isJsonObject } from '../data-mapping';
import { ExecutionEnd, FNF_TASK_TIMEOUT, StepFailure } from '../../errors';
import type { JsonObject, StoredEvent } from '../../history/events';
import type { FunctionDebugging, TaskInvocation, TaskInvoker, TaskOutcome } from '../../invoker';
import type { MaybePromise } from '../maybe-async';
import type { StepRun } from '../run-context';
import { timeoutMs } from '../timers';
import { platformSignal } from '../engine-signal';
import { engineText } from '../../messages';
import { checkJsonValue, jsonLimitText } from '../../json-limits';

/** What an attempt reads of its state: its name and timeout (a classic task step, or a StateMachine Task's). */
export type TaskAttemptState = Pick<TaskStep, 'name'> & { timeoutSeconds?: { value: number } };

export interface TaskAttempt {
  sr: StepRun;
  step: TaskAttemptState;
  resource: string;
  pattern: 'requestResponse' | 'sync' | 'waitForCallback';
  input: JsonObject;
  serviceParams: JsonObject;
  token?: string;
  scheduled: StoredEvent<'TaskScheduled'>;
  /** TaskScheduled was in the history before this run: the invocation may already have happened. */
  resumed: boolean;
  /** Shapes an invocation's result before it is held to the limits (StateMachine FC results go under `Body`). */
  shape?: (output: unknown) => unknown;
  /** Overrides the timeout's cause text (the StateMachine names `Timeout`, not timeoutSeconds). */
  timeoutCause?: string;
}

export const resultKey = (t: TaskAttempt) => t.sr.resultKey;
export const submittedKey = (t: TaskAttempt) => `${t.sr.attemptKey}|TaskSubmitted`;

export function succeedTask(t: TaskAttempt, output: unknown, reported = false): { local: JsonObject } {
  const local = asTaskLocal(t, t.shape && !reported ? t.shape(output) : output);
  t.sr.run.journal.record('TaskSucceeded', resultKey(t), { output: local }, t.step.name, t.scheduled.eventId);
  if (t.token) t.sr.run.tokens.finish(t.token);
  return { local };
}

export function failTask(t: TaskAttempt, type: 'TaskFailed' | 'TaskTimedOut' | 'TaskSubmitFailed', error: string, cause: string): never {
  t.sr.run.journal.record(type, resultKey(t), { error, cause }, t.step.name, t.scheduled.eventId);
  if (t.token) t.sr.run.tokens.finish(t.token);
  throw taskFailure(t, type, error, cause);
}

/** The attempt's failure; one of its own timeout names its visit (the StateMachine records StateTimedOut for it). */
function taskFailure(t: TaskAttempt, type: string, error: string, cause: string): StepFailure {
  const failure = new StepFailure(error, cause);
  if (type === 'TaskTimedOut') failure.timedOutVisit = t.sr.key;
  return failure;
}

/** The recorded result of this attempt, replayed: its local, or its error thrown again. */
export function replayResult(t: TaskAttempt): { local: JsonObject } | undefined {
  const e = t.sr.run.journal.find(resultKey(t));
  if (!e) return undefined;
  if (e.type === 'TaskSucceeded') return { local: (e as StoredEvent<'TaskSucceeded'>).detail.output };
  const d = (e as StoredEvent<'TaskFailed'>).detail;
  throw taskFailure(t, e.type, d.error, d.cause);
}

/**
 * A task's $local must be a JSON object (docs "Task steps"); null/empty results count as {}.
 * Every invoker's result passes here (mocks, local code, Function Compute, nested flows,
 * callback reports), so here it is held to json-limits.ts before anything records it: too deep,
 * not JSON data, or holding a number JSON cannot write (`1e400` in JSON text the result is, parsed
 * here: SEMANTICS.md "Numbers") fails the task with FnF.InvalidLocal, catchable, its TaskFailed recorded
 * so a resumed execution does not invoke again; too large ends the execution with
 * FnF.DataSizeExceeded, as the 32 KiB rule would a step later (without writing the megabytes).
 */
/** The last task result asTaskLocal passed, by identity. */
let lastPassed: JsonObject | undefined;

function asTaskLocal(t: TaskAttempt, output: unknown): JsonObject {
  if (output === undefined || output === null || output === '') return EMPTY_DATA;
  let value = output;
  if (typeof output === 'string') {
    try {
      const parsed = JSON.parse(output) as unknown;
      if (isJsonObject(parsed)) value = parsed;
    } catch {
      /* not JSON: reported below */
    }
  }
  // The same object as the last result that passed (a mock answers with one object every time):
  // results, like all data the engine holds, are never mutated, so it passes again unwalked.
  if (value === lastPassed) return value as JsonObject;
  const check = checkJsonValue(value, { finiteNumbers: true });
  if (!check.ok) {
    const cause = jsonLimitText(engineText('valueTaskResult', t.step.name), check);
    if (check.problem === 'size') throw new ExecutionEnd('fail', 'FnF.DataSizeExceeded', cause);
    failTask(t, 'TaskFailed', 'FnF.InvalidLocal', cause);
  }
  if (isJsonObject(value)) return (lastPassed = value);
  throw new StepFailure('FnF.InvalidLocal', engineText('invalidLocal', t.step.name, JSON.stringify(output)?.slice(0, 200)));
}

/** Flow milliseconds left before the step's timeoutSeconds elapse (counted from TaskScheduled), if set. */
export function remainingMs(t: TaskAttempt): number | undefined {
  const total = timeoutMs(t.step.timeoutSeconds?.value);
  if (total === undefined) return undefined;
  return Date.parse(t.scheduled.time) + total - t.sr.run.clock.now();
}

const TIMED_OUT = Symbol('timed out');

/**
 * Runs `work` against the step timeout: on timeout the attempt gets TaskTimedOut (error
 * FnF.TaskTimeout) and `work`'s signal is aborted. A step without a timeout runs `work` on the
 * step's own signal: no controller, timer or race, and an answer `work` has at once (a mock)
 * comes back as it is, not as a promise.
 */
export function withTaskTimeout<T>(t: TaskAttempt, work: (signal: AbortSignal) => MaybePromise<T>): MaybePromise<T> {
  const left = remainingMs(t);
  return left === undefined ? work(t.sr.signal) : withTimeout(t, work, left);
}

async function withTimeout<T>(t: TaskAttempt, work: (signal: AbortSignal) => MaybePromise<T>, left: number): Promise<T> {
  const ac = new AbortController();
  const onAbort = () => ac.abort(t.sr.signal.reason);
  t.sr.signal.addEventListener('abort', onAbort, { once: true });
  const timer = new AbortController();
  try {
    const working = Promise.resolve(work(ac.signal));
    working.catch(() => {}); // after a timeout its rejection (aborted) is expected and ignored
    const timedOut = t.sr.run.clock.sleep(Math.max(0, left), timer.signal).then(
      () => TIMED_OUT,
      () => new Promise<never>(() => {}),
    );
    const r = await Promise.race([working, timedOut]);
    if (r === TIMED_OUT) {
      ac.abort(new StepFailure(FNF_TASK_TIMEOUT, 'timed out'));
      failTask(t, 'TaskTimedOut', FNF_TASK_TIMEOUT, t.timeoutCause ?? engineText('taskTimeout', t.step.name, t.step.timeoutSeconds?.value));
    }
    return r as T;
  } finally {
    timer.abort();
    t.sr.signal.removeEventListener('abort', onAbort);
  }
}

/**
 * One invocation through the first invoker that can run the task. An invoker that answers at
 * once (a mock without a delay) is answered at once here too, no promise and no microtask turn,
 * where nothing runs beside the visit: in the execution's own sequence. In a parallel branch or a
 * foreach iteration (a signal of its own) the answer is taken on a microtask, as a real
 * invocation's would be, so every sibling's task is invoked before any goes on: the interleaving
 * the service shows, which recorded scenarios replay.
 */
export function invokeTask(t: TaskAttempt, signal: AbortSignal): MaybePromise<TaskOutcome> {
  if (t.sr.signal === t.sr.run.signal) return invokeNow(t, signal);
  try {
    return Promise.resolve(invokeNow(t, signal));
  } catch (e) {
    return Promise.reject(e);
  }
}

function invokeNow(t: TaskAttempt, signal: AbortSignal): MaybePromise<TaskOutcome> {
  const { run } = t.sr;
  // Set while the step was paused in a debugger: the first attempt takes it as the invocation's answer.
  if (t.sr.debugResult && t.sr.attempt === 1) {
    run.debug?.functionDebugging?.(t.sr, 'result-set');
    return { kind: 'succeeded', output: t.sr.debugResult };
  }
  const invoker = invokerFor(run.invokers, t);
  if (!invoker) {
    throw new ExecutionEnd('fail', 'Local.NoInvoker', engineText('noInvoker', t.step.name, t.resource || 'no resourceArn'));
  }
  // A person stepped into the task: its function's code runs under a debugger, where the invoker can.
  const debug = run.debug?.functionDebugging?.(t.sr);
  if (debug) return invokeDebugged(t, invoker, signal, debug);
  let answer: MaybePromise<TaskOutcome>;
  try {
    answer = invoker.invoke(invocationOf(t, invoker, signal));
  } catch (e) {
    return invokeError(e, invoker, signal);
  }
  return answer instanceof Promise ? answer.catch((e: unknown) => invokeError(e, invoker, signal)) : answer;
}

/** The first invoker that can run the attempt's task (a loop: no closure per invocation). */
function invokerFor(invokers: readonly TaskInvoker[], t: TaskAttempt): TaskInvoker | undefined {
  const query = { stepName: t.step.name, resource: t.resource };
  for (const invoker of invokers) if (invoker.canInvoke(query)) return invoker;
  return undefined;
}

async function invokeDebugged(t: TaskAttempt, invoker: TaskInvoker, signal: AbortSignal, debug: FunctionDebugging): Promise<TaskOutcome> {
  try {
    const invocation = invocationOf(t, invoker, signal);
    invocation.debug = debug;
    return await invoker.invoke(invocation);
  } catch (e) {
    return invokeError(e, invoker, signal);
  } finally {
    debug.ended();
  }
}

/** An invoker that threw: the abort or the execution's end goes on up; anything else fails the attempt. */
function invokeError(e: unknown, invoker: TaskInvoker, signal: AbortSignal): TaskOutcome {
  if (signal.aborted) throw signal.reason;
  if (e instanceof ExecutionEnd) throw e;
  return { kind: 'failed', error: 'FnF.RuntimeError', cause: `${invoker.name} invoker: ${(e as Error).message}` };
}

function invocationOf(t: TaskAttempt, invoker: TaskInvoker, signal: AbortSignal): TaskInvocation {
  const { run } = t.sr;
  const invocation: TaskInvocation = {
    flowName: run.flowName,
    executionName: run.executionName,
    stepName: t.step.name,
    resource: t.resource,
    pattern: t.pattern,
    serviceParams: t.serviceParams,
    input: t.input,
    attempt: t.sr.attempt,
    timeoutSeconds: t.step.timeoutSeconds?.value,
    clock: run.clock,
    // Invokers outside the engine get a real AbortSignal; a mock (engine code, in this
    // process) watches the engine's own signal and costs no AbortController.
    signal: invoker.name === 'mock' ? signal : platformSignal(signal),
    log: (line) => run.log(t.step.name, line),
  };
  // Set only when they apply (absent otherwise), without spreading a conditional `{}` each time.
  if (t.token) invocation.taskToken = t.token;
  if (t.resumed) invocation.resumed = true;
  return invocation;
}

/**
 * awaitCallback for a report from outside the engine (a function, a person, FC, another process):
 * the clock is held meanwhile, so at time scale 0 real time passes instead of skipping to the
 * step's timeout or the execution's deadline. Not held when the invoker sends the report itself
 * on the engine's clock (`reportsOnClock`: a mock with a report hook).
 */
export async function awaitReport(t: TaskAttempt, signal: AbortSignal, reportsOnClock: boolean): Promise<{ local: JsonObject }> {
  if (reportsOnClock) return awaitCallback(t, signal);
  const release = t.sr.run.clock.hold();
  try {
    return await awaitCallback(t, signal);
  } finally {
    release();
  }
}

/**
 * Waits for ReportTaskSucceeded / ReportTaskFailed with this attempt's token. The wait is bounded
 * by the step's timeoutSeconds (withTaskTimeout) and by the execution's own deadline (its
 * timeoutSeconds or the one-year limit: execution-run.ts), which aborts `signal`.
 */
export function awaitCallback(t: TaskAttempt, signal: AbortSignal): Promise<{ local: JsonObject }> {
  const token = t.token!;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    t.sr.run.tokens.wait(token, t.step.name, (report) => {
      signal.removeEventListener('abort', onAbort);
      try {
        if (report.kind === 'succeeded') resolve(succeedTask(t, report.output, t.pattern === 'waitForCallback'));
        else failTask(t, 'TaskFailed', report.error, report.cause);
      } catch (e) {
        reject(e);
      }
    });
  });
}
