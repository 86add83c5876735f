/**
 * Reading append-only JSON Lines files that a crash may have cut short and a disk may have damaged
 * (docs/store-format.md, "Damage").
 *
 * - A torn tail, what a crash mid-write leaves, is dropped: a last line without its final newline,
 *   or a last line that is not JSON with nothing after it. The writer cuts it off before its first
 *   append (append-file.ts), so the next write never glues onto garbage.
 * - Any other line that is not JSON, or whose checksum (line-checksum.ts) does not match, is
 *   damaged: reported with its place and bytes, and skipped; every line after it is still read.
 *   Nothing but a torn tail is ever cut off.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { checkLine } from './line-checksum';

export interface ReadLines<T> {
  records: T[];
  /** Byte length of the file without its torn tail. */
  goodBytes: number;
  /** True when a torn tail was dropped. */
  torn: boolean;
}

export type DamageReason = 'unparseable' | 'checksum';

/** A line skipped because it is damaged. */
export interface DamagedLine {
  /** 1-based line number in the file. */
  line: number;
  /** Byte offset of the line's first byte, and its length (newline included). */
  offset: number;
  length: number;
  reason: DamageReason;
  /** The line's bytes, newline excluded. */
  bytes: Buffer;
}

export interface ScanResult {
  /** Bytes of the file without its torn tail: where the next append goes. */
  goodBytes: number;
  /** Bytes of the file as scanned. */
  size: number;
  /** True when something after `goodBytes` is dropped. */
  torn: boolean;
  /** Damaged lines other than a torn tail, in file order. */
  damaged: DamagedLine[];
}

/** Calls `onLine` with each good line's value, its byte offset, byte length (newline included) and 1-based line number. */
export function scanJsonLines(path: string, onLine: (value: unknown, offset: number, length: number, line: number) => void): ScanResult {
  if (!existsSync(path)) return { goodBytes: 0, size: 0, torn: false, damaged: [] };
  const buf = readFileSync(path);
  const damaged: DamagedLine[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    if (nl < 0) break; // torn: no final newline
    lineNo++;
    const reason = readLine(buf, start, nl, lineNo, onLine);
    if (reason) {
      // The last line, not JSON, nothing after it: a torn tail (a newline from a later writer).
      if (reason === 'unparseable' && nl + 1 === buf.length) break;
      damaged.push({ line: lineNo, offset: start, length: nl + 1 - start, reason, bytes: Buffer.from(buf.subarray(start, nl)) });
    }
    start = nl + 1;
  }
  return { goodBytes: start, size: buf.length, torn: start < buf.length, damaged };
}

/** Reads one line (without its newline); returns why it is damaged, if it is. */
function readLine(
  buf: Buffer,
  start: number,
  end: number,
  lineNo: number,
  onLine: (value: unknown, offset: number, length: number, line: number) => void,
): DamageReason | undefined {
  // A line ending in \r\n (the file saved by an editor on Windows) is checked without its \r.
  const check = checkLine(buf, start, end > start && buf[end - 1] === 0x0d ? end - 1 : end);
  if (check === 'bad') return 'checksum';
  const text = buf.toString('utf8', start, end).trim();
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'unparseable';
  }
  // A line carrying a checksum field that checkLine could not find in its place: damaged too.
  if (check === 'unchecked' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'c')) return 'checksum';
  onLine(value, start, end + 1 - start, lineNo);
  return undefined;
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
