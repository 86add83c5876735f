/**
 * One engine process drives a store at a time: `<store>/engine.lock` holds its pid. Others
 * (e.g. `fdl report-success` in another terminal) see the owner and hand it reports through the
 * inbox (report-inbox.ts) instead of running executions themselves. A lock whose pid is gone is
 * stale and may be taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function lockPath(storeDir: string): string {
  return join(storeDir, 'engine.lock');
}

/** The pid of the live process that owns the store, if any. */
export function storeOwner(storeDir: string): number | undefined {
  try {
    const { pid } = JSON.parse(readFileSync(lockPath(storeDir), 'utf8')) as { pid: number };
    if (pid === process.pid) return pid;
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? readPid(storeDir) : undefined;
  }
}

function readPid(storeDir: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(lockPath(storeDir), 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
}

/** Takes the store for this process; throws naming the owner if another live process has it. */
export function acquireStoreLock(storeDir: string): () => void {
  mkdirSync(storeDir, { recursive: true });
  const owner = storeOwner(storeDir);
  if (owner !== undefined && owner !== process.pid) {
    throw new Error(`The store ${storeDir} is in use by process ${owner} (another fdl run/serve or VS Code). Use --store <dir> for a separate store, or stop that process.`);
  }
  writeFileSync(lockPath(storeDir), JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
  return () => {
    if (readPid(storeDir) === process.pid) rmSync(lockPath(storeDir), { force: true });
  };
}
