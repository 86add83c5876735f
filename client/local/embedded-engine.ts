/**
 * The embedded engine as the extension runs it: one LocalBackend over the workspace's store
 * (`.fdl/executions`, shared with the `fdl` CLI), the local FnF-compatible API on 127.0.0.1 so
 * local functions can report callbacks with the real SDK, and per-execution invokers from each
 * flow's own files. No `vscode` here: the client passes in trust, locale and where to log.
 */
import type { Locale } from '../../fdl/messages';
import {
  startLocalApi,
  type CallbackReport,
  type LocalApi,
  type TaskInvocation,
  type TaskInvoker,
  LocalBackend,
  watchReportInbox,
  type InboxRequest,
  acquireStoreLock,
  storeOwner,
} from '../../engine/index';
import { ExecutionInvokers, type ExecutionRef } from './execution-invokers';
import { flowInvokers } from './flow-invokers';

export interface EmbeddedEngineOptions {
  storeDir: string;
  /** Used when another process (another window, `fdl serve`) owns `storeDir`. */
  fallbackStoreDir: string;
  workspaceRoot?: string;
  flowsDirs?: string[];
  timeScale: number;
  /** flowStudio.engine.maxEventsPerExecution (0: no limit; LocalBackend applies the service's 5,000 to a bad value). */
  maxEventsPerExecution?: number;
  locale: Locale;
  isTrusted: () => boolean;
  /** Start the local FnF API (needed for local functions that report callbacks). */
  startApi: boolean;
  onLog: (flowName: string, executionName: string, stepName: string, line: string) => void;
  onProblem: (file: string, message: string) => void;
  noInvokerCause: (invocation: TaskInvocation, flowPath: string | undefined) => string;
}

export interface EmbeddedEngine {
  backend: LocalBackend;
  /** The store in use: `storeDir`, or the fallback when another process owned it. */
  storeDir: string;
  /** The live process that owned `storeDir`, when the fallback is in use. */
  storeOwnedBy?: number;
  api?: LocalApi;
  /** The flow file an execution runs, as stored when it started. */
  flowPathOf(execution: ExecutionRef): string | undefined;
  /** The invokers a flow's step run alone gets (its mocks, its local functions), reporting to the step's own hook. */
  stepInvokers(flowPath: string): (report: (token: string, report: CallbackReport) => void) => TaskInvoker[];
  /**
   * Invokers an execution tries before its flow file's own (a debug launch's mocks file or s.yaml),
   * or, with `only`, instead of them, for the child flows it starts too (a debugged scenario runs
   * with exactly its Run's invokers): set before the execution starts, dropped when it ends.
   */
  useInvokers(execution: ExecutionRef, invokers: TaskInvoker[], options?: { only?: boolean }): void;
  /** A changed flowStudio.engine.maxEventsPerExecution: executions started (or resumed) from now on use it. */
  setMaxEventsPerExecution(value: number): void;
  dispose(): Promise<void>;
}

export async function startEmbeddedEngine(o: EmbeddedEngineOptions): Promise<EmbeddedEngine> {
  // One engine drives a store at a time (the CLI takes the same lock); `fdl report-success` in a
  // terminal then hands its reports to this window through the store's inbox.
  const owner = storeOwner(o.storeDir);
  const storeDir = owner !== undefined && owner !== process.pid ? o.fallbackStoreDir : o.storeDir;
  const releaseLock = acquireStoreLock(storeDir);
  let api: LocalApi | undefined;
  const started = (ref: ExecutionRef) => {
    try {
      const first = backend.readStoredHistory(ref.flowName, ref.executionName)[0];
      return first?.type === 'ExecutionStarted' ? first.detail : undefined;
    } catch {
      return undefined;
    }
  };
  const flowPathOf = (ref: ExecutionRef) => started(ref)?.flowPath;
  const chosen = new Map<string, { invokers: TaskInvoker[]; only: boolean }>();
  /** Whether an execution, or one that started it, runs with its chosen invokers only. */
  const onlyChosen = (ref: ExecutionRef): boolean => {
    const seen = new Set<string>();
    for (let r: ExecutionRef | undefined = ref; r && !seen.has(refKey(r)); r = started(r)?.parent) {
      seen.add(refKey(r));
      if (chosen.get(refKey(r))?.only) return true;
    }
    return false;
  };
  const invokers = new ExecutionInvokers({
    invokersFor: (ref) => {
      const flowPath = flowPathOf(ref);
      const first = chosen.get(refKey(ref))?.invokers ?? [];
      // A child of such an execution has none of its own: its parent's answer (ExecutionInvokers falls back to them).
      if (!flowPath || onlyChosen(ref)) return first;
      return [
        ...first,
        ...flowInvokers({
          flowPath,
          trusted: o.isTrusted(),
          workspaceRoot: o.workspaceRoot,
          fnfApi: api?.access,
          report: (token, report) => backend.report(token, report),
          timeScale: o.timeScale,
          locale: o.locale,
          onProblem: o.onProblem,
        }),
      ];
    },
    parentOf: (ref) => started(ref)?.parent,
    noInvokerCause: (inv) => o.noInvokerCause(inv, flowPathOf(inv)),
  });
  const backend: LocalBackend = new LocalBackend({
    storeDir,
    invokers: [invokers],
    timeScale: o.timeScale,
    flowsDirs: o.flowsDirs,
    onLog: o.onLog,
    maxEventsPerExecution: o.maxEventsPerExecution,
  });
  const unsubscribe = backend.onEvent((flowName, executionName, e) => {
    if (!/^Execution(Succeeded|Failed|Stopped|TimedOut)$/.test(e.type)) return;
    invokers.forget({ flowName, executionName });
    chosen.delete(refKey({ flowName, executionName }));
  });
  if (o.startApi) api = await startLocalApi({ backend, storeDir, flowsDirs: o.flowsDirs });
  // Executions left running when the window closed continue now (their invokers rebuilt from their flow files).
  await backend.open();
  const stopInbox = watchReportInbox(storeDir, (req: InboxRequest) => {
    if (req.kind === 'stop') void backend.stopExecution(req.flowName, req.executionName, req.error, req.cause).catch(() => undefined);
    else backend.report(req.token, req);
  });
  return {
    backend,
    storeDir,
    storeOwnedBy: storeDir === o.storeDir ? undefined : owner,
    api,
    flowPathOf,
    stepInvokers: (flowPath) => (report) =>
      flowInvokers({
        flowPath,
        trusted: o.isTrusted(),
        workspaceRoot: o.workspaceRoot,
        fnfApi: api?.access,
        report,
        timeScale: o.timeScale,
        locale: o.locale,
        onProblem: o.onProblem,
      }),
    useInvokers: (ref, list, options) => void chosen.set(refKey(ref), { invokers: list, only: options?.only === true }),
    setMaxEventsPerExecution: (value) => backend.setMaxEventsPerExecution(value),
    async dispose() {
      unsubscribe();
      stopInbox();
      await api?.stop();
      backend.close();
      releaseLock();
    },
  };
}

function refKey(ref: ExecutionRef): string {
  return `${ref.flowName}/${ref.executionName}`;
}
