/** Small builders the engine tests share: temporary stores and scripted invokers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskInvocation, TaskInvoker, TaskOutcome } from '../../engine/invoker';
import { ExecutionStore } from '../../engine/store/execution-store';

export function tempDir(t: { after(fn: () => void): void }, prefix = 'fdl-engine-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An invoker answering every task with `answer`, remembering each invocation. */
export function scriptedInvoker(answer: (inv: TaskInvocation) => TaskOutcome | Promise<TaskOutcome>): TaskInvoker & { calls: TaskInvocation[] } {
  const calls: TaskInvocation[] = [];
  return {
    name: 'scripted',
    calls,
    canInvoke: () => true,
    invoke: async (inv) => {
      calls.push(inv);
      return answer(inv);
    },
  };
}

/** Resolves once `predicate` holds, polling briefly (for events that happen asynchronously). */
export async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const CALLBACK_FLOW = `version: v1
type: flow
steps:
  - type: task
    name: approve
    resourceArn: acs:fc:::services/s/functions/approve
    pattern: waitForCallback
    inputMappings:
      - target: token
        source: $context.task.token
  - type: pass
    name: after
`;

/**
 * The task token of an execution that another process (an `fdl run`) is running in `store`, once
 * its callback task was submitted and so waits; read from the store's log as it grows.
 */
export async function waitingToken(store: string, flowName: string, executionName: string): Promise<string> {
  let token = '';
  await until(() => {
    const s = new ExecutionStore(store);
    if (!s.exists(flowName, executionName)) return false;
    const h = s.readHistory(flowName, executionName);
    token = (h.find((e) => e.type === 'TaskScheduled')?.detail as { taskToken?: string } | undefined)?.taskToken ?? '';
    return token !== '' && h.some((e) => e.type === 'TaskSubmitted');
  }, 30_000);
  return token;
}

/** mulberry32: a small seeded PRNG, so a failing fault campaign can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
