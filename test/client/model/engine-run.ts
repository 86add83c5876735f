/** Runs fixture flows on a real LocalBackend (instant time) and records what a client sees. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEvent } from '../../../engine/backend';
import type { TaskInvoker } from '../../../engine/invoker';
import { LocalBackend } from '../../../engine/local-backend';

export const FIXTURES = join(__dirname, 'fixtures');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Accepts every task (a callback task then waits for a report). */
export const acceptingInvoker: TaskInvoker = { name: 'accept', canInvoke: () => true, invoke: async () => ({ kind: 'accepted' }) };

export function engineFor(
  t: { after(fn: () => void): void },
  invokers: TaskInvoker[] = [acceptingInvoker],
): { backend: LocalBackend; events: { flowName: string; executionName: string; event: HistoryEvent }[] } {
  const dir = mkdtempSync(join(tmpdir(), 'fdl-client-'));
  const backend = new LocalBackend({ storeDir: dir, invokers, timeScale: 0 });
  const events: { flowName: string; executionName: string; event: HistoryEvent }[] = [];
  backend.onEvent((flowName, executionName, event) => events.push({ flowName, executionName, event }));
  t.after(() => {
    backend.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { backend, events };
}

export async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
