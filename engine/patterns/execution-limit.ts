/**
 * The longest an execution may run, and so the longest a task may wait for its callback.
 *
 * What the docs state (searched: the Serverless Workflow / CloudFlow "Limits", "Task steps",
 * "Service integration modes" and "Standard mode and express mode" pages):
 * - "Standard mode and express mode": maximum execution duration **1 year** for standard mode
 *   (the mode of FDL v1 flows, the only one with callbacks: express mode is 5 minutes and
 *   RequestComplete only).
 * - Task steps: `timeoutSeconds` is "the timeout period of the task" with no documented maximum
 *   or default; waitForCallback waits "until the system receives a callback request or timeout
 *   notification". No page gives callbacks a limit of their own.
 * Our reading: a callback can be waited for as long as the execution may still run. When an
 * execution reaches one year (365 days, counted from ExecutionStarted, time-scaled like every
 * duration) while a task waits for its report (waitForCallback, sync's completion, a nested
 * flow's callback), the execution ends **TimedOut with `FnF.Timeout`** — the error the service
 * gives an execution that runs out of time — and the token is finished (a late report gets
 * TaskAlreadyCompleted). A step `timeoutSeconds` longer than what is left is cut to it. Not
 * catchable: it ends the execution, like the flow's timeoutSeconds. Only callback waits arm this
 * timer (an invocation cannot run for a year: FC's own limits are hours), so ordinary tasks pay
 * nothing for it. Wait steps and retry back-off running past the year would need the execution
 * run's own timer (execution-run.ts), which this module does not touch.
 */
import type { Clock } from '../clock';
import { ExecutionEnd, FNF_TIMEOUT } from '../errors';
import type { RunContext } from '../run-context';
import { engineText } from '../messages';
import { scaledTimeoutMs } from '../timers';

export const MAX_EXECUTION_SECONDS = 365 * 24 * 60 * 60;

/** Node timers fire early past 2^31-1 ms (~24.8 days): longer deadlines are slept in pieces. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Real milliseconds left before the execution reaches the limit; undefined when not enforced (timeScale 0). */
export function executionLimitLeftMs(run: RunContext): number | undefined {
  const total = scaledTimeoutMs(run, MAX_EXECUTION_SECONDS);
  const started = run.journal.find('$|ExecutionStarted');
  if (total === undefined || !started) return undefined;
  return Date.parse(started.time) + total - run.clock.now();
}

export function executionLimitReached(stepName: string): ExecutionEnd {
  return new ExecutionEnd('timeout', FNF_TIMEOUT, engineText('executionLimit', stepName));
}

/** Resolves once `ms` have passed on `clock`, however long that is; rejects if `signal` aborts. */
export async function sleepLong(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  const due = clock.now() + ms;
  for (let left = ms; left > 0; left = due - clock.now()) {
    if (left <= MAX_TIMER_MS) return clock.sleep(left, signal);
    // One listener per piece, removed after it: the caller's signal outlives many pieces.
    const piece = new AbortController();
    const onAbort = () => piece.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal.aborted) onAbort();
      await clock.sleep(MAX_TIMER_MS, piece.signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}
