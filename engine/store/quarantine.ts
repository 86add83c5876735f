/**
 * Damaged log lines kept aside: `<store>/quarantine/<log name>-<time>.jsonl`, one JSON record per
 * line (docs/store-format.md, "Damage"). The log itself keeps the bytes too (nothing but a torn tail
 * is ever cut from it); the copy is what survives a later compaction, which drops damaged lines.
 * A line already kept by an earlier open (same log, offset and bytes) is not copied again.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { crc32c } from './crc32c';
import type { DamagedLine } from './jsonl-log';

export const QUARANTINE_DIR = 'quarantine';

interface QuarantineRecord {
  file: string;
  line: number;
  offset: number;
  length: number;
  reason: string;
  /** CRC-32C of the line's bytes (which copy is which line, across opens). */
  crc: string;
  /** The line as UTF-8 text; `base64` too when that text does not give its bytes back. */
  text: string;
  base64?: string;
}

/**
 * Copies each damaged line of `logPath` into the store's quarantine; returns, for each, the path
 * of the file that holds its copy (undefined when it could not be written: the log still has it).
 */
export function keepAside(storeDir: string, logPath: string, lines: readonly DamagedLine[], now = new Date()): (string | undefined)[] {
  if (lines.length === 0) return [];
  const file = basename(logPath);
  const dir = join(storeDir, QUARANTINE_DIR);
  const known = keptBefore(dir, file);
  const out: (string | undefined)[] = [];
  const fresh: { i: number; record: QuarantineRecord }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const crc = crc32c(l.bytes).toString(16).padStart(8, '0');
    const kept = known.get(`${l.offset}:${crc}`);
    out.push(kept);
    if (kept) continue;
    const text = l.bytes.toString('utf8');
    const record: QuarantineRecord = { file, line: l.line, offset: l.offset, length: l.length, reason: l.reason, crc, text };
    if (!Buffer.from(text, 'utf8').equals(l.bytes)) record.base64 = l.bytes.toString('base64');
    fresh.push({ i, record });
  }
  if (fresh.length === 0) return out;
  try {
    mkdirSync(dir, { recursive: true });
    const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '-');
    let path = join(dir, `${file.replace(/\.jsonl$/, '')}-${stamp}.jsonl`);
    for (let n = 2; existsSync(path); n++) path = join(dir, `${file.replace(/\.jsonl$/, '')}-${stamp}-${n}.jsonl`);
    const fd = openSync(path, 'wx');
    try {
      const data = Buffer.from(fresh.map((f) => JSON.stringify(f.record) + '\n').join(''), 'utf8');
      for (let done = 0; done < data.length;) done += writeSync(fd, data, done, data.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    for (const f of fresh) out[f.i] = path;
  } catch {
    // Read-only store, full disk: the damaged lines stay in the log, reported without a copy.
  }
  return out;
}

/** `<offset>:<crc>` of each line of `file` the quarantine already holds, to its quarantine file. */
function keptBefore(dir: string, file: string): Map<string, string> {
  const known = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return known;
  }
  for (const name of names) {
    if (!name.endsWith('.jsonl')) continue;
    const path = join(dir, name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as Partial<QuarantineRecord>;
        if (r.file === file && typeof r.offset === 'number' && typeof r.crc === 'string') known.set(`${r.offset}:${r.crc}`, path);
      } catch {
        /* not a record of ours */
      }
    }
  }
  return known;
}
