/**
 * The bytes of the log lines one write() carries, written in place: a growable Buffer that the
 * store keeps from one write to the next, so a write allocates no line strings, no Buffers and
 * no arrays of values for JSON.stringify to walk (docs/store-format.md, "How a line is written").
 * Numbers and the store's own strings go in byte by byte; user data goes in as JSON.stringify's
 * text. Every method writes what JSON.stringify would for the same value.
 */
import { crc32c } from './crc32c';
import { CHECK_SUFFIX_BYTES } from './line-checksum';

/** What a store's buffer starts at, and shrinks back to after a write that needed more. */
const INITIAL_BYTES = 64 * 1024;
const HEX = '0123456789abcdef';

export class LineBuffer {
  buf: Buffer;
  /** Bytes written so far: the next byte's offset. */
  pos = 0;

  /** `bytes`: the first size (a buffer for one short-lived line needs less than a store's). */
  constructor(bytes = INITIAL_BYTES) {
    this.buf = Buffer.allocUnsafe(bytes);
  }

  /** Room for `n` more bytes. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = Math.max(64, this.buf.length * 2);
    while (size < this.pos + n) size *= 2;
    const bigger = Buffer.allocUnsafe(size);
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** Forgets what was written (after a write() took it); a buffer grown past its first size is let go. */
  clear(): void {
    this.pos = 0;
    if (this.buf.length > INITIAL_BYTES * 16) this.buf = Buffer.allocUnsafe(INITIAL_BYTES);
  }

  /** The bytes written so far (a view, valid until the next write into this buffer). */
  bytes(from = 0): Buffer {
    return this.buf.subarray(from, this.pos);
  }

  /** Bytes as they are (a line sealed elsewhere). */
  append(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Text of ASCII characters only (the store's own punctuation and field names). */
  ascii(s: string): void {
    this.room(s.length);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** One ASCII character, by its code. */
  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** Any text as UTF-8 (JSON text from JSON.stringify). */
  utf8(s: string): void {
    const n = s.length;
    if (n < 32) {
      // Short texts: a loop beats the call into C++ when every character is ASCII.
      this.room(n);
      const b = this.buf;
      let p = this.pos;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[p++] = c;
      }
      if (i === n) {
        this.pos = p;
        return;
      }
    }
    this.room(n * 3);
    this.pos += this.buf.write(s, this.pos);
  }

  /** A number as JSON writes it. */
  num(n: number): void {
    if (n >= 0 && n < 0x80000000 && (n | 0) === n) {
      // Most numbers the store writes: ids, codes, time differences, masks (small integers).
      // As an int32 (`| 0`), so that the divisions below are integer ones.
      let m = n | 0;
      const digits = m < 10 ? 1 : m < 100 ? 2 : m < 1000 ? 3 : m < 10000 ? 4 : m < 100000 ? 5 : m < 1000000 ? 6 : m < 10000000 ? 7 : m < 100000000 ? 8 : m < 1000000000 ? 9 : 10;
      this.room(digits);
      const b = this.buf;
      let p = this.pos + digits;
      this.pos = p;
      do {
        const q = (m / 10) | 0;
        b[--p] = 0x30 + m - q * 10;
        m = q;
      } while (m > 0);
      return;
    }
    // Negative, large or not an integer (-0 included, which JSON writes as 0).
    this.ascii(Number.isFinite(n) ? String(n) : 'null');
  }

  /**
   * The characters of `s` when JSON writes each as it is (printable ASCII but `"` and `\\`), without
   * quotes; false (part written: the caller goes back) at the first that it does not.
   */
  plain(s: string): boolean {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
      b[p++] = c;
    }
    this.pos = p;
    return true;
  }

  /** A string as JSON writes it (quoted and escaped). */
  str(s: string): void {
    if (typeof s !== 'string') return this.utf8(JSON.stringify(s) ?? 'null');
    const n = s.length;
    this.room(n + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // Anything JSON escapes, or that is not ASCII: JSON.stringify writes the whole string.
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return this.utf8(JSON.stringify(s));
      b[p++] = c;
    }
    b[p++] = 0x22;
    this.pos = p;
  }

  /**
   * Ends the line that starts at `start` (its text so far a JSON object without its final `}`)
   * with its checksum field, `}` and a newline (line-checksum.ts `sealedLine`, the same bytes).
   */
  seal(start: number): void {
    let c = crc32c(this.buf, start, this.pos);
    this.room(CHECK_SUFFIX_BYTES + 1);
    const b = this.buf;
    let i = this.pos;
    this.ascii(',"c":"');
    i += 6;
    for (let k = 7; k >= 0; k--, c >>>= 4) b[i + k] = HEX.charCodeAt(c & 15);
    i += 8;
    b[i++] = 0x22; // "
    b[i++] = 0x7d; // }
    b[i++] = 0x0a;
    this.pos = i;
  }
}
