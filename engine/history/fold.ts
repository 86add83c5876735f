/**
 * An execution's state as a fold over its events: status, result, step statuses and the
 * callbacks still waiting (with their tokens). Used by describe/list, by the token registry after
 * a restart, and by the client's views (they render from history only).
 */
import type { ExecutionStatus } from '../backend';
import type { AnyStoredEvent, JsonObject } from './events';

export type StepStatus = 'running' | 'succeeded' | 'failed';

export interface PendingCallback {
  token: string;
  stepName: string;
  /** eventId of the TaskScheduled that issued the token. */
  scheduleEventId: number;
  key: string;
}

export interface ExecutionState {
  flowName: string;
  executionName: string;
  status: ExecutionStatus;
  input: JsonObject;
  output?: JsonObject;
  error?: string;
  cause?: string;
  startedTime: string;
  stoppedTime?: string;
  flowDefinition: string;
  flowPath?: string;
  parent?: { flowName: string; executionName: string };
  /** Latest status per step visit key (a step visited twice by a goto loop has two keys). */
  steps: Map<string, { stepName: string; status: StepStatus }>;
  /** Tokens issued and not yet answered, by token. */
  pendingCallbacks: Map<string, PendingCallback>;
  /** Tokens whose task already has a result (a report for them gets TaskAlreadyCompleted). */
  finishedTokens: Set<string>;
  lastEventId: number;
}

const TERMINAL: Record<string, ExecutionStatus> = {
  ExecutionSucceeded: 'Succeeded',
  ExecutionFailed: 'Failed',
  ExecutionStopped: 'Stopped',
  ExecutionTimedOut: 'TimedOut',
};

export function isTerminal(status: ExecutionStatus): boolean {
  return status === 'Succeeded' || status === 'Failed' || status === 'Stopped' || status === 'TimedOut';
}

/** Folds a whole history; returns undefined if it does not begin with ExecutionStarted. */
export function foldHistory(events: readonly AnyStoredEvent[]): ExecutionState | undefined {
  const first = events[0];
  if (!first || first.type !== 'ExecutionStarted') return undefined;
  const state: ExecutionState = {
    flowName: first.detail.flowName,
    executionName: first.detail.executionName,
    status: 'Running',
    input: first.detail.input,
    startedTime: first.time,
    flowDefinition: first.detail.flowDefinition,
    flowPath: first.detail.flowPath,
    parent: first.detail.parent,
    steps: new Map(),
    pendingCallbacks: new Map(),
    finishedTokens: new Set(),
    lastEventId: first.eventId,
  };
  const tokenBySchedule = new Map<number, string>();
  for (const e of events.slice(1)) applyEvent(state, e, tokenBySchedule);
  return state;
}

function applyEvent(state: ExecutionState, e: AnyStoredEvent, tokenBySchedule: Map<number, string>): void {
  state.lastEventId = Math.max(state.lastEventId, e.eventId);
  const stepKey = e.key.split('|')[0];
  switch (e.type) {
    case 'StepEntered':
      state.steps.set(stepKey, { stepName: e.stepName ?? '', status: 'running' });
      break;
    case 'StepSucceeded':
    case 'StepFailed': {
      const s = state.steps.get(stepKey);
      if (s) s.status = e.type === 'StepSucceeded' ? 'succeeded' : 'failed';
      break;
    }
    case 'TaskScheduled':
      if (e.detail.taskToken) {
        tokenBySchedule.set(e.eventId, e.detail.taskToken);
        state.pendingCallbacks.set(e.detail.taskToken, { token: e.detail.taskToken, stepName: e.stepName ?? '', scheduleEventId: e.eventId, key: e.key });
      }
      break;
    case 'TaskSucceeded':
    case 'TaskFailed':
    case 'TaskTimedOut':
    case 'TaskSubmitFailed': {
      const token = e.scheduleEventId !== undefined ? tokenBySchedule.get(e.scheduleEventId) : undefined;
      if (token) {
        state.pendingCallbacks.delete(token);
        state.finishedTokens.add(token);
      }
      break;
    }
    case 'ExecutionSucceeded':
      state.output = e.detail.output;
      break;
    case 'ExecutionFailed':
    case 'ExecutionStopped':
    case 'ExecutionTimedOut':
      state.error = e.detail.error;
      state.cause = e.detail.cause;
      break;
  }
  const terminal = TERMINAL[e.type];
  if (terminal) {
    state.status = terminal;
    state.stoppedTime = e.time;
    // A finished execution answers no callback: every token it issued is now finished.
    for (const t of state.pendingCallbacks.keys()) state.finishedTokens.add(t);
    state.pendingCallbacks.clear();
  }
}
