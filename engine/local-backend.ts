/**
 * The embedded engine behind the Backend interface. Executions run in this process; their
 * histories live in an ExecutionStore (append-only JSONL, fsync'ed before each side effect).
 * `open()` resumes every execution that had not finished (see execution-run.ts for what replay
 * guarantees). The client's views and the local FnF-compatible HTTP API use this class.
 */
import { analyze, type FdlDiagnostic } from '../fdl/index';
import type { Flow } from '../fdl/model';
import type { Backend, ExecutionSummary, HistoryEvent, StartExecutionRequest } from './backend';
import { systemClock, type Clock } from './clock';
import { isJsonObject } from './data-mapping';
import { FnfApiError } from './errors';
import { ExecutionRun } from './execution-run';
import { fileFlowResolver, type FlowResolver } from './flow-resolver';
import { isEngineEvent, type AnyStoredEvent, type JsonObject } from './history/events';
import { foldHistory, isTerminal, type ExecutionState } from './history/fold';
import type { TaskInvoker } from './invoker';
import type { ChildFlows, ChildOutcome } from './run-context';
import { ExecutionStore, NAME_PATTERN } from './store/execution-store';
import { TaskTokenRegistry, type CallbackReport } from './task-tokens';
import { engineText } from './messages';

export interface LocalBackendOptions {
  /** Directory of the durable store (default chosen by the caller: `<workspace>/.fdl/executions`). */
  storeDir: string;
  /** Tried in order; the first whose canInvoke says yes runs a task. */
  invokers?: TaskInvoker[];
  /** Multiplies waits, retry back-off and timeouts: 1 = real time (default), 0 = instant (timeouts off). */
  timeScale?: number;
  clock?: Clock;
  /** Finds nested flows by name; default: `<name>.flow.yaml|yml` next to the parent, then `flowsDirs`. */
  flowResolver?: FlowResolver;
  flowsDirs?: string[];
  /** Task log lines (function output, retries, invoker notes). */
  onLog?: (flowName: string, executionName: string, stepName: string, line: string) => void;
}

/** Thrown by startExecution when the flow has error diagnostics; carries them. */
export class FlowInvalidError extends FnfApiError {
  constructor(readonly diagnostics: FdlDiagnostic[]) {
    super('InvalidDefinition', engineText('invalidFlow', diagnostics.length, diagnostics.map((d) => d.message).slice(0, 3).join('; ')));
  }
}

type Listener = (flowName: string, executionName: string, event: HistoryEvent) => void;

export class LocalBackend implements Backend {
  readonly kind = 'local' as const;
  readonly store: ExecutionStore;
  readonly tokens = new TaskTokenRegistry();
  private readonly runs = new Map<string, ExecutionRun>();
  private readonly listeners = new Set<Listener>();
  private readonly finishWaiters = new Map<string, (() => void)[]>();
  private readonly clock: Clock;
  private readonly resolver: FlowResolver;
  private seq = 0;

  constructor(private readonly options: LocalBackendOptions) {
    this.store = new ExecutionStore(options.storeDir);
    this.clock = options.clock ?? systemClock;
    this.resolver = options.flowResolver ?? fileFlowResolver(options.flowsDirs);
  }

  /** Adds invokers after construction (e.g. a mock invoker that reports through this backend). */
  addInvoker(invoker: TaskInvoker, first = false): void {
    const list = (this.options.invokers ??= []);
    if (first) list.unshift(invoker);
    else list.push(invoker);
  }

  /**
   * Loads the tokens every stored execution issued and resumes those that had not finished
   * (all of them, or those `resume` accepts: a one-off `fdl run` resumes none, so an old execution
   * never runs with invokers meant for another flow).
   */
  async open(options: { resume?: (e: { flowName: string; executionName: string }) => boolean } = {}): Promise<{ resumed: { flowName: string; executionName: string }[] }> {
    const resumed: { flowName: string; executionName: string }[] = [];
    for (const { flowName, name } of this.store.listNames()) {
      const history = this.store.readHistory(flowName, name);
      const state = foldHistory(history);
      if (!state) continue;
      for (const t of state.finishedTokens) this.tokens.finish(t);
      for (const t of state.pendingCallbacks.keys()) this.tokens.issue(t);
      if (!isTerminal(state.status) && !this.runs.has(`${flowName}/${name}`) && (options.resume?.({ flowName, executionName: name }) ?? true)) {
        this.launch(state, history);
        resumed.push({ flowName, executionName: name });
      }
    }
    return { resumed };
  }

  async startExecution(req: StartExecutionRequest): Promise<ExecutionSummary> {
    const definition = req.definition;
    if (definition === undefined) throw new FnfApiError('InvalidArgument', engineText('needsDefinition'));
    if (!NAME_PATTERN.test(req.flowName)) throw new FnfApiError('InvalidArgument', engineText('badFlowName', req.flowName));
    const executionName = req.executionName ?? this.newExecutionName();
    if (!NAME_PATTERN.test(executionName)) throw new FnfApiError('InvalidArgument', engineText('badExecutionName', executionName));
    if (this.store.exists(req.flowName, executionName)) throw new FnfApiError('ExecutionAlreadyExists', engineText('executionExists', executionName, req.flowName), 409);
    const input = parseInput(req.input);
    const { diagnostics } = analyze(definition);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new FlowInvalidError(errors);
    return this.begin(req.flowName, executionName, definition, input, req.flowPath);
  }

  private begin(flowName: string, executionName: string, definition: string, input: JsonObject, flowPath?: string, parent?: { flowName: string; executionName: string }): ExecutionSummary {
    const started: AnyStoredEvent = {
      eventId: 1,
      type: 'ExecutionStarted',
      time: new Date(this.clock.now()).toISOString(),
      key: '$|ExecutionStarted',
      detail: { input, flowName, executionName, flowDefinition: definition, ...(flowPath ? { flowPath } : {}), ...(parent ? { parent } : {}) },
    };
    this.appendEvent(flowName, executionName, started);
    const state = foldHistory([started])!;
    this.launch(state, [started]);
    return toSummary(state);
  }

  private launch(state: ExecutionState, history: AnyStoredEvent[]): void {
    const key = `${state.flowName}/${state.executionName}`;
    const flow = analyze(state.flowDefinition).parsed.flow;
    const run = new ExecutionRun(flow, history, (e) => this.appendEvent(state.flowName, state.executionName, e), {
      clock: this.clock,
      timeScale: this.options.timeScale ?? 1,
      tokens: this.tokens,
      invokers: this.options.invokers ?? [],
      children: this.childFlows(state),
      log: (stepName, line) => this.options.onLog?.(state.flowName, state.executionName, stepName, line),
    });
    this.runs.set(key, run);
    void run.done.finally(() => {
      this.runs.delete(key);
      const after = this.store.describe(state.flowName, state.executionName);
      if (after) for (const t of [...after.finishedTokens]) this.tokens.finish(t);
      for (const w of this.finishWaiters.get(key) ?? []) w();
      this.finishWaiters.delete(key);
    });
  }

  private childFlows(parent: ExecutionState): ChildFlows {
    return {
      start: async ({ flowName, executionName, input, parent: p }) => {
        if (!NAME_PATTERN.test(flowName)) throw new FnfApiError('FlowNotExists', engineText('flowNameInvalid', flowName), 404);
        if (this.store.exists(flowName, executionName)) return;
        const resolved = this.resolver(flowName, { flowName: parent.flowName, flowPath: p.flowPath ?? parent.flowPath, definition: parent.flowDefinition });
        if (!resolved) throw new FnfApiError('FlowNotExists', engineText('flowNotFound', flowName, parent.flowPath ?? 'the parent flow'), 404);
        const errors = analyze(resolved.definition).diagnostics.filter((d) => d.severity === 'error');
        if (errors.length) throw new FlowInvalidError(errors);
        this.begin(flowName, executionName, resolved.definition, input, resolved.flowPath, { flowName: p.flowName, executionName: p.executionName });
      },
      wait: async (flowName, executionName, signal) => {
        const state = await this.waitForExecution(flowName, executionName, signal);
        return { status: state.status as ChildOutcome['status'], output: state.output, error: state.error, cause: state.cause };
      },
    };
  }

  /** Resolves when the execution has finished (at once if it already has). */
  async waitForExecution(flowName: string, executionName: string, signal?: AbortSignal): Promise<ExecutionState> {
    for (;;) {
      const state = this.store.describe(flowName, executionName);
      if (!state) throw notFound(flowName, executionName);
      if (isTerminal(state.status)) return state;
      const key = `${flowName}/${executionName}`;
      await new Promise<void>((resolve, reject) => {
        const list = this.finishWaiters.get(key) ?? [];
        list.push(resolve);
        this.finishWaiters.set(key, list);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        if (!this.runs.has(key)) resolve(); // not running here (another process): poll
      });
      if (!this.runs.has(key)) await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stopExecution(flowName: string, executionName: string, error = '', cause = ''): Promise<ExecutionSummary> {
    const state = this.store.describe(flowName, executionName);
    if (!state) throw notFound(flowName, executionName);
    if (isTerminal(state.status)) throw new FnfApiError('ExecutionAlreadyCompleted', engineText('executionFinished', executionName, state.status));
    const run = this.runs.get(`${flowName}/${executionName}`);
    if (!run) throw new FnfApiError('ExecutionNotRunning', engineText('executionNotHere', executionName));
    run.stop(error, cause);
    await run.done;
    return this.describeExecution(flowName, executionName);
  }

  async describeExecution(flowName: string, executionName: string): Promise<ExecutionSummary> {
    const state = this.store.describe(flowName, executionName);
    if (!state) throw notFound(flowName, executionName);
    return toSummary(state);
  }

  async listExecutions(flowName?: string): Promise<ExecutionSummary[]> {
    const out: ExecutionSummary[] = [];
    for (const n of this.store.listNames()) {
      if (flowName && n.flowName !== flowName) continue;
      const state = this.store.describe(n.flowName, n.name);
      if (state) out.push(toSummary(state));
    }
    return out.sort((a, b) => b.startedTime.localeCompare(a.startedTime));
  }

  /** The service's events (engine-internal timer events left out unless `all`). */
  async getExecutionHistory(flowName: string, executionName: string, options: { all?: boolean } = {}): Promise<HistoryEvent[]> {
    if (!this.store.exists(flowName, executionName)) throw notFound(flowName, executionName);
    return this.store
      .readHistory(flowName, executionName)
      .filter((e) => options.all || !isEngineEvent(e.type))
      .map(toHistoryEvent);
  }

  /** The stored events as written (with replay keys and structured details). */
  readStoredHistory(flowName: string, executionName: string): AnyStoredEvent[] {
    return this.store.readHistory(flowName, executionName);
  }

  async reportTaskSucceeded(taskToken: string, output: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = output.trim() === '' ? {} : JSON.parse(output);
    } catch {
      throw new FnfApiError('InvalidArgument', engineText('outputNotObject'));
    }
    if (!isJsonObject(parsed)) throw new FnfApiError('InvalidArgument', engineText('outputNotObject'));
    this.report(taskToken, { kind: 'succeeded', output: parsed });
  }

  async reportTaskFailed(taskToken: string, error: string, cause: string): Promise<void> {
    if (!error) throw new FnfApiError('InvalidArgument', engineText('errorRequired'));
    this.report(taskToken, { kind: 'failed', error, cause: cause ?? '' });
  }

  /** Synchronous form used by in-process reporters (mocks); throws FnfApiError when refused. */
  report(taskToken: string, report: CallbackReport): void {
    this.tokens.report(taskToken, report);
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Executions currently running in this process. */
  running(): { flowName: string; executionName: string }[] {
    return [...this.runs.values()].map((r) => ({ flowName: r.flowName, executionName: r.executionName }));
  }

  /**
   * Suspends the executions running here without recording an end (the next open() resumes them
   * from the store) and releases the store's files.
   */
  close(): void {
    for (const run of this.runs.values()) run.suspend();
    this.store.close();
  }

  private appendEvent(flowName: string, executionName: string, e: AnyStoredEvent): void {
    this.store.append(flowName, executionName, e);
    if (isEngineEvent(e.type)) return;
    const he = toHistoryEvent(e);
    for (const l of this.listeners) {
      try {
        l(flowName, executionName, he);
      } catch {
        /* a listener's failure must not stop the engine */
      }
    }
  }

  private newExecutionName(): string {
    const t = new Date(this.clock.now()).toISOString().replace(/[-:T.Z]/g, '').slice(0, 14);
    return `run-${t}-${process.pid.toString(36)}${(this.seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  }
}

function parseInput(text: string | undefined): JsonObject {
  if (text === undefined || text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new FnfApiError('InvalidArgument', engineText('inputNotJson', (e as Error).message));
  }
  if (!isJsonObject(v)) throw new FnfApiError('InvalidArgument', engineText('inputNotObject'));
  return v;
}

function notFound(flowName: string, executionName: string): FnfApiError {
  return new FnfApiError('ExecutionNotExists', engineText('executionMissing', executionName, flowName), 404);
}

export function toSummary(s: ExecutionState): ExecutionSummary {
  return {
    flowName: s.flowName,
    name: s.executionName,
    status: s.status,
    startedTime: s.startedTime,
    ...(s.stoppedTime ? { stoppedTime: s.stoppedTime } : {}),
    input: JSON.stringify(s.input),
    ...(s.output !== undefined ? { output: JSON.stringify(s.output) } : {}),
    ...(s.error !== undefined ? { error: s.error } : {}),
    ...(s.cause !== undefined ? { cause: s.cause } : {}),
  };
}

/** Public form: EventDetail as JSON text, without the engine-only fields (definition, replay key). */
export function toHistoryEvent(e: AnyStoredEvent): HistoryEvent {
  let detail: unknown = e.detail;
  if (e.type === 'ExecutionStarted') detail = { input: e.detail.input };
  return {
    eventId: e.eventId,
    ...(e.scheduleEventId !== undefined ? { scheduleEventId: e.scheduleEventId } : {}),
    type: e.type,
    ...(e.stepName !== undefined ? { stepName: e.stepName } : {}),
    time: e.time,
    eventDetail: JSON.stringify(detail),
  };
}
