/**
 * Reading the files the CLI and the engine are pointed at: flow files, scenario files, mocks files,
 * `--input @file`. Each is read whole, so a path that is no regular file (a device such as
 * /dev/zero never ends, a FIFO without a writer never answers) or a file far larger than anything
 * the reader of its text accepts would exhaust memory or hang: such a path is refused, before
 * anything is read, with a reason that says which.
 *
 * A flow file's text is read as UTF-8, the encoding flows are written in. Node's decoding turns the
 * bytes of another encoding (a GBK file's Chinese, say) into U+FFFD without a word, and the flow
 * would then check and run with names nobody wrote; where the bytes stop being UTF-8 is said
 * instead, by line and column.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { MAX_DOCUMENT_CHARS } from '../fdl/input-limits';
import { formatMessage, type Locale } from '../fdl/messages';
import { engineLocale, engineMessages } from './messages';

/**
 * The most bytes read of a YAML document (a flow, a scenario, a mocks file): the language core
 * refuses a text over MAX_DOCUMENT_CHARS UTF-16 units, and UTF-8 takes at most 3 bytes per unit,
 * so a larger file would be refused unread anyway.
 */
export const MAX_DOCUMENT_BYTES = 3 * MAX_DOCUMENT_CHARS;

/**
 * The most bytes read of an execution's history (a JSON file a replay steps through): far more than
 * any history holds, and well under the longest string V8 can make (about 512 MiB), past which
 * reading it would throw anyway.
 */
export const MAX_HISTORY_BYTES = 256 * 1024 * 1024;

/** A path refused before reading: not a regular file, or more than the limit's bytes. */
export class FileRefusedError extends Error {
  constructor(readonly refusal: { kind: 'not-a-file'; what: 'folder' | 'fifo' | 'device' | 'socket' | 'other' } | { kind: 'too-large'; bytes: number; limit: number }) {
    super(refusalText(refusal, engineLocale()));
  }
}

function refusalText(r: FileRefusedError['refusal'], locale: Locale): string {
  if (r.kind === 'too-large') return formatMessage(engineMessages.fileTooLarge, locale, r.bytes, r.limit);
  const what = {
    folder: engineMessages.fileKindFolder,
    fifo: engineMessages.fileKindFifo,
    device: engineMessages.fileKindDevice,
    socket: engineMessages.fileKindSocket,
    other: engineMessages.fileKindOther,
  }[r.what];
  return formatMessage(engineMessages.fileNotRegular, locale, formatMessage(what, locale));
}

/** Why reading a file failed, in `locale`: the refusal's reason, or the errno code (ENOENT…) of a failed open or read. */
export function unreadableReason(e: unknown, locale: Locale = engineLocale()): string {
  if (e instanceof FileRefusedError) return refusalText(e.refusal, locale);
  return (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message ?? String(e);
}

function kindOf(st: Stats): 'folder' | 'fifo' | 'device' | 'socket' | 'other' {
  if (st.isDirectory()) return 'folder';
  if (st.isFIFO()) return 'fifo';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  if (st.isSocket()) return 'socket';
  return 'other';
}

/**
 * The bytes of the regular file at `path`, at most `maxBytes` of them; anything else throws
 * FileRefusedError (or the errno error of a failed open or read).
 */
export function readFileBounded(path: string, maxBytes: number): Buffer {
  // Non-blocking: opening a FIFO for reading would otherwise wait for a writer, possibly forever.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileRefusedError({ kind: 'not-a-file', what: kindOf(st) });
    if (st.size > maxBytes) throw new FileRefusedError({ kind: 'too-large', bytes: st.size, limit: maxBytes });
    // The file may grow between the stat and the read: never more than one byte past the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(st.size - total, 64 * 1024), maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new FileRefusedError({ kind: 'too-large', bytes: total, limit: maxBytes });
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** The text of a file read within `maxBytes` (readFileBounded), decoded as UTF-8. */
export function readTextBounded(path: string, maxBytes: number): string {
  return readFileBounded(path, maxBytes).toString('utf8');
}

/** The first byte that is no UTF-8, where it stands (1-based line and column of the text before it). */
export interface NotUtf8 {
  byte: string;
  line: number;
  column: number;
}

/** The flow file's text, or where it is not UTF-8; a file that cannot be read throws (readFileBounded). */
export function readFlowText(path: string): { text: string } | { notUtf8: NotUtf8 } {
  return readUtf8Text(path, MAX_DOCUMENT_BYTES);
}

/**
 * The text of a file written in UTF-8 (a flow, an s.yaml, a JSON file), read within `maxBytes`
 * (readFileBounded), or where it stops being UTF-8; a file that cannot be read throws.
 */
export function readUtf8Text(path: string, maxBytes: number): { text: string } | { notUtf8: NotUtf8 } {
  const bytes = readFileBounded(path, maxBytes);
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { text };
  // The decoded text, encoded again, matches the bytes up to the first one that was replaced.
  const again = Buffer.from(text, 'utf8');
  let i = 0;
  while (i < bytes.length && bytes[i] === again[i]) i++;
  const lines = bytes.subarray(0, i).toString('utf8').split('\n');
  const byte = bytes[i].toString(16).toUpperCase().padStart(2, '0');
  return { notUtf8: { byte, line: lines.length, column: lines[lines.length - 1].length + 1 } };
}

/**
 * The text of a UTF-8 file within `maxBytes`, or why it cannot be had, in `locale`: what
 * unreadableReason says, or where it is not UTF-8. For files whose trouble is reported, not thrown.
 */
export function readUtf8TextOrWhy(path: string, maxBytes: number, locale: Locale = engineLocale()): { text: string } | { why: string } {
  let read: ReturnType<typeof readUtf8Text>;
  try {
    read = readUtf8Text(path, maxBytes);
  } catch (e) {
    return { why: unreadableReason(e, locale) };
  }
  if ('text' in read) return read;
  const { byte, line, column } = read.notUtf8;
  return { why: formatMessage(engineMessages.fileNotUtf8, locale, byte, line, column) };
}
