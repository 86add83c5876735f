/** Runs a fixture flow under a FlowDebugger and lets a test wait for its stops, as a debug adapter would. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlowDebugger, type DebugListener, type StopReason } from '../../../engine/debug/flow-debugger';
import { loadMocksFile } from '../../../engine/invokers/mock-invoker';
import { runFlowFile, type RunFlowResult } from '../../../engine/run-flow';
import type { LocalBackend } from '../../../engine/local-backend';
import { flowNameFromPath } from '../../../engine/flow-resolver';

export type Dialect = 'classic' | 'statemachine';

export interface Stop {
  reason: StopReason;
  threadId: number;
  description: string;
  text?: string;
  hitBreakpointIds?: number[];
}

export interface DebugRun {
  dbg: FlowDebugger;
  /** The next stop (each stop is handed out once, in order). */
  nextStop(): Promise<Stop>;
  /** StopExecution, as the adapter's terminate does. */
  stop(): Promise<void>;
  /** Resolves when the run ended, with its result. */
  done: Promise<RunFlowResult>;
  outputs: string[];
  threadEvents: { reason: 'started' | 'exited'; threadId: number }[];
  /** The line (1-based) of the first line of the fixture holding `text`. */
  lineOf(text: string): number;
  /** The engine it runs on (once started): to answer a callback, to read a child's execution. */
  backend(): LocalBackend;
}

export function fixturePath(dialect: Dialect, flow = 'orders'): string {
  return join(__dirname, dialect, `${flow}.flow.yaml`);
}

export function startDebugRun(dialect: Dialect, setup: (dbg: FlowDebugger) => void, options: { stopOnEntry?: boolean; flow?: string; storeDir?: string } = {}): DebugRun {
  const flowPath = fixturePath(dialect, options.flow);
  const text = readFileSync(flowPath, 'utf8');
  const stops: Stop[] = [];
  const waiting: ((s: Stop) => void)[] = [];
  const outputs: string[] = [];
  const threadEvents: DebugRun['threadEvents'] = [];
  const listener: DebugListener = {
    stopped: (s) => {
      const w = waiting.shift();
      if (w) w(s);
      else stops.push(s);
    },
    thread: (e) => threadEvents.push(e),
    output: (t) => outputs.push(t),
  };
  const dbg = new FlowDebugger(text, listener, { stopOnEntry: options.stopOnEntry, flowName: 'orders' });
  setup(dbg);
  const input = JSON.parse(readFileSync(join(__dirname, dialect, 'input.json'), 'utf8')) as Record<string, unknown>;
  let backend: LocalBackend | undefined;
  const done = runFlowFile({
    flowPath,
    input,
    mocks: loadMocksFile(join(__dirname, dialect, 'mocks.yaml')),
    timeScale: 0,
    debug: dbg,
    storeDir: options.storeDir,
    executionName: 'debugged',
    onBackend: (b) => (backend = b),
  });
  return {
    dbg,
    done,
    stop: async () => {
      // StopExecution records the end at once; the paused paths are then let go, and nothing more starts.
      const stopping = backend!.stopExecution(flowNameFromPath(flowPath), 'debugged', '', 'stopped from the debugger');
      dbg.terminate();
      await stopping;
    },
    outputs,
    threadEvents,
    nextStop: () => {
      const s = stops.shift();
      if (s) return Promise.resolve(s);
      return new Promise<Stop>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no stop within 5 s')), 5000);
        waiting.push((x) => {
          clearTimeout(timer);
          resolve(x);
        });
        void done.then(() => reject(new Error('the run ended without stopping')), reject);
      });
    },
    lineOf: (needle) => text.split('\n').findIndex((l) => l.includes(needle)) + 1,
    backend: () => backend!,
  };
}
