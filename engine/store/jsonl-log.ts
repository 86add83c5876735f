/**
 * One append-only JSON Lines file, written with fsync so that a line is on disk before the caller
 * goes on (the engine appends an event BEFORE the side effect it announces).
 *
 * A crash can leave a torn last line (no final newline, or half a JSON value). Reading drops it,
 * and opening for append truncates the file back to the last complete line, so the next append
 * never glues onto garbage.
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';

export interface ReadLines<T> {
  records: T[];
  /** Byte length of the prefix made of complete, parseable lines. */
  goodBytes: number;
  /** True when something after the good prefix was dropped. */
  torn: boolean;
}

export function readJsonLines<T>(path: string): ReadLines<T> {
  if (!existsSync(path)) return { records: [], goodBytes: 0, torn: false };
  const buf = readFileSync(path);
  const records: T[] = [];
  let start = 0;
  let goodBytes = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    if (nl < 0) break; // torn: no final newline
    const line = buf.subarray(start, nl).toString('utf8').trim();
    if (line) {
      try {
        records.push(JSON.parse(line) as T);
      } catch {
        break; // a half-written line followed by a newline from a later writer: stop here
      }
    }
    start = nl + 1;
    goodBytes = start;
  }
  return { records, goodBytes, torn: goodBytes < buf.length };
}

export class JsonlAppender {
  private fd: number;

  constructor(readonly path: string, goodBytes?: number) {
    this.fd = openSync(path, 'a+');
    const good = goodBytes ?? readJsonLines(path).goodBytes;
    ftruncateSync(this.fd, good);
  }

  append(record: unknown): void {
    writeSync(this.fd, JSON.stringify(record) + '\n');
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
