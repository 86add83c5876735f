/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven, slicing by 8 bytes.
 * Hand-written: Node 20 (VS Code's extension host) has no built-in CRC (zlib.crc32 came with
 * Node 22, and is CRC-32, not C); the npm packages are native addons (a per-platform build for
 * the extension) or CRC-32 only, and this is twenty lines. Check value: crc32c("123456789") = 0xE3069283.
 */
const T = new Int32Array(8 * 256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  T[n] = c;
}
for (let n = 0; n < 256; n++) for (let t = 1; t < 8; t++) T[t * 256 + n] = (T[(t - 1) * 256 + n] >>> 8) ^ T[T[(t - 1) * 256 + n] & 0xff];

/** CRC-32C of `buf[start, end)`, as an unsigned 32-bit number. */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  let c = ~0;
  let i = start;
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
  for (; i < end; i++) c = T[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
