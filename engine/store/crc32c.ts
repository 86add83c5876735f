/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven: slicing by 16 bytes, read
 * as four 32-bit words, on little-endian machines (every platform Node ships for but s390x),
 * slicing by 8 bytes read one by one elsewhere. Hand-written: Node 20 (VS Code's extension host)
 * has no built-in CRC (zlib.crc32 came with Node 22, and is CRC-32, not C); the npm packages are
 * native addons (a per-platform build for the extension), or in JavaScript a byte at a time
 * (@aws-crypto/crc32c, polycrc: about a tenth and a third of this speed, measured on Node 20).
 * Check value: crc32c("123456789") = 0xE3069283.
 */
const T = new Int32Array(16 * 256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  T[n] = c;
}
for (let n = 0; n < 256; n++) for (let t = 1; t < 16; t++) T[t * 256 + n] = (T[(t - 1) * 256 + n] >>> 8) ^ T[T[(t - 1) * 256 + n] & 0xff];

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Below this many bytes, the word view costs more than it saves. */
const WORDS_FROM = 64;

/** CRC-32C of `buf[start, end)`, as an unsigned 32-bit number. */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  let c = ~0;
  let i = start;
  if (LITTLE_ENDIAN && end - i >= WORDS_FROM) {
    // Up to a 4-byte boundary of the underlying memory, then 16 bytes a step.
    while ((buf.byteOffset + i) & 3) c = T[(c ^ buf[i++]) & 0xff] ^ (c >>> 8);
    const words = ((end - i) >> 4) * 4;
    const u = new Int32Array(buf.buffer, buf.byteOffset + i, words);
    for (let k = 0; k < words; k += 4) {
      c ^= u[k];
      const h = u[k + 1];
      const g = u[k + 2];
      const f = u[k + 3];
      c =
        T[3840 + (c & 0xff)] ^
        T[3584 + ((c >>> 8) & 0xff)] ^
        T[3328 + ((c >>> 16) & 0xff)] ^
        T[3072 + (c >>> 24)] ^
        T[2816 + (h & 0xff)] ^
        T[2560 + ((h >>> 8) & 0xff)] ^
        T[2304 + ((h >>> 16) & 0xff)] ^
        T[2048 + (h >>> 24)] ^
        T[1792 + (g & 0xff)] ^
        T[1536 + ((g >>> 8) & 0xff)] ^
        T[1280 + ((g >>> 16) & 0xff)] ^
        T[1024 + (g >>> 24)] ^
        T[768 + (f & 0xff)] ^
        T[512 + ((f >>> 8) & 0xff)] ^
        T[256 + ((f >>> 16) & 0xff)] ^
        T[f >>> 24];
    }
    i += words * 4;
  } else {
    for (const last = end - 7; i < last; i += 8) {
      c ^= buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
      const h = buf[i + 4] | (buf[i + 5] << 8) | (buf[i + 6] << 16) | (buf[i + 7] << 24);
      c =
        T[1792 + (c & 0xff)] ^
        T[1536 + ((c >>> 8) & 0xff)] ^
        T[1280 + ((c >>> 16) & 0xff)] ^
        T[1024 + (c >>> 24)] ^
        T[768 + (h & 0xff)] ^
        T[512 + ((h >>> 8) & 0xff)] ^
        T[256 + ((h >>> 16) & 0xff)] ^
        T[h >>> 24];
    }
  }
  for (; i < end; i++) c = T[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
