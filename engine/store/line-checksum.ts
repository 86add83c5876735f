/**
 * The checksum each log line carries (docs/store-format.md, "Checksums"): the line's JSON object
 * ends with a fixed-width field `,"c":"<8 hex>"}` holding the CRC-32C of every byte before it.
 * Inside the object, so a reader that does not know the field still reads the line; at a fixed
 * place, so checking a line needs no parse.
 */
import { crc32c } from './crc32c';

/** Bytes of `,"c":"` + 8 hex digits + `"}`. */
export const CHECK_SUFFIX_BYTES = 16;
const HEX = '0123456789abcdef';

/** `text`: one JSON object ending in `}` or `}\n`. Returns the line with its checksum and a final newline. */
export function sealedLine(text: string): Buffer {
  const n = Buffer.byteLength(text, 'utf8');
  const end = text.charCodeAt(text.length - 1) === 0x0a ? n - 2 : n - 1; // drop `}` (and `\n`)
  const buf = Buffer.allocUnsafe(end + CHECK_SUFFIX_BYTES + 1);
  buf.write(text, 0, end, 'utf8');
  let c = crc32c(buf, 0, end);
  let i = end;
  for (const ch of ',"c":"') buf[i++] = ch.charCodeAt(0);
  for (let k = 7; k >= 0; k--, c >>>= 4) buf[i + k] = HEX.charCodeAt(c & 15);
  i += 8;
  buf[i++] = 0x22; // "
  buf[i++] = 0x7d; // }
  buf[i] = 0x0a;
  return buf;
}

/** Many objects (each `{...}`, with or without a final newline) as sealed lines, one Buffer. */
export function sealedLines(texts: readonly string[]): Buffer {
  return Buffer.concat(texts.map(sealedLine));
}

/**
 * What the line `buf[start, end)` (no newline) says of itself:
 * - 'ok': it ends with a checksum field that matches;
 * - 'bad': it ends with something shaped like the field (`,"?":"????????"}`) that is not a
 *   matching checksum: a flipped bit in the content or in the field itself;
 * - 'unchecked': no such field (lines written before checksums; their JSON is all there is to check).
 */
export function checkLine(buf: Uint8Array, start: number, end: number): 'ok' | 'bad' | 'unchecked' {
  const f = end - CHECK_SUFFIX_BYTES;
  if (f < start || buf[end - 1] !== 0x7d || buf[end - 2] !== 0x22 || buf[f] !== 0x2c || buf[f + 1] !== 0x22 || buf[f + 3] !== 0x22 || buf[f + 4] !== 0x3a || buf[f + 5] !== 0x22)
    return 'unchecked';
  if (buf[f + 2] !== 0x63) return 'bad'; // `c` changed into another key
  let want = 0;
  for (let i = f + 6; i < f + 14; i++) {
    const d = hexValue(buf[i]);
    if (d < 0) return 'bad';
    want = want * 16 + d;
  }
  return crc32c(buf, start, f) === want ? 'ok' : 'bad';
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}
