/**
 * Run one flow file to the end on a LocalBackend: what `fdl run` and `fdl test` do, and what the
 * tests drive. Mocks answer the tasks they name; other invokers (local code) may be passed in.
 * Other unfinished executions in the store are not resumed unless `resumeOthers` says so.
 */
import { resolve } from 'node:path';
import type { ExecutionStatus } from './backend';
import { flowNameFromPath } from './flow-resolver';
import { readFlowText, unreadableReason } from './flow-text';
import type { AnyStoredEvent } from './history/events';
import type { TaskInvoker } from './invoker';
import { MockInvoker, type MocksFile } from './invokers/mock-invoker';
import { FnfApiError } from './errors';
import { checkJsonValue, jsonLimitText } from './json-limits';
import { LocalBackend, type LocalBackendOptions } from './local-backend';
import { engineText } from './messages';
import { MemoryStore } from './store/memory-store';
import type { VisitHooks } from './debug/visit-hooks';

export interface RunFlowOptions {
  flowPath: string;
  input?: Record<string, unknown>;
  mocks?: MocksFile;
  /** The durable store's directory; without it the run keeps its history in memory only (MemoryStore). */
  storeDir?: string;
  timeScale?: number;
  invokers?: TaskInvoker[];
  executionName?: string;
  /** Defaults to the file name without `.flow.yaml`. */
  flowName?: string;
  flowsDirs?: string[];
  clock?: LocalBackendOptions['clock'];
  onLog?: LocalBackendOptions['onLog'];
  /** The most events one execution may have (default the service's 5,000; 0: none). */
  maxEventsPerExecution?: number;
  /** Also resume the store's other unfinished executions (with these invokers); default false. */
  resumeOthers?: boolean;
  /** Standard (default) or Express (run/patterns/express-mode.ts). */
  executionMode?: 'Standard' | 'Express';
  /** The execution runs under this debugger (engine/debug/). */
  debug?: VisitHooks;
  /** Called with the backend before the execution starts (e.g. to watch the report inbox). */
  onBackend?: (backend: LocalBackend) => void;
}

export interface RunFlowResult {
  flowName: string;
  executionName: string;
  status: ExecutionStatus;
  output?: unknown;
  error?: string;
  cause?: string;
  /** Names of the steps (states) that completed or failed, in history order (StepSucceeded / StepFailed, StateSucceeded / StateFailed / StateTimedOut). */
  path: string[];
  history: AnyStoredEvent[];
}

export async function runFlowFile(o: RunFlowOptions): Promise<RunFlowResult> {
  const flowPath = resolve(o.flowPath);
  let read: ReturnType<typeof readFlowText>;
  try {
    read = readFlowText(flowPath);
  } catch (e) {
    // Named here: `fdl test` and the Testing view show this message alone.
    throw new FnfApiError('InvalidArgument', engineText('flowUnreadable', flowPath, unreadableReason(e)));
  }
  if ('notUtf8' in read) throw new FnfApiError('InvalidArgument', engineText('flowNotUtf8', flowPath, read.notUtf8.byte, read.notUtf8.line, read.notUtf8.column));
  const definition = read.text;
  // The input is a value here (a scenario's), turned into text below: held to the limits first.
  const inputCheck = checkJsonValue(o.input ?? {}, { finiteNumbers: true });
  if (!inputCheck.ok) throw new FnfApiError('InvalidArgument', jsonLimitText(engineText('valueInput'), inputCheck));
  const backend = new LocalBackend({
    ...(o.storeDir !== undefined ? { storeDir: o.storeDir } : { store: new MemoryStore() }),
    invokers: [...(o.invokers ?? [])],
    timeScale: o.timeScale ?? 1,
    flowsDirs: o.flowsDirs,
    clock: o.clock,
    onLog: o.onLog,
    maxEventsPerExecution: o.maxEventsPerExecution,
  });
  if (o.mocks) {
    const report = (token: string, r: Parameters<LocalBackend['report']>[1]) => backend.report(token, r);
    backend.addInvoker(new MockInvoker(o.mocks, { match: 'named', report }), true);
    backend.addInvoker(new MockInvoker(o.mocks, { match: 'catch-all', report }));
  }
  try {
    // Learn the store's tokens before taking reports; resume other executions only when asked.
    await backend.open({ resume: () => o.resumeOthers ?? false });
    o.onBackend?.(backend);
    const flowName = o.flowName ?? flowNameFromPath(flowPath);
    const started = await backend.startExecution(
      {
        flowName,
        definition,
        flowPath,
        executionName: o.executionName,
        input: JSON.stringify(o.input ?? {}),
        executionMode: o.executionMode,
      },
      { debug: o.debug },
    );
    const state = await backend.waitForExecution(flowName, started.name);
    const history = backend.readStoredHistory(flowName, started.name);
    return {
      flowName,
      executionName: started.name,
      status: state.status,
      output: state.output,
      error: state.error,
      cause: state.cause,
      path: stepPath(history),
      history,
    };
  } finally {
    backend.close();
  }
}

/** The steps an execution went through, each once per visit, in the order they finished. */
export function stepPath(history: readonly AnyStoredEvent[]): string[] {
  const out: string[] = [];
  for (const e of history) {
    if (e.type === 'StepSucceeded' || e.type === 'StateSucceeded' || ((e.type === 'StepFailed' || e.type === 'StateFailed' || e.type === 'StateTimedOut') && e.stepName))
      out.push(e.stepName!);
  }
  return out;
}
