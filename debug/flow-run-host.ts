/**
 * Where a debugged execution runs: the adapter (flow-debug-session.ts) asks its host to start the
 * flow with the debugger attached and is told how it ends. In VS Code the host is the extension's
 * embedded engine (the execution is then in the Executions view like any local run); for tests and
 * the CLI, `standalone-host.ts` runs it on an engine of its own.
 */
import { resolve } from 'node:path';
import { loadMocksFile, parseMocks, type FlowDebugger, type LocalBackend, type MocksFile } from '../engine/index';

/** The launch configuration's attributes (package.json `contributes.debuggers`). */
export interface FlowLaunchArguments {
  /** The flow file. */
  program: string;
  /** The execution input: a JSON object, or JSON text. */
  input?: unknown;
  /** A file holding the input as JSON (used when `input` is absent). */
  inputFile?: string;
  /** A mocks file (the one beside the flow otherwise, in VS Code), or the mocks themselves (`{tasks: …}`, as a scenario writes them inline). */
  mocks?: string | MocksFile;
  /** A Serverless Devs s.yaml whose functions run locally. */
  functions?: string;
  /** Real time per flow time (1 = real time, 0 = skip idle time). */
  timeScale?: number;
  stopOnEntry?: boolean;
  /** A finished execution's history (JSON: a list of events or `{events}`) to step through instead of running the flow. */
  replay?: string;
  /** With `replay`: the flow's text when `program` names no file (a URI of a read-only document, a cloud execution's definition). */
  definition?: string;
  /**
   * The scenario file (`fdl test`) this launch debugs (the Testing view's Debug profile sets it
   * with the scenario's program, input and mocks): in VS Code the execution then gets exactly the
   * invokers a Run of the scenario gets, none of the flow file's own. An engine of its own has none.
   */
  scenario?: string;
}

export interface RunEnd {
  status: string;
  output?: unknown;
  error?: string;
  cause?: string;
}

export interface StartedRun {
  flowName: string;
  executionName: string;
  /** Settles when the execution has ended. */
  ended: Promise<RunEnd>;
  /** StopExecution (resolves once the end is recorded). */
  stop(cause: string): Promise<void>;
}

export interface FlowRunHost {
  start(args: FlowLaunchArguments, definition: string, input: string, debug: FlowDebugger): Promise<StartedRun>;
}

/** The launch's mocks: read from their file (relative to `base`), or checked as given inline. */
export function launchMocks(args: FlowLaunchArguments, base = '.'): MocksFile | undefined {
  if (!args.mocks) return undefined;
  if (typeof args.mocks === 'string') return loadMocksFile(resolve(base, args.mocks));
  return parseMocks(JSON.stringify(args.mocks), `${args.program} (mocks)`);
}

/** A debugged execution started on `backend`, as the adapter holds it: how it ends, and how to stop it. */
export function startedRun(
  backend: Pick<LocalBackend, 'waitForExecution' | 'stopExecution'>,
  flowName: string,
  executionName: string,
  debug: FlowDebugger,
  onEnd?: () => void,
): StartedRun {
  const ended = backend.waitForExecution(flowName, executionName).then((s) => {
    onEnd?.();
    return { status: s.status, output: s.output, error: s.error, cause: s.cause };
  });
  return {
    flowName,
    executionName,
    ended,
    stop: async (cause) => {
      const stopping = backend.stopExecution(flowName, executionName, '', cause);
      debug.terminate();
      await stopping.catch(() => undefined);
    },
  };
}
