/**
 * An edited version's line index carried over from the previous version's (fdl/positions.ts
 * `LineIndex.edited`, what a reparse uses) places every offset as one made from its text does:
 * over random edits of random texts with LF, CRLF and lone CR line ends.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../fdl/positions';
import { lineEditBetween } from '../../fdl/yaml/line-edit';
import { prng } from '../engine/helpers';

function placesOf(lines: LineIndex): string {
  const out: string[] = [];
  for (let o = 0; o <= lines.text.length; o++) {
    const p = lines.positionAt(o);
    out.push(`${p.line}:${p.character}`);
  }
  return out.join(' ');
}

test('a line index carried over an edit places every offset as a fresh one', () => {
  const rnd = prng(11);
  const pieces = ['a', 'bc', ' ', '\n', '\n', '\n\n', '- x\n', '\r\n', '\r'];
  const piece = (crs: boolean) => {
    const p = pieces[Math.floor(rnd() * (crs ? pieces.length : pieces.length - 2))];
    return p;
  };
  let derived = 0;
  for (let t = 0; t < 400; t++) {
    const crs = t % 4 === 3;
    let text = Array.from({ length: Math.floor(rnd() * 30) }, () => piece(crs)).join('');
    let lines = new LineIndex(text);
    placesOf(lines);
    for (let k = 0; k < 10; k++) {
      const at = Math.floor(rnd() * (text.length + 1));
      const cut = Math.floor(rnd() * 4);
      const next = text.slice(0, at) + Array.from({ length: Math.floor(rnd() * 4) }, () => piece(crs)).join('') + text.slice(Math.min(text.length, at + cut));
      const edit = lineEditBetween(text, next);
      if (!edit) continue;
      const carried = LineIndex.edited(lines, next, edit);
      if ((carried as unknown as { starts?: unknown }).starts) derived++;
      assert.equal(placesOf(carried), placesOf(new LineIndex(next)), `${JSON.stringify(text)} → ${JSON.stringify(next)}`);
      text = next;
      lines = carried;
    }
  }
  assert.ok(derived > 1000, `carried over ${derived} times`);
});
