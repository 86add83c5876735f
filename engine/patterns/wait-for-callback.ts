/**
 * waitForCallback: invoke with a task token (reachable by the function only through mappings
 * reading $context.task.token), then wait for ReportTaskSucceeded / ReportTaskFailed with that
 * token, whatever the function itself returned. A failed invocation is TaskSubmitFailed and
 * fails the step. TaskSubmitted is recorded once the invoker answers `accepted`, which it does
 * only when the invocation is handed over (FC accepted it; a local function's process
 * acknowledged it). A restart never re-invokes once TaskSubmitted is recorded: the token stays
 * valid and the step keeps waiting; without it, the attempt is invoked again with the same token
 * (at-least-once). timeoutSeconds counts from TaskScheduled.
 *
 * The report comes from outside the engine (the function, a person, another process) unless the
 * invoker sends it itself on the engine's clock (a mock with a report hook: `reportsOnClock`):
 * while such an outside report is awaited the clock is held, so at time scale 0 time passes as
 * it really does instead of skipping to the step's timeout or the execution's deadline.
 */
import type { JsonObject } from '../history/events';
import { awaitCallback, failTask, invokeTask, submittedKey, withTaskTimeout, type TaskAttempt } from './task-attempt';

export async function runWaitForCallback(t: TaskAttempt): Promise<{ local: JsonObject }> {
  const { journal, tokens } = t.sr.run;
  tokens.issue(t.token!);
  return withTaskTimeout(t, async (signal) => {
    let reportsOnClock = false;
    if (!journal.has(submittedKey(t))) {
      const outcome = await invokeTask(t, signal);
      if (outcome.kind === 'failed') return failTask(t, 'TaskSubmitFailed', outcome.error, outcome.cause);
      reportsOnClock = outcome.kind === 'accepted' && outcome.reportsOnClock === true;
      journal.record('TaskSubmitted', submittedKey(t), outcome.kind === 'accepted' && outcome.requestId ? { requestId: outcome.requestId } : {}, { stepName: t.step.name, scheduleEventId: t.scheduled.eventId });
    }
    if (reportsOnClock) return awaitCallback(t, signal);
    const release = t.sr.run.clock.hold();
    try {
      return await awaitCallback(t, signal);
    } finally {
      release();
    }
  });
}
