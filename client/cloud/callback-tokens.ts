/**
 * The callbacks of an execution still waiting for an answer, found in its history, so Approve/Reject
 * work for either backend. Reading the events is the executions tree's job (execution-tree.ts,
 * with callback-detail.ts knowing where the engine and the service put the token): this only
 * folds a whole history and lists what waits.
 */
import type { HistoryEvent } from '../../engine/index';
import { executionTreeFromHistory } from '../model/execution-tree';

export interface WaitingCallback {
  stepName: string;
  /** eventId of the TaskScheduled that started the waiting task. */
  scheduleEventId: number;
  taskToken?: string;
  scheduledTime: string;
}

export function waitingCallbacks(events: readonly HistoryEvent[]): WaitingCallback[] {
  const tree = executionTreeFromHistory({ flowName: '', name: '', status: 'Running', startedTime: '' }, events);
  return tree.waitingTasks().map((t) => ({ stepName: t.stepName, scheduleEventId: t.scheduleEventId, scheduledTime: t.scheduledTime, ...(t.token ? { taskToken: t.token } : {}) }));
}
