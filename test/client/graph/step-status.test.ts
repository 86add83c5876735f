import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEvent } from '../../../engine/backend';
import { foldRunOverlay } from '../../../client/graph/step-status';

let id = 0;
const ev = (type: string, stepName?: string, detail?: object): HistoryEvent => ({ eventId: ++id, type, stepName, time: new Date(0).toISOString(), ...(detail ? { eventDetail: JSON.stringify(detail) } : {}) });

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
  assert.deepEqual(stopped, { steps: { job: 'failed', x: 'failed' }, execution: 'stopped' });
});

test('unreadable event details do not break the fold', () => {
  const overlay = foldRunOverlay([{ eventId: 1, type: 'TaskScheduled', stepName: 's', time: '', eventDetail: '{oops' }]);
  assert.deepEqual(overlay.steps, { s: 'running' });
});
