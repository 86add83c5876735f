/**
 * What the crash-recovery tests of both dialects share: an engine process (crash/engine-process.ts)
 * on a store, the history of its execution `crash/e1`, the functions' invocation log, and a
 * SIGKILL once the history reaches a point.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyStoredEvent } from '../../../engine/history/events';
import { ExecutionStore } from '../../../engine/store/execution-store';
import { until } from '../helpers';

const ENGINE = join(__dirname, 'engine-process.ts');

export interface EngineRun {
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts an engine process; exit code 3 (its own failure) prints what it wrote to stderr. */
export function startEngine(storeDir: string, args: string[], env: Record<string, string> = {}): EngineRun {
  const child = spawn(process.execPath, ['--import', 'tsx', ENGINE, storeDir, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => (code === 3 ? (process.stderr.write(err), resolve(code)) : resolve(code))));
  return { child, exited };
}

export function history(storeDir: string): AnyStoredEvent[] {
  const s = new ExecutionStore(storeDir);
  return s.exists('crash', 'e1') ? s.readHistory('crash', 'e1') : [];
}

export function invocations(dir: string): string[] {
  const f = join(dir, 'invocations.log');
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [];
}

export async function killWhen(storeDir: string, run: EngineRun, predicate: (h: AnyStoredEvent[]) => boolean): Promise<void> {
  await until(() => predicate(history(storeDir)), 20_000);
  run.child.kill('SIGKILL');
  await run.exited;
}
