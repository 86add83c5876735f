/**
 * The server's documents (server/text-document.ts) against vscode-languageserver-textdocument's,
 * which they replace: after every batch of incremental changes (LF, CRLF and lone CR line ends;
 * ranges past a line's end or the text's, or reversed; whole-text changes), the text and the
 * positions, offsets and line ranges of one of those opened fresh and given each change alone
 * (its own line offsets, updated in place, go wrong after a range past the last line, and its
 * text with them); and the changes they remember since a version remake its text from that
 * version's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { FlowTextDocument } from '../../server/text-document';
import type { TextChange } from '../../fdl/yaml/line-edit';
import { prng } from '../engine/helpers';

const PIECES = ['a', 'bc', ' ', '- x: 1', '\n', '\n', '\n\n', '  ', '\r\n', '\r'];

/** `text` with each change applied in turn, what it inserted left as NULs (the changes say only how much). */
function remade(text: string, changes: readonly TextChange[]): string {
  let t = text;
  for (const c of changes) t = t.slice(0, c.start) + '\0'.repeat(c.length) + t.slice(c.end);
  return t;
}

function sameDocument(ours: FlowTextDocument, theirs: TextDocument, what: string): void {
  const text = theirs.getText();
  assert.equal(ours.getText(), text, `text: ${what}`);
  assert.equal(ours.lineCount, theirs.lineCount, `lines: ${what}`);
  for (let o = -1; o <= text.length + 1; o++) assert.deepEqual(ours.positionAt(o), theirs.positionAt(o), `positionAt(${o}): ${what}`);
  for (let line = -1; line <= theirs.lineCount; line++) {
    assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `line range ${line}: ${what}`);
    assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line), `line end ${line}: ${what}`);
    for (const character of [-1, 0, 1, 2, 5, 40]) assert.equal(ours.offsetAt({ line, character }), theirs.offsetAt({ line, character }), `offsetAt(${line}:${character}): ${what}`);
  }
}

test('after every batch of changes, the text, positions, offsets and line ranges are those of vscode-languageserver-textdocument', () => {
  const rnd = prng(4242);
  const piece = (crs: boolean) => PIECES[Math.floor(rnd() * (crs ? PIECES.length : PIECES.length - 2))];
  let checked = 0;
  for (let t = 0; t < 150; t++) {
    const crs = t % 3 === 2;
    const initial = Array.from({ length: Math.floor(rnd() * 25) }, () => piece(crs)).join('');
    const ours = new FlowTextDocument('file:///a.flow.yaml', 'fdl', 1, initial);
    const texts = new Map([[1, initial]]);
    for (let v = 2; v < 14; v++) {
      const batch: TextDocumentContentChangeEvent[] = [];
      const n = 1 + Math.floor(rnd() * 3);
      let current = texts.get(v - 1)!;
      for (let k = 0; k < n; k++) {
        const text = Array.from({ length: Math.floor(rnd() * 3) }, () => piece(crs)).join('');
        if (rnd() < 0.05) {
          batch.push({ text });
          current = text;
          continue;
        }
        // Positions anywhere, past a line's end too, and now and then given end first.
        const line = Math.floor(rnd() * (current.split('\n').length + 1));
        const start = { line, character: Math.floor(rnd() * 8) };
        const end = rnd() < 0.5 ? start : { line: line + Math.floor(rnd() * 2), character: Math.floor(rnd() * 8) };
        const range = rnd() < 0.1 ? { start: end, end: start } : { start, end };
        batch.push({ range, text });
        const probe = TextDocument.create('x', 'x', 0, current);
        TextDocument.update(probe, [{ range, text }], 1);
        current = probe.getText();
      }
      ours.update(batch, v);
      texts.set(v, current);
      assert.equal(ours.version, v);
      sameDocument(ours, TextDocument.create('file:///a.flow.yaml', 'fdl', v, current), `text ${t}, version ${v}: ${JSON.stringify(batch)}`);
      // The changes since an earlier version remake this text from that version's (with what they inserted).
      const since = 1 + Math.floor(rnd() * (v - 1));
      const changes = ours.changesSince(since);
      if (changes) {
        const got = remade(texts.get(since)!, changes);
        const final = current;
        assert.equal(got.length, final.length, `length from version ${since}`);
        for (let i = 0; i < final.length; i++) if (got[i] !== '\0') assert.equal(got[i], final[i], `character ${i} from version ${since}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 500, `changes checked over ${checked} versions`);
});

test('a whole-text change ends what the changes say: versions before it are not remade from them', () => {
  const doc = new FlowTextDocument('file:///a.flow.yaml', 'fdl', 1, 'a: 1\nb: 2\n');
  doc.update([{ range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, text: '3' }], 2);
  assert.deepEqual(doc.changesSince(1), [{ start: 3, end: 4, length: 1 }]);
  doc.update([{ text: 'c: 1\n' }], 3);
  assert.equal(doc.changesSince(1), undefined);
  assert.equal(doc.changesSince(2), undefined);
  assert.deepEqual(doc.changesSince(3), []);
  doc.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'd: 2\n' }], 4);
  assert.deepEqual(doc.changesSince(3), [{ start: 5, end: 5, length: 5 }]);
  assert.equal(doc.getText(), 'c: 1\nd: 2\n');
});
