/**
 * A run's live overlay, folded from history events only (the same events either backend returns):
 * the latest visit of each step by name is running, waiting (a callback or an async task it
 * submitted has not answered yet), succeeded, failed, or stopped (the execution ended under it).
 */
import { visitEventKind, type HistoryEvent } from '../../engine/index';
import type { NodeRunStatus } from './graph-model';

export interface RunOverlay {
  steps: Record<string, NodeRunStatus>;
  /** The execution's own outcome once it has one. */
  execution?: 'succeeded' | 'failed' | 'stopped' | 'timedOut';
}

export function foldRunOverlay(events: readonly HistoryEvent[]): RunOverlay {
  const overlay: RunOverlay = { steps: {} };
  for (const e of events) applyToOverlay(overlay, e);
  return overlay;
}

export function applyToOverlay(overlay: RunOverlay, e: HistoryEvent): void {
  const name = e.stepName;
  // Both dialects' visit events (classic Step*, StateMachine State*) as one vocabulary.
  const visit = visitEventKind(e.type);
  if (visit === 'entered' || visit === 'started') {
    if (name) overlay.steps[name] = 'running';
    return;
  }
  if (visit === 'succeeded') {
    if (name) overlay.steps[name] = 'succeeded';
    return;
  }
  switch (e.type) {
    case 'TaskStarted':
      if (name) overlay.steps[name] = 'running';
      break;
    case 'TaskScheduled':
      if (name) overlay.steps[name] = isCallbackTask(e) ? 'waiting' : 'running';
      break;
    case 'TaskSubmitted':
      if (name) overlay.steps[name] = 'waiting';
      break;
    case 'TaskSucceeded':
      if (name && overlay.steps[name] === 'waiting') overlay.steps[name] = 'running';
      break;
    case 'StateAborted':
      // Cut short by a failing sibling branch or iteration: it did not fail by itself (as under a stop).
      if (name) overlay.steps[name] = 'stopped';
      break;
    case 'StepFailed':
    case 'StateFailed':
    case 'StateTimedOut':
    case 'TaskFailed':
    case 'TaskTimedOut':
    case 'TaskSubmitFailed':
      if (name) overlay.steps[name] = 'failed';
      break;
    case 'ExecutionSucceeded':
      overlay.execution = 'succeeded';
      break;
    case 'ExecutionFailed':
      overlay.execution = 'failed';
      break;
    case 'ExecutionStopped':
      overlay.execution = 'stopped';
      break;
    case 'ExecutionTimedOut':
      overlay.execution = 'timedOut';
      break;
  }
  // Once the execution ends nothing is still running or waiting. A step cut short by a stop or by
  // the flow's own deadline (timeoutSeconds, the execution limit) did not fail by itself: it shows
  // as stopped, and the run's outcome ("timed out") says why. We chose this over marking it failed
  // or timed out, because its own timeouts (TaskTimedOut, a StepFailed with FC.Timeout) are failures
  // of the step and already show as such. When the execution fails, what was still open ends
  // failed with it, as before.
  const cutShort = e.type === 'ExecutionStopped' || e.type === 'ExecutionTimedOut' ? 'stopped' : e.type === 'ExecutionFailed' ? 'failed' : undefined;
  if (cutShort) {
    for (const [step, status] of Object.entries(overlay.steps)) if (status === 'running' || status === 'waiting') overlay.steps[step] = cutShort;
  }
}

function isCallbackTask(e: HistoryEvent): boolean {
  if (!e.eventDetail) return false;
  try {
    const d = JSON.parse(e.eventDetail) as { pattern?: unknown };
    return d.pattern === 'waitForCallback';
  } catch {
    return false;
  }
}
