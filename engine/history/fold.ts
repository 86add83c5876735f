/**
 * An execution's state as a fold over its events: status, result and the
 * callbacks still waiting (with their tokens). Used by describe/list, by the token registry after
 * a restart, and by the client's views (they render from history only).
 */
import type { ExecutionStatus } from '../backend';
import type { AnyStoredEvent, JsonObject, StoredEvent } from './events';
import { VisitRecord, type HistoryEntry } from './visit-record';

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
  /** Tokens issued and not yet answered, by token. */
  pendingCallbacks: Map<string, PendingCallback>;
  /** Tokens whose task already has a result (a report for them gets TaskAlreadyCompleted). */
  finishedTokens: Set<string>;
  lastEventId: number;
}

/** The final status an event type announces (ExecutionSucceeded → Succeeded…); undefined for any other event. */
export function endedStatus(eventType: string): ExecutionStatus | undefined {
  // A switch, not a lookup table: asked for every event recorded, and the table's own-property check cost more.
  switch (eventType) {
    case 'ExecutionSucceeded':
      return 'Succeeded';
    case 'ExecutionFailed':
      return 'Failed';
    case 'ExecutionStopped':
      return 'Stopped';
    case 'ExecutionTimedOut':
      return 'TimedOut';
    default:
      return undefined;
  }
}

export function isTerminal(status: ExecutionStatus): boolean {
  return status === 'Succeeded' || status === 'Failed' || status === 'Stopped' || status === 'TimedOut';
}

/** Folds a whole history (events, or a store's entries); returns undefined if it does not begin with ExecutionStarted. */
export function foldHistory(events: readonly HistoryEntry[]): ExecutionState | undefined {
  const first = events[0];
  if (!first || first instanceof VisitRecord || first.type !== 'ExecutionStarted') return undefined;
  const state = initialState(first as StoredEvent<'ExecutionStarted'>);
  for (let i = 1; i < events.length; i++) applyEntry(state, events[i]);
  return state;
}

/** applyEvent for a store's entry: a visit record's events change nothing the fold keeps but the last id. */
export function applyEntry(state: ExecutionState, e: HistoryEntry): void {
  // A KeyedEvent is structural: it has what applyEvent reads.
  if (!(e instanceof VisitRecord)) return applyEvent(state, e as AnyStoredEvent);
  if (e.lastId > state.lastEventId) state.lastEventId = e.lastId;
}

/** The state right after ExecutionStarted; `applyEvent` folds each later event into it (in order). */
export function initialState(first: StoredEvent<'ExecutionStarted'>): ExecutionState {
  // Every member declared here, in the interface's order, the later ones undefined until the end
  // sets them: members added afterwards would give each execution's state a second backing store.
  return {
    flowName: first.detail.flowName,
    executionName: first.detail.executionName,
    status: 'Running',
    input: first.detail.input,
    output: undefined,
    error: undefined,
    cause: undefined,
    startedTime: first.time,
    stoppedTime: undefined,
    flowDefinition: first.detail.flowDefinition,
    flowPath: first.detail.flowPath,
    parent: first.detail.parent,
    // Most executions never issue a token: they share these empty ones until their first (copy on write).
    pendingCallbacks: NO_PENDING,
    finishedTokens: NO_FINISHED,
    lastEventId: first.eventId,
  };
}

/** The empty tokens every execution shares until its first (a state made elsewhere, as the memory store's, starts with these too). */
export const NO_PENDING: Map<string, PendingCallback> = new Map();
export const NO_FINISHED: Set<string> = new Set();

function ownPending(state: ExecutionState): Map<string, PendingCallback> {
  if (state.pendingCallbacks === NO_PENDING) state.pendingCallbacks = new Map();
  return state.pendingCallbacks;
}

function ownFinished(state: ExecutionState): Set<string> {
  if (state.finishedTokens === NO_FINISHED) state.finishedTokens = new Set();
  return state.finishedTokens;
}

export function applyEvent(state: ExecutionState, e: AnyStoredEvent): void {
  if (e.eventId > state.lastEventId) state.lastEventId = e.eventId;
  switch (e.type) {
    case 'TaskScheduled':
      if (e.detail.taskToken) ownPending(state).set(e.detail.taskToken, { token: e.detail.taskToken, stepName: e.stepName ?? '', scheduleEventId: e.eventId, key: e.key });
      break;
    case 'TaskSucceeded':
    case 'TaskFailed':
    case 'TaskTimedOut':
    case 'TaskSubmitFailed': {
      if (e.scheduleEventId === undefined || state.pendingCallbacks.size === 0) break;
      for (const p of state.pendingCallbacks.values()) {
        if (p.scheduleEventId !== e.scheduleEventId) continue;
        state.pendingCallbacks.delete(p.token);
        ownFinished(state).add(p.token);
        break;
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
  const terminal = endedStatus(e.type);
  if (terminal) {
    state.status = terminal;
    state.stoppedTime = e.time;
    // A finished execution answers no callback: every token it issued is now finished.
    if (state.pendingCallbacks.size > 0) {
      for (const t of state.pendingCallbacks.keys()) ownFinished(state).add(t);
      state.pendingCallbacks.clear();
    }
  }
}
