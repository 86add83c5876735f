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
 * Our reading: an execution runs at most one year (365 days, counted from ExecutionStarted,
 * on the engine's clock like every duration), whatever it is doing then — waiting for a callback, in a wait
 * step, in retry back-off. The execution run's own deadline (execution-run.ts armFlowTimeout) is
 * the smaller of the flow's `timeoutSeconds` and this limit; reaching the limit ends the execution
 * **TimedOut with `FnF.Timeout`** — the error the service gives an execution that runs out of
 * time — and its tokens are finished (a late report gets TaskAlreadyCompleted). A step
 * `timeoutSeconds` longer than what is left never fires: the execution ends first. Not catchable:
 * it ends the execution, like the flow's timeoutSeconds. One timer per execution, so tasks and
 * callbacks pay nothing extra for it.
 */
import { timeoutMs } from '../timers';

export const MAX_EXECUTION_SECONDS = 365 * 24 * 60 * 60;

/**
 * Flow milliseconds from ExecutionStarted to the execution's deadline: the flow's timeoutSeconds
 * or the mode's limit (one year; an Express execution's 5 minutes, express-mode.ts), whichever is
 * shorter (`byLimit` says which).
 */
export function executionDeadline(flowTimeoutSeconds: number | undefined, maxSeconds = MAX_EXECUTION_SECONDS): { ms: number; byLimit: boolean } {
  const limit = maxSeconds * 1000;
  const flow = timeoutMs(flowTimeoutSeconds);
  return flow !== undefined && flow <= limit ? { ms: flow, byLimit: false } : { ms: limit, byLimit: true };
}
