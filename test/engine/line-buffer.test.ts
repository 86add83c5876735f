/**
 * The store writes its log lines byte by byte into one reused buffer (engine/store/line-buffer.ts):
 * what it writes of a number or a string must be what JSON.stringify writes, and a sealed line the
 * bytes sealedLine makes of the same text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineBuffer } from '../../engine/store/line-buffer';
import { sealedLine } from '../../engine/store/line-checksum';

test('numbers are written as JSON writes them: integers of every length, negatives, -0, fractions, exponents, non-finite as null', () => {
  const numbers = [
    0,
    7,
    9,
    10,
    99,
    100,
    12345,
    999999,
    1000000,
    2 ** 31 - 1,
    2 ** 31,
    1796686954201,
    2 ** 53 - 1,
    2 ** 53 + 2,
    -1,
    -(2 ** 31),
    -0,
    0.1,
    1.5e-7,
    1e21,
    -1e-7,
    NaN,
    Infinity,
    -Infinity,
  ];
  for (const n of numbers) {
    const w = new LineBuffer();
    w.num(n);
    assert.equal(w.bytes().toString(), JSON.stringify(n), String(n));
  }
});

test('strings are written as JSON writes them: quotes, backslashes, control characters, non-ASCII, emoji and lone surrogates escaped or encoded alike', () => {
  const strings = [
    '',
    'plain',
    '$/each#1/i37/body#1',
    'say "hi"',
    'back\\slash',
    'tab\tnew\nline\u0001\u001f\u007f',
    'ステップ',
    'é',
    '😀',
    '\ud800',
    'x\udc00y',
    'a'.repeat(100) + 'é',
  ];
  for (const s of strings) {
    const w = new LineBuffer();
    w.str(s);
    assert.equal(w.bytes().toString(), JSON.stringify(s), s);
    const u = new LineBuffer();
    u.utf8(JSON.stringify(s));
    assert.deepEqual(u.bytes(), Buffer.from(JSON.stringify(s)), s);
  }
});

test('the buffer grows past its first size keeping what was written, and a sealed line is byte for byte what sealedLine makes', () => {
  const w = new LineBuffer();
  const text = `{"x":"f/e","b":[${Array.from({ length: 30_000 }, (_, i) => `[${i},"ü"]`).join(',')}]`;
  w.ascii('garbage before the line');
  const start = w.pos;
  for (let i = 0; i < text.length; i += 1000) w.utf8(text.slice(i, i + 1000));
  w.seal(start);
  assert.ok(w.pos > 64 * 1024);
  assert.deepEqual(w.bytes(start), sealedLine(`${text}}`));
  w.clear();
  assert.equal(w.bytes().length, 0);
});
