/**
 * The callbacks of an execution still waiting for an answer, found in its history, so the
 * executions view can offer Approve/Reject for either backend.
 *
 * Where the token is: the embedded engine writes it in TaskScheduled's EventDetail (`taskToken`).
 * The service's docs say the token is handed to the called service (in the function's event, or
 * the MNS message) but do not document an EventDetail field for it; a flow usually passes
 * `$context.task.token` to the function through inputMappings, so it shows up inside the
 * scheduled task's `input`. We therefore look, in this order, for a `taskToken`/`TaskToken`/
 * `token` field at the top of the TaskScheduled (or TaskSubmitted) detail, then one or two
 * levels down (`input.taskToken`, `input.task.token`…). A task without a readable token is
 * still listed (token undefined) so the view can say why it cannot be answered from here.
 */
import type { HistoryEvent } from '../../engine/backend';

export interface WaitingCallback {
  stepName: string;
  /** eventId of the TaskScheduled that started the waiting task. */
  scheduleEventId: number;
  taskToken?: string;
  scheduledTime: string;
}

const TOKEN_KEY = /^(task_?token|token)$/i;
const ENDED = /^(TaskSucceeded|TaskFailed|TaskTimedOut|TaskSubmitFailed)$/;

export function waitingCallbacks(events: readonly HistoryEvent[]): WaitingCallback[] {
  const open = new Map<number, WaitingCallback>();
  // ScheduleEventId may point straight at the TaskScheduled or chain through TaskSubmitted/TaskStarted.
  const taskOf = new Map<number, number>();
  for (const e of events) {
    if (/^Execution(Succeeded|Failed|Stopped|TimedOut)$/.test(e.type)) return [];
    const origin = e.scheduleEventId !== undefined ? taskOf.get(e.scheduleEventId) : undefined;
    if (e.type === 'TaskScheduled') {
      taskOf.set(e.eventId, e.eventId);
      const detail = parseDetail(e.eventDetail);
      if (detail.pattern !== undefined && detail.pattern !== 'waitForCallback') continue;
      const token = findToken(detail, 0);
      // Without a pattern field we only count tasks that carry a token.
      if (detail.pattern === undefined && !token) continue;
      open.set(e.eventId, { stepName: e.stepName ?? '', scheduleEventId: e.eventId, taskToken: token, scheduledTime: e.time });
    } else if (e.type === 'TaskSubmitted' || e.type === 'TaskStarted') {
      if (origin === undefined) continue;
      taskOf.set(e.eventId, origin);
      const waiting = open.get(origin);
      if (waiting && !waiting.taskToken) waiting.taskToken = findToken(parseDetail(e.eventDetail), 0);
    } else if (ENDED.test(e.type)) {
      if (origin !== undefined) open.delete(origin);
      else {
        // No readable chain: the oldest open task of the same step is the one that ended.
        const same = [...open.values()].find((w) => w.stepName === e.stepName);
        if (same) open.delete(same.scheduleEventId);
      }
    }
  }
  return [...open.values()];
}

function parseDetail(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function findToken(o: Record<string, unknown>, depth: number): string | undefined {
  for (const [k, v] of Object.entries(o)) if (TOKEN_KEY.test(k) && typeof v === 'string' && v.length >= 8) return v;
  if (depth >= 2) return undefined;
  for (const v of Object.values(o)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const found = findToken(v as Record<string, unknown>, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}
