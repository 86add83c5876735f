/**
 * task: one TaskScheduled per attempt (appended and fsync'ed BEFORE the invocation), then the
 * pattern decides how the attempt ends (patterns/*). `resourceArn` or, for the old cloud-API
 * form, `action` names the resource. waitForCallback and sync attempts carry a task token; the
 * first attempt's token is the one inputMappings saw ($context.task.token), a retry gets a fresh
 * token and the input is mapped again with it.
 */
import type { TaskStep } from '../../../fdl/model';
import { resolveServiceParams } from '../data-mapping';
import { classicChildStart, isChildFlowResource, runChildFlow } from '../patterns/child-flow';
import { runRequestResponse } from '../patterns/request-response';
import { runSync } from '../patterns/sync';
import { replayResult, type TaskAttempt } from '../patterns/task-attempt';
import { runWaitForCallback } from '../patterns/wait-for-callback';
import type { StepRunner } from '../run-context';
import type { EventDetails } from '../../history/events';
import { newTaskToken } from '../../task-tokens';

// Not async: a mocked task answers synchronously (patterns/request-response.ts), its visit with it.
export const runTask: StepRunner<TaskStep> = (step, input, sr) => {
  const { journal } = sr.run;
  const resource = (step.resourceArn?.value ?? step.action?.value ?? '').trim();
  const raw = step.pattern?.value;
  const pattern = raw === 'sync' || raw === 'waitForCallback' ? raw : 'requestResponse';
  const scheduledKey = sr.scheduledKey;
  const recorded = journal.find<'TaskScheduled'>(scheduledKey);
  let token: string | undefined;
  if (pattern !== 'requestResponse') token = recorded?.detail.taskToken ?? (sr.attempt === 1 ? sr.context.task?.token : undefined) ?? newTaskToken();
  const attemptInput = recorded?.detail.input ?? (sr.attempt > 1 && token ? sr.inputWithToken(token) : input);
  const serviceParams = recorded?.detail.serviceParams ?? resolveServiceParams(step.serviceParams?.value, attemptInput);
  const detail: EventDetails['TaskScheduled'] = { resource, pattern, input: attemptInput, serviceParams, attempt: sr.attempt };
  // Optional members set after (same order as a literal): a spread of a conditional `{}` costs an object each.
  if (step.timeoutSeconds) detail.timeoutSeconds = step.timeoutSeconds.value;
  if (token) detail.taskToken = token;
  const scheduled = journal.record('TaskScheduled', scheduledKey, detail, step.name, sr.startedEventId);
  const attempt: TaskAttempt = { sr, step, resource, pattern, input: attemptInput, serviceParams, token, scheduled, resumed: recorded !== undefined };
  const replayed = replayResult(attempt);
  if (replayed) return replayed;
  if (isChildFlowResource(resource)) return runChildFlow(attempt, classicChildStart(attempt));
  if (pattern === 'sync') return runSync(attempt);
  if (pattern === 'waitForCallback') return runWaitForCallback(attempt);
  return runRequestResponse(attempt);
};
