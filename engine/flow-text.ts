/**
 * A flow file's text, read as UTF-8, the encoding flows are written in. Node's decoding turns the
 * bytes of another encoding (a GBK file's Chinese, say) into U+FFFD without a word, and the flow
 * would then check and run with names nobody wrote; where the bytes stop being UTF-8 is said
 * instead, by line and column.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';

/** The first byte that is no UTF-8, where it stands (1-based line and column of the text before it). */
export interface NotUtf8 {
  byte: string;
  line: number;
  column: number;
}

/** The file's text, or where it is not UTF-8; a file that cannot be read throws as readFileSync does. */
export function readFlowText(path: string): { text: string } | { notUtf8: NotUtf8 } {
  const bytes = readFileSync(path);
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
