/**
 * The CRC-32C every log line carries (engine/store/crc32c.ts): the standard check value, and the
 * same checksum as a plain bit-by-bit CRC-32C for every length and every alignment in memory (a
 * line's bytes start anywhere in the store's buffer or a Buffer pool).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32c } from '../../engine/store/crc32c';

/** CRC-32C bit by bit: slow and plainly right. */
function reference(bytes: Uint8Array, start: number, end: number): number {
  let c = ~0;
  for (let i = start; i < end; i++) {
    c ^= bytes[i];
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ~c >>> 0;
}

test('crc32c("123456789") is the standard check value 0xE3069283', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
});

test('every length and alignment gives the bit-by-bit CRC-32C, for a whole buffer and a part of one', () => {
  const memory = new Uint8Array(1200);
  let seed = 7;
  for (let i = 0; i < memory.length; i++) memory[i] = seed = (seed * 1103515245 + 12345) & 0xff;
  for (let offset = 0; offset < 8; offset++) {
    for (const length of [0, 1, 7, 8, 15, 16, 17, 63, 64, 65, 100, 255, 256, 1000]) {
      const view = new Uint8Array(memory.buffer, offset, length + 20);
      assert.equal(crc32c(view, 0, length), reference(view, 0, length), `offset ${offset}, length ${length}`);
      assert.equal(crc32c(view, 3, length + 3), reference(view, 3, length + 3), `offset ${offset}, length ${length}, from 3`);
    }
  }
});
