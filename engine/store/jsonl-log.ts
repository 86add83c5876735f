/**
 * Reading append-only JSON Lines files that a crash may have cut short.
 *
 * A crash can leave a torn last line (no final newline, or half a JSON value). Scanning stops at
 * the first line that is not complete JSON: everything after it is dropped, and the writer
 * truncates the file back to that point before its first append (append-file.ts), so the next
 * write never glues onto garbage.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';

export interface ReadLines<T> {
  records: T[];
  /** Byte length of the prefix made of complete, parseable lines. */
  goodBytes: number;
  /** True when something after the good prefix was dropped. */
  torn: boolean;
}

/** Calls `onLine` with each complete line's value, its byte offset and byte length (newline included). */
export function scanJsonLines(path: string, onLine: (value: unknown, offset: number, length: number) => void): { goodBytes: number; torn: boolean } {
  if (!existsSync(path)) return { goodBytes: 0, torn: false };
  const buf = readFileSync(path);
  let start = 0;
  let goodBytes = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    if (nl < 0) break; // torn: no final newline
    const line = buf.toString('utf8', start, nl).trim();
    if (line) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        break; // a half-written line followed by a newline from a later writer: stop here
      }
      onLine(value, start, nl + 1 - start);
    }
    start = nl + 1;
    goodBytes = start;
  }
  return { goodBytes, torn: goodBytes < buf.length };
}

export function readJsonLines<T>(path: string): ReadLines<T> {
  const records: T[] = [];
  const { goodBytes, torn } = scanJsonLines(path, (v) => records.push(v as T));
  return { records, goodBytes, torn };
}

/** The JSON lines stored in `ranges` ([offset, length] pairs) of `path`, in order. */
export function readJsonRanges(path: string, ranges: readonly number[]): unknown[] {
  if (ranges.length === 0) return [];
  const fd = openSync(path, 'r');
  try {
    const out: unknown[] = [];
    for (let i = 0; i < ranges.length; i += 2) {
      const buf = Buffer.allocUnsafe(ranges[i + 1]);
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, ranges[i] + got);
        if (n === 0) throw new Error(`${path} is shorter than its index says (offset ${ranges[i]})`);
        got += n;
      }
      for (const line of buf.toString('utf8').split('\n')) if (line) out.push(JSON.parse(line));
    }
    return out;
  } finally {
    closeSync(fd);
  }
}
