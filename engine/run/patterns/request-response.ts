/**
 * requestResponse (default): invoke and continue with the result. With
 * serviceParams.InvocationType Async the invocation is only submitted: the step completes as soon
 * as it is accepted (TaskSubmitted), with an empty $local, while the function may still run.
 * `accepted` means handed over (FC accepted it; a local function's process acknowledged it), so
 * an attempt interrupted before that has no result and is invoked again on resume.
 */
import type { JsonObject } from '../../history/events';
import type { TaskOutcome } from '../../invoker';
import type { MaybePromise } from '../maybe-async';
import { failTask, invokeTask, remainingMs, submittedKey, succeedTask, withTaskTimeout, type TaskAttempt } from './task-attempt';

/** Synchronous when the invoker answers at once (a mock): the visit then costs no promise. */
export function runRequestResponse(t: TaskAttempt): MaybePromise<{ local: JsonObject }> {
  const left = remainingMs(t);
  const outcome = left === undefined ? invokeTask(t, t.sr.signal) : withTaskTimeout(t, (signal) => invokeTask(t, signal));
  return outcome instanceof Promise ? outcome.then((o) => afterResponse(t, o)) : afterResponse(t, outcome);
}

function afterResponse(t: TaskAttempt, outcome: TaskOutcome): { local: JsonObject } {
  switch (outcome.kind) {
    case 'succeeded':
      return succeedTask(t, outcome.output);
    case 'failed':
      return failTask(t, 'TaskFailed', outcome.error, outcome.cause);
    case 'accepted':
      t.sr.run.journal.record('TaskSubmitted', submittedKey(t), { requestId: outcome.requestId }, t.step.name, t.scheduled.eventId);
      return succeedTask(t, {});
  }
}
