/**
 * The one interface the client's views and actions speak, implemented by the embedded engine
 * and by the cloud service (FnF OpenAPI). Shapes follow the FnF 2019-03-15 API so that both
 * backends return the same thing.
 */

export type ExecutionStatus = 'Starting' | 'Running' | 'Stopped' | 'Succeeded' | 'Failed' | 'TimedOut';

/** One history event, as GetExecutionHistory returns it (Events[]). */
export interface HistoryEvent {
  /** 1-based, increasing within an execution. */
  eventId: number;
  /** The id of the event that scheduled this one (e.g. TaskSucceeded → its TaskScheduled). */
  scheduleEventId?: number;
  /** Service event name, e.g. ExecutionStarted, StepEntered, TaskScheduled, TaskSucceeded. */
  type: string;
  stepName?: string;
  /** ISO 8601 time. */
  time: string;
  /** JSON text, as the service puts it in EventDetail (input, output, error, cause, token…). */
  eventDetail?: string;
}

export interface ExecutionSummary {
  flowName: string;
  name: string;
  status: ExecutionStatus;
  startedTime: string;
  stoppedTime?: string;
  /** JSON text of the execution input. */
  input?: string;
  /** JSON text of the execution output (when Succeeded). */
  output?: string;
  error?: string;
  cause?: string;
}

export interface StartExecutionRequest {
  flowName: string;
  /** Flow definition (FDL YAML); the embedded engine runs it directly, the cloud uses the deployed flow. */
  definition?: string;
  /** Absolute path of the flow file, for the embedded engine to resolve local functions and mocks. */
  flowPath?: string;
  executionName?: string;
  /** JSON text. */
  input?: string;
  /**
   * Standard (default) or Express (engine/run/patterns/express-mode.ts): the service's flow setting,
   * chosen locally where the execution starts.
   */
  executionMode?: 'Standard' | 'Express';
}

export interface Backend {
  readonly kind: 'local' | 'cloud';
  startExecution(req: StartExecutionRequest): Promise<ExecutionSummary>;
  stopExecution(flowName: string, executionName: string, error?: string, cause?: string): Promise<ExecutionSummary>;
  describeExecution(flowName: string, executionName: string): Promise<ExecutionSummary>;
  listExecutions(flowName?: string): Promise<ExecutionSummary[]>;
  getExecutionHistory(flowName: string, executionName: string): Promise<HistoryEvent[]>;
  reportTaskSucceeded(taskToken: string, output: string): Promise<void>;
  reportTaskFailed(taskToken: string, error: string, cause: string): Promise<void>;
  /** Live history: called with each event appended to any execution; returns an unsubscribe function. */
  onEvent(listener: (flowName: string, executionName: string, event: HistoryEvent) => void): () => void;
}
