/**
 * One engine process drives a store at a time: `<store>/engine.lock` names it. Others
 * (e.g. `fdl report-success` in another terminal) see the owner and hand it reports through the
 * inbox (report-inbox.ts) instead of running executions themselves.
 *
 * Exclusive: the lock is created with O_EXCL ('wx'), written ({ pid, start, nonce, since }) and
 * fsynced, so of processes starting together exactly one creates it; the others read it and are
 * refused. A writer is between create and write for microseconds, so an empty or unparsable lock
 * is taken as held while it is younger than LOCK_GRACE_MS, and as the remains of a crash after.
 *
 * Stale takeover: a lock whose pid is gone, or whose pid now belongs to a younger process (on Linux
 * the owner's start time from /proc is recorded and compared, so a reused pid is not mistaken for
 * the owner; elsewhere the pid alone decides), is stale. It is removed only under a takeover guard
 * (`engine.lock.takeover`, itself created with O_EXCL and held for microseconds) after re-reading
 * that the lock still holds exactly the text judged stale (the nonce makes every lock text
 * unique), so a takeover never removes a lock another process created meanwhile. The remover then
 * races for the lock like anyone else; racers that find the guard held are refused. A guard left
 * by a crash is itself stale by the same rules and is removed by rename + re-check.
 */
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { engineText } from '../messages';

/** How long an empty or half-written lock (a writer between create and write) counts as held. */
export const LOCK_GRACE_MS = 2000;

export function lockPath(storeDir: string): string {
  return join(storeDir, 'engine.lock');
}

interface LockRecord {
  pid: number;
  /** The owner's start time in clock ticks since boot (Linux /proc/<pid>/stat field 22). */
  start?: string;
  nonce: string;
  since: string;
}

interface SeenLock {
  text: string;
  record?: LockRecord;
  ageMs: number;
}

/** The pid of the live process that owns the store, if any. */
export function storeOwner(storeDir: string): number | undefined {
  const seen = readLock(lockPath(storeDir));
  return seen?.record && isLive(seen.record) ? seen.record.pid : undefined;
}

/** Takes the store for this process; throws naming the owner if another live process has it. */
export function acquireStoreLock(storeDir: string): () => void {
  mkdirSync(storeDir, { recursive: true });
  const file = lockPath(storeDir);
  for (let attempt = 0; attempt < 8; attempt++) {
    const text = JSON.stringify(ownRecord());
    if (createExclusive(file, text)) return releaser(file, text);
    const seen = readLock(file);
    if (!seen) continue; // released meanwhile
    if (seen.record?.pid === process.pid && isLive(seen.record)) return releaser(file, seen.text);
    if (!isStale(seen)) throw inUse(storeDir, seen.record?.pid);
    const taker = removeStale(file, seen.text);
    if (taker) throw inUse(storeDir, taker.pid);
  }
  throw inUse(storeDir, readLock(file)?.record?.pid);
}

function releaser(file: string, text: string): () => void {
  return () => {
    // Only our own lock: never one another process took over or created since.
    if (readLock(file)?.text === text) rmSync(file, { force: true });
  };
}

function inUse(storeDir: string, pid: number | undefined): Error {
  return new Error(engineText('storeLocked', storeDir, pid ?? '?'));
}

/** Creates `file` holding `text` only if it does not exist; false if it does. */
function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(file, { force: true });
    throw e;
  }
  closeSync(fd);
  return true;
}

function readLock(file: string): SeenLock | undefined {
  let text: string;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return { text, record: parseRecord(text), ageMs: Date.now() - mtimeMs };
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockRecord>;
    return typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0 ? (v as LockRecord) : undefined;
  } catch {
    return undefined;
  }
}

function isStale(seen: SeenLock): boolean {
  return seen.record ? !isLive(seen.record) : seen.ageMs > LOCK_GRACE_MS;
}

function isLive(r: LockRecord): boolean {
  if (r.pid === process.pid) return r.start === undefined || r.start === startTicks(process.pid);
  try {
    process.kill(r.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // Alive; but is it the process that wrote the lock? (A pid can be reused after a crash or reboot.)
  if (r.start === undefined) return true;
  const now = startTicks(r.pid);
  return now === undefined || now === r.start;
}

/** Linux: a process's start time (ticks since boot), which tells a reused pid from its first owner. */
function startTicks(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) is parenthesised and may hold spaces; field 22 is the 20th after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

let ownStart: string | undefined | null = null;

/**
 * `bytes` random bytes in hex, to tell apart lock texts (and names) that pid and time alone may not:
 * they need to differ, not to be secret, so Math.random (which V8 seeds per process from the
 * system's randomness) rather than node:crypto, whose loading cost every run about 3 ms
 * (docs/cold-start.md).
 */
function uniqueHex(bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += ((Math.random() * 256) | 0).toString(16).padStart(2, '0');
  return out;
}

function ownRecord(): LockRecord {
  if (ownStart === null) ownStart = startTicks(process.pid);
  return { pid: process.pid, ...(ownStart ? { start: ownStart } : {}), nonce: uniqueHex(8), since: new Date().toISOString() };
}

/**
 * Removes the stale lock `file` if it still holds exactly `staleText`, under the takeover guard.
 * Answers the process holding the guard (it is taking the store over) instead, if another does.
 */
function removeStale(file: string, staleText: string): { pid?: number } | undefined {
  const guard = `${file}.takeover`;
  const guardText = JSON.stringify(ownRecord());
  if (!createExclusive(guard, guardText)) {
    const held = readLock(guard);
    if (!held) return undefined; // released meanwhile: try again
    if (!isStale(held)) return { pid: held.record?.pid };
    removeIfUnchanged(guard, held.text);
    return undefined;
  }
  try {
    if (readLock(file)?.text === staleText) unlinkSync(file);
  } finally {
    if (readLock(guard)?.text === guardText) rmSync(guard, { force: true });
  }
  return undefined;
}

/** Removes a stale guard: renamed aside first, and put back if what was renamed is not it. */
function removeIfUnchanged(file: string, text: string): void {
  const aside = `${file}.${process.pid}.${uniqueHex(4)}`;
  try {
    renameSync(file, aside);
  } catch {
    return;
  }
  if (readLock(aside)?.text !== text) {
    try {
      linkSync(aside, file);
    } catch {
      /* another guard was created meanwhile: that one stands */
    }
  }
  rmSync(aside, { force: true });
}
