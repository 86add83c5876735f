/**
 * waitForCallback: invoke with a task token (reachable by the function only through mappings
 * reading $context.task.token), then wait for ReportTaskSucceeded / ReportTaskFailed with that
 * token, whatever the function itself returned. A failed invocation is TaskSubmitFailed and
 * fails the step. TaskSubmitted is recorded once the invoker answers `accepted`, which it does
 * only when the invocation is handed over (FC accepted it; a local function's process
 * acknowledged it). A restart never re-invokes once TaskSubmitted is recorded: the token stays
 * valid and the step keeps waiting; without it, the attempt is invoked again with the same token
 * (at-least-once). timeoutSeconds counts from TaskScheduled.
 * The report is awaited holding the clock unless the invoker sends it itself (awaitReport).
 */
import type { JsonObject } from '../../history/events';
import { awaitReport, failTask, invokeTask, submittedKey, withTaskTimeout, type TaskAttempt } from './task-attempt';

export async function runWaitForCallback(t: TaskAttempt): Promise<{ local: JsonObject }> {
  const { journal, tokens } = t.sr.run;
  tokens.issue(t.token!);
  return withTaskTimeout(t, async (signal) => {
    let reportsOnClock = false;
    if (!journal.has(submittedKey(t))) {
      const outcome = await invokeTask(t, signal);
      if (outcome.kind === 'failed') return failTask(t, 'TaskSubmitFailed', outcome.error, outcome.cause);
      reportsOnClock = outcome.kind === 'accepted' && outcome.reportsOnClock === true;
      journal.record('TaskSubmitted', submittedKey(t), outcome.kind === 'accepted' && outcome.requestId ? { requestId: outcome.requestId } : {}, t.step.name, t.scheduled.eventId);
    }
    return awaitReport(t, signal, reportsOnClock);
  });
}
