/**
 * Rewriting the store's log without what was deleted (store/execution-store.ts decides when).
 *
 * Crash-safe by construction: the new log is written beside the old one, fsync'ed, then renamed
 * over it (an atomic replace on POSIX filesystems and NTFS), and the directory is fsync'ed so the
 * rename itself survives a power loss. A crash before the rename leaves the old log whole and a
 * stray `.compacting` file, removed at the next open; after it, the new log is complete.
 *
 * Only the process that owns the store (store-lock.ts) may do this, and only before it runs
 * anything: a writer holding the old file open would go on appending to a file no one reads.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LogContent {
  /** Whole lines (each ending in `\n`) written first: definitions, kept reports. */
  headLines: Buffer[];
  /** [offset, length] pairs of the old log to copy after them, in order. */
  ranges: readonly number[];
}

export function compactingPath(logPath: string): string {
  return `${logPath}.compacting`;
}

/** Replaces the log at `logPath` with `content`; returns the new log's size in bytes. */
export function rewriteLog(logPath: string, content: LogContent): number {
  const old = readFileSync(logPath);
  const tmp = compactingPath(logPath);
  const fd = openSync(tmp, 'w');
  let size = 0;
  try {
    const write = (buf: Buffer) => {
      let done = 0;
      while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done);
      size += buf.length;
    };
    if (content.headLines.length) write(Buffer.concat(content.headLines));
    for (let i = 0; i < content.ranges.length; i += 2) write(old.subarray(content.ranges[i], content.ranges[i] + content.ranges[i + 1]));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, logPath);
  syncDirectory(dirname(logPath));
  return size;
}

/** A compaction that a crash interrupted before its rename: the old log is the good one. */
export function removeStaleCompaction(logPath: string): void {
  try {
    rmSync(compactingPath(logPath), { force: true, recursive: true });
  } catch {
    // Not ours to remove (permissions): the next compaction's open fails, and leaves the log be.
  }
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
