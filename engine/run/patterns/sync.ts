/**
 * sync: submit, then wait until the work finishes. An invoker that runs the function to the end
 * (local code, mocks) answers with its result directly. An invoker that only submits (FC with
 * InvocationType Async; StatefulAsyncInvocationID is passed through serviceParams) answers
 * `accepted`, and the completion then arrives as a report with the attempt's internal task token
 * (the service has FC report back through ReportTaskSucceeded/Failed, FC.md §4.4).
 */
import type { JsonObject } from '../../history/events';
import { awaitReport, failTask, invokeTask, submittedKey, succeedTask, withTaskTimeout, type TaskAttempt } from './task-attempt';

export async function runSync(t: TaskAttempt): Promise<{ local: JsonObject }> {
  const { journal, tokens } = t.sr.run;
  if (t.token) tokens.issue(t.token);
  return withTaskTimeout(t, async (signal) => {
    let reportsOnClock = false;
    if (!journal.has(submittedKey(t))) {
      const outcome = await invokeTask(t, signal);
      if (outcome.kind === 'succeeded') return succeedTask(t, outcome.output);
      if (outcome.kind === 'failed') return failTask(t, 'TaskFailed', outcome.error, outcome.cause);
      reportsOnClock = outcome.reportsOnClock === true;
      journal.record('TaskSubmitted', submittedKey(t), { requestId: outcome.requestId }, t.step.name, t.scheduled.eventId);
    }
    return awaitReport(t, signal, reportsOnClock);
  });
}
