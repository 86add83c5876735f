import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEvent } from '../../../engine/backend';
import { foldRunOverlay } from '../../../client/graph/step-status';

let id = 0;
const ev = (type: string, stepName?: string, detail?: object): HistoryEvent => ({
  eventId: ++id,
  type,
  stepName,
  time: new Date(0).toISOString(),
  ...(detail ? { eventDetail: JSON.stringify(detail) } : {}),
});

test('steps go running → succeeded; a callback task waits until it is answered', () => {
  const events = [
    ev('ExecutionStarted'),
    ev('StepEntered', 'prepare'),
    ev('StepSucceeded', 'prepare'),
    ev('StepExited', 'prepare'),
    ev('StepEntered', 'approve'),
    ev('TaskScheduled', 'approve', { pattern: 'waitForCallback', taskToken: 't' }),
  ];
  assert.deepEqual(foldRunOverlay(events), { steps: { prepare: 'succeeded', approve: 'waiting' } });
  events.push(ev('TaskSucceeded', 'approve', { output: {} }), ev('StepSucceeded', 'approve'), ev('ExecutionSucceeded', undefined, { output: {} }));
  assert.deepEqual(foldRunOverlay(events), { steps: { prepare: 'succeeded', approve: 'succeeded' }, execution: 'succeeded' });
});

test('an async submission waits; a failure marks the step failed; a stop leaves nothing running', () => {
  const overlay = foldRunOverlay([
    ev('ExecutionStarted'),
    ev('StepEntered', 'job'),
    ev('TaskScheduled', 'job', { pattern: 'sync' }),
    ev('TaskSubmitted', 'job'),
    ev('StepEntered', 'other'),
    ev('TaskScheduled', 'other', {}),
  ]);
  assert.deepEqual(overlay.steps, { job: 'waiting', other: 'running' });
  const stopped = foldRunOverlay([ev('ExecutionStarted'), ev('StepEntered', 'job'), ev('TaskFailed', 'job'), ev('StepEntered', 'x'), ev('ExecutionStopped')]);
  assert.deepEqual(stopped, { steps: { job: 'failed', x: 'stopped' }, execution: 'stopped' });
});

test('a stop turns what was running or waiting into stopped, not failed; finished steps keep their state', () => {
  const overlay = foldRunOverlay([
    ev('ExecutionStarted'),
    ev('StepEntered', 'done'),
    ev('StepSucceeded', 'done'),
    ev('StepEntered', 'work'),
    ev('TaskScheduled', 'work', {}),
    ev('StepEntered', 'approve'),
    ev('TaskScheduled', 'approve', { pattern: 'waitForCallback', taskToken: 't' }),
    ev('ExecutionStopped', undefined, { error: 'Stopped', cause: 'Stopped from VS Code' }),
  ]);
  assert.deepEqual(overlay, { steps: { done: 'succeeded', work: 'stopped', approve: 'stopped' }, execution: 'stopped' });
});

test('when the flow times out, the step it was running shows stopped; a step that timed out by itself failed', () => {
  const flowDeadline = foldRunOverlay([
    ev('ExecutionStarted'),
    ev('StepEntered', 'slow'),
    ev('TaskScheduled', 'slow', {}),
    ev('TaskStarted', 'slow'),
    ev('ExecutionTimedOut', undefined, { error: 'FnF.Timeout', cause: 'timeoutSeconds 10' }),
  ]);
  assert.deepEqual(flowDeadline, { steps: { slow: 'stopped' }, execution: 'timedOut' });
  const ownTimeout = foldRunOverlay([
    ev('ExecutionStarted'),
    ev('StepEntered', 'slow'),
    ev('TaskScheduled', 'slow', {}),
    ev('TaskTimedOut', 'slow', { error: 'FC.Timeout' }),
    ev('StepFailed', 'slow', { error: 'FC.Timeout' }),
    ev('ExecutionFailed', undefined, { error: 'FC.Timeout' }),
  ]);
  assert.deepEqual(ownTimeout, { steps: { slow: 'failed' }, execution: 'failed' });
});

test('a failed execution ends what was still open as failed', () => {
  const overlay = foldRunOverlay([
    ev('ExecutionStarted'),
    ev('StepEntered', 'a'),
    ev('StepEntered', 'b'),
    ev('StepFailed', 'b', { error: 'E' }),
    ev('ExecutionFailed', undefined, { error: 'E' }),
  ]);
  assert.deepEqual(overlay, { steps: { a: 'failed', b: 'failed' }, execution: 'failed' });
});

test('unreadable event details do not break the fold', () => {
  const overlay = foldRunOverlay([{ eventId: 1, type: 'TaskScheduled', stepName: 's', time: '', eventDetail: '{oops' }]);
  assert.deepEqual(overlay.steps, { s: 'running' });
});

test('StateMachine states go running → succeeded or failed from State* events; a custom callback waits', () => {
  const events = [
    ev('ExecutionStarted'),
    ev('StateEntered', 'prepare'),
    ev('StateStarted', 'prepare'),
    ev('StateSucceeded', 'prepare'),
    ev('StateEntered', 'approve'),
    ev('StateStarted', 'approve'),
    ev('TaskScheduled', 'approve', { pattern: 'waitForCallback', taskToken: 't' }),
  ];
  assert.deepEqual(foldRunOverlay(events), { steps: { prepare: 'succeeded', approve: 'waiting' } });
  events.push(ev('TaskFailed', 'approve', { error: 'Rejected', cause: '' }), ev('StateFailed', 'approve'), ev('ExecutionFailed', undefined, { error: 'Rejected', cause: '' }));
  assert.deepEqual(foldRunOverlay(events), { steps: { prepare: 'succeeded', approve: 'failed' }, execution: 'failed' });
});

test('StateMachine: a state whose Timeout fired (StateTimedOut) shows failed; one aborted by a failing sibling branch (StateAborted) shows stopped', () => {
  const events = [
    ev('ExecutionStarted'),
    ev('StateEntered', 'fan'),
    ev('StateStarted', 'fan'),
    ev('StateEntered', 'pause'),
    ev('StateStarted', 'pause'),
    ev('StateEntered', 'slow'),
    ev('StateStarted', 'slow'),
    ev('TaskScheduled', 'slow', { pattern: 'requestResponse' }),
    ev('TaskTimedOut', 'slow', { error: 'FnF.TaskTimeout', cause: '' }),
    ev('StateTimedOut', 'slow', { error: 'FnF.TaskTimeout', cause: '' }),
    ev('StateAborted', 'pause', { error: 'FnF.TaskTimeout', cause: '' }),
  ];
  assert.deepEqual(foldRunOverlay(events), { steps: { fan: 'running', pause: 'stopped', slow: 'failed' } });
});
