/**
 * The history event vocabulary: the service's GetExecutionHistory event types (names verified in
 * the FnF 2019-03-15 API reference, GetExecutionHistory `Events[].Type`) plus the few
 * engine-internal facts replay needs. An execution's state is a fold over these (fold.ts).
 *
 * EventDetail fields follow the service where the docs show them ("View execution history":
 * ExecutionStarted {input}, StepEntered {input, local}, StepStarted {input},
 * StepSucceeded {output}, StepExited {local}); the rest are our reading, kept to the same
 * lower-camel JSON style. Extra fields the engine needs (token, due time, child execution) ride
 * along in the detail; they are additive and a client can ignore them.
 */

/**
 * Event types GetExecutionHistory documents, in the order the API reference lists them. Append
 * only: the store's log codes a type by its place here (store/log-lines.ts EVENT_CODES).
 */
export const SERVICE_EVENT_TYPES = [
  'StepEntered',
  'StepStarted',
  'StepSucceeded',
  'StepFailed',
  'StepExited',
  'BranchEntered',
  'BranchExited',
  'IterationEntered',
  'IterationExited',
  'TaskScheduled',
  'TaskStarted',
  'TaskSubmitted',
  'TaskSubmitFailed',
  'TaskSucceeded',
  'TaskFailed',
  'TaskTimedOut',
  'ExecutionStarted',
  'ExecutionStopped',
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionTimedOut',
] as const;

/**
 * The StateMachine dialect's state events (CloudFlow "Differences between old and new versions":
 * StateEntered, StateStarted, StateSucceeded, StateFailed, StateTimedOut, StateAborted, ...). Service
 * events like the ones above; coded after the engine's own in the store's log (append only).
 */
export const STATE_EVENT_TYPES = ['StateEntered', 'StateStarted', 'StateSucceeded', 'StateFailed', 'StateTimedOut', 'StateAborted'] as const;

/**
 * Engine-internal facts (not in the service's list): a durable timer with its due time (wait
 * steps and retry back-off), and its firing. They are stored like any event so replay can resume a
 * wait with the remaining time; LocalBackend.getExecutionHistory leaves them out by default.
 */
// Append only, like SERVICE_EVENT_TYPES.
export const ENGINE_EVENT_TYPES = ['TimerStarted', 'TimerFired'] as const;

/**
 * Facts of a debugged run (engine/debug/): what a person changed while a state was paused, recorded
 * before the state starts with it, so replay makes the same change and the history explains the
 * run (SEMANTICS.md "Debugging"). Not the service's, but shown with the history like its events:
 * a run that was changed by hand says so wherever it is read. Coded after the state events in the
 * store's log (append only).
 */
export const DEBUG_EVENT_TYPES = ['DataEdited'] as const;

export type ServiceEventType = (typeof SERVICE_EVENT_TYPES)[number] | (typeof STATE_EVENT_TYPES)[number];
export type EngineEventType = (typeof ENGINE_EVENT_TYPES)[number];
export type DebugEventType = (typeof DEBUG_EVENT_TYPES)[number];
export type EventType = ServiceEventType | EngineEventType | DebugEventType;

const ENGINE_EVENTS: ReadonlySet<string> = new Set(ENGINE_EVENT_TYPES);

export function isEngineEvent(type: string): boolean {
  return ENGINE_EVENTS.has(type);
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = Record<string, unknown>;

/** One change a debugger made: a variable of the paused state, the path in it (`''`: the whole of it), the new value. */
export interface DataChange {
  variable: 'input' | 'local' | 'result';
  path: string;
  value: unknown;
}

/**
 * DataEdited: the changes in the order made, and the values they left (what replay puts back):
 * the state's input, the scope's local (classic `$local`), the task's mocked result.
 */
export interface DataEdit {
  changes: DataChange[];
  input?: JsonObject;
  local?: JsonObject;
  result?: JsonObject;
}

export interface ErrorDetail {
  error: string;
  cause: string;
}

/** EventDetail per type. */
export interface EventDetails {
  ExecutionStarted: {
    input: JsonObject;
    /** Engine extras: what is needed to run the execution again after a restart. */
    flowName: string;
    executionName: string;
    /** The FDL text the execution runs (the service also keeps each execution's definition). */
    flowDefinition: string;
    flowPath?: string;
    /** Set for child executions started by a parent's `acs:fnf:::flow/<name>` task. */
    parent?: { flowName: string; executionName: string };
    /** Set for an Express execution (run/patterns/express-mode.ts); absent: Standard. */
    executionMode?: 'Express';
    /** Set for an execution started at a time scale of its own (a debug launch's) and its children: it resumes at that scale. */
    timeScale?: number;
  };
  ExecutionSucceeded: { output: JsonObject };
  ExecutionFailed: ErrorDetail;
  ExecutionStopped: ErrorDetail;
  ExecutionTimedOut: ErrorDetail;
  /** `input`/`local` are the parent's (what the step's inputMappings read). */
  StepEntered: { input: JsonObject; local: unknown };
  /** `input` is the step's own input (after inputMappings). */
  StepStarted: { input: JsonObject; taskToken?: string };
  StepSucceeded: { output: JsonObject };
  StepFailed: ErrorDetail;
  /** The parent's local after this step's output was merged into it. */
  StepExited: { local: unknown };
  /** StateMachine: `input` is the state's input before its InputConstructor. */
  StateEntered: { input: JsonObject };
  /** StateMachine: `input` is the state's input (after its InputConstructor). */
  StateStarted: { input: JsonObject; taskToken?: string };
  StateSucceeded: { output: JsonObject };
  StateFailed: ErrorDetail;
  /** StateMachine: the state failed because its Task's `Timeout` fired (in place of StateFailed; engine/SEMANTICS.md). */
  StateTimedOut: ErrorDetail;
  /** StateMachine: the state was cut short from outside (a sibling branch or iteration failed, the execution ended). */
  StateAborted: ErrorDetail;
  BranchEntered: { index: number };
  BranchExited: { index: number; output: JsonObject };
  IterationEntered: { index: number; input: JsonObject };
  IterationExited: { index: number; local: JsonObject };
  TaskScheduled: {
    resource: string;
    pattern: string;
    input: JsonObject;
    serviceParams?: JsonObject;
    attempt: number;
    timeoutSeconds?: number;
    /** waitForCallback and sync tasks: the token a report must carry (≥128 random bits). */
    taskToken?: string;
  };
  TaskStarted: Record<string, never>;
  /** The invocation was accepted (async); a child execution carries its name. */
  TaskSubmitted: { requestId?: string; childExecution?: { flowName: string; executionName: string } };
  TaskSubmitFailed: ErrorDetail;
  TaskSucceeded: { output: JsonObject };
  TaskFailed: ErrorDetail;
  TaskTimedOut: ErrorDetail;
  /** `dueTime` is the epoch milliseconds at which the timer fires (already time-scaled). */
  TimerStarted: { dueTime: number; reason: 'wait' | 'retry'; seconds: number };
  TimerFired: Record<string, never>;
  DataEdited: DataEdit;
}

/** One stored event. `key` identifies the logical fact for replay (unique within an execution). */
export interface StoredEvent<T extends EventType = EventType> {
  eventId: number;
  scheduleEventId?: number;
  type: T;
  stepName?: string;
  /** ISO 8601. */
  time: string;
  key: string;
  detail: EventDetails[T];
}

export type AnyStoredEvent = { [T in EventType]: StoredEvent<T> }[EventType];

/** What an event says of a state visit, in either dialect (classic Step*, StateMachine State*). */
export type VisitEventKind = 'entered' | 'started' | 'succeeded' | 'failed' | 'exited';

const VISIT_EVENTS: Readonly<Record<string, VisitEventKind>> = {
  StepEntered: 'entered',
  StateEntered: 'entered',
  StepStarted: 'started',
  StateStarted: 'started',
  StepSucceeded: 'succeeded',
  StateSucceeded: 'succeeded',
  StepFailed: 'failed',
  StateFailed: 'failed',
  // A visit that timed out or was aborted ended without success: readers that know no more see a failure.
  StateTimedOut: 'failed',
  StateAborted: 'failed',
  StepExited: 'exited',
};

/** The visit event an event type is, if any: readers of history handle both dialects through it. */
export function visitEventKind(type: string): VisitEventKind | undefined {
  return Object.hasOwn(VISIT_EVENTS, type) ? VISIT_EVENTS[type] : undefined;
}

/**
 * Whether the event is the last one of its visit: StepExited for classic; a StateMachine visit
 * has no exit event, its StateSucceeded, StateFailed, StateTimedOut or StateAborted is the last.
 */
export function endsVisit(type: string): boolean {
  return type === 'StepExited' || type === 'StateSucceeded' || type === 'StateFailed' || type === 'StateTimedOut' || type === 'StateAborted';
}
