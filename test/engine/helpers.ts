/** Small builders the engine tests share: temporary stores and scripted invokers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskInvocation, TaskInvoker, TaskOutcome } from '../../engine/invoker';

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
