/**
 * How the engine asks something to run a task step. The engine owns patterns, tokens, retries and
 * timeouts; an invoker only performs one invocation attempt and says what happened.
 * Implementations: mocks (engine/invokers/mock-*), local function code (engine/invokers/local-*),
 * real Function Compute (engine/invokers/fc-*, fc3-*), nested flows (handled by the engine itself).
 */
import type { TaskPattern } from '../fdl/model';
import type { Clock } from './clock';

export interface TaskInvocation {
  flowName: string;
  executionName: string;
  stepName: string;
  /** The task's resourceArn, or `action` (old cloud-API form) when there is no resourceArn. */
  resource: string;
  pattern: TaskPattern;
  /** serviceParams with `$.x` references already resolved against the step input. */
  serviceParams: Record<string, unknown>;
  /** The step input after inputMappings: what the function receives as its event (JSON). */
  input: Record<string, unknown>;
  /** Present for waitForCallback tasks (also reachable via $context.task.token mappings). */
  taskToken?: string;
  /** 1 for the first attempt, +1 per retry; resumes after a restart keep counting. */
  attempt: number;
  /**
   * True when this attempt was scheduled before this run (a restart resumes it): its invocation
   * may already have happened, so an invoker may adopt what it finds under the attempt's ids.
   */
  resumed?: boolean;
  /** The step's timeoutSeconds, if any (the engine also enforces it). */
  timeoutSeconds?: number;
  /**
   * The engine's clock: an invoker that answers inside the engine (a mock) counts its delays on
   * it, so they keep their order with waits and timeouts at every time scale.
   */
  clock?: Clock;
  /** Aborted when the step times out or the execution stops. */
  signal: AbortSignal;
  /** Per-step log lines (function stdout/stderr, invoker notes). */
  log(line: string): void;
  /**
   * Set when a person stepped into this task in the flow debugger: an invoker that runs the
   * function's code on this machine runs it under a debugger (SEMANTICS.md "Debugging"); any
   * other leaves it alone, and the debugger says there was no code to step into.
   */
  debug?: FunctionDebugging;
}

/** Where a function's process waits for a debugger: its inspector, on loopback only. */
export interface FunctionDebugTarget {
  /** `ws://127.0.0.1:<port>/<id>`, the inspector's WebSocket. */
  url: string;
  port: number;
  /** The function's process, for a debugger that names it. */
  pid: number;
  functionName: string;
  /** The file holding the handler: the debugger stops at the handler's first line. */
  handlerFile: string;
  /** The runtime stand-in around the handler (fc-node-runtime.js), which a debugger may skip. */
  runtimeFile: string;
}

export interface FunctionDebugging {
  /**
   * The function's process waits at `target`, none of its code run yet. True once a debugger is
   * attaching (it lets the process go on); false when none will (it then runs without one).
   */
  attach(target: FunctionDebugTarget): Promise<boolean>;
  /** This invocation's code cannot be debugged (another runtime): why, for the person debugging. */
  cannot(reason: string): void;
  /** The engine's: the invocation has answered (the debugger says so when nothing was stepped into). */
  ended(): void;
}

export type TaskOutcome =
  /** The invocation finished with this result (requestResponse / sync, or a mocked callback). */
  | { kind: 'succeeded'; output: unknown }
  /** The invocation failed: error name (e.g. FC.ResourceThrottled, or the function's error type) and cause. */
  | { kind: 'failed'; error: string; cause: string }
  /**
   * The invocation was accepted and runs on (async requestResponse, or a waitForCallback function).
   * `reportsOnClock`: the invoker itself sends the callback report, timed on the engine's clock
   * (a mock with a report hook), so awaiting it does not hold the clock (virtual-clock.ts).
   */
  | { kind: 'accepted'; requestId?: string; reportsOnClock?: boolean };

export interface TaskInvoker {
  /** A short name for logs and errors: "mock", "local", "fc". */
  readonly name: string;
  /** True if this invoker knows how to run the task (e.g. the mock file has an entry for it). */
  canInvoke(inv: Pick<TaskInvocation, 'stepName' | 'resource'>): boolean;
  /**
   * The outcome, or a promise of it. An invoker that knows it at once (a mock without a delay)
   * may answer it directly: the engine then goes on without a promise or a microtask turn.
   */
  invoke(inv: TaskInvocation): TaskOutcome | Promise<TaskOutcome>;
  /**
   * A dispatcher's (one invoker that picks among others per execution, as the VS Code extension's
   * does): the invoker its invoke() would hand this invocation to, or undefined when none can run
   * it. The engine then treats the invocation as that invoker's, calling it directly: a mock is
   * answered in this process on the engine's clock, anything else holds the clock and waits for
   * the history to be durable first (local-backend.ts), so a dispatcher never makes a mock's
   * `delayMs` pass in real time at time scale 0.
   */
  delegateFor?(inv: TaskInvocation): TaskInvoker | undefined;
}

/**
 * Whether the invocation is submitted rather than awaited: a requestResponse task whose
 * serviceParams say InvocationType Async (the step completes once FC accepts it). waitForCallback
 * always submits; `sync` waits for the end however it invokes.
 */
export function isAsyncRequestResponse(inv: Pick<TaskInvocation, 'pattern' | 'serviceParams'>): boolean {
  return inv.pattern === 'requestResponse' && asyncRequested(inv.serviceParams);
}

/** serviceParams.InvocationType is Async (any case). */
export function asyncRequested(serviceParams: Record<string, unknown> | undefined): boolean {
  return String(serviceParams?.InvocationType ?? '').toLowerCase() === 'async';
}
