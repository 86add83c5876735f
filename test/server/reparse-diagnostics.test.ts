/**
 * Diagnostics of an edited document, as the server publishes them over stdio: each version is
 * reparsed from the previous one (server/documents.ts, fdl/parse.ts reparseFlow), and what it
 * publishes must be what it publishes for the same text opened fresh (parsed whole): through
 * valid text, a syntax error typed mid-file, and its fix, and a goto or Next retyped in valid text
 * (whose whole-flow findings come and go), in classic and StateMachine flows.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { generateFlow } from '../../bench/generate-flow';
import { generateStateMachine } from '../../bench/generate-statemachine';
import { buildOnce, LspClient } from './lsp-client';

let client: LspClient;
before(async () => {
  buildOnce();
  client = new LspClient();
  await client.initialize();
});
after(async () => {
  await client.stop();
});

/** Versions of `text` as a user types `typed` after `marker` mid-file, then deletes it again. */
function typing(text: string, marker: string, typed: string): string[] {
  const at = text.indexOf(marker, Math.floor(text.length / 2)) + marker.length;
  const out: string[] = [];
  for (let k = 1; k <= typed.length; k++) out.push(text.slice(0, at) + typed.slice(0, k) + text.slice(at));
  for (let k = typed.length - 1; k >= 0; k--) out.push(text.slice(0, at) + typed.slice(0, k) + text.slice(at));
  return out;
}

for (const [name, text, marker, typed, expect] of [
  ['classic', generateFlow(300), 'name: ', '{x} y', 'yaml-'],
  ['StateMachine', generateStateMachine(300), 'Name: ', '[a, {b', 'yaml-'],
  // Valid text throughout: the whole-flow checks' findings come and go (analysed per step, fdl/analysis-cache.ts).
  ['classic, a goto retyped', generateFlow(300), 'goto: pass', 'x1', 'unknown-goto-target'],
  ['StateMachine, a Next retyped', generateStateMachine(300), 'Next: s', '0x', 'sm-unknown-state'],
] as const) {
  test(`${name}: every edited version's diagnostics equal those of the same text opened fresh`, async () => {
    const slug = name.replace(/\W+/g, '-');
    const uri = `file:///reparse/${slug}.flow.yaml`;
    await client.open(uri, text);
    await client.diagnosticsOf(uri);
    let found = 0;
    for (const [k, version] of typing(text, marker, typed).entries()) {
      await client.change(uri, version);
      const edited = await client.diagnosticsOf(uri);
      const fresh = `file:///reparse/${slug}-${k}.flow.yaml`;
      await client.open(fresh, version);
      assert.deepEqual(edited, await client.diagnosticsOf(fresh), `${name}, version ${k + 2}`);
      if (edited.some((d) => d.code?.toString().startsWith(expect))) found++;
    }
    assert.ok(found > 0, `some versions have a ${expect} finding`);
  });
}

/** The LSP position of `offset` in `text`. */
function positionIn(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** One change of `text`: `[start, end)` replaced by `insert`, with its range, and the text it makes. */
function change(text: string, start: number, end: number, insert: string) {
  return { range: { start: positionIn(text, start), end: positionIn(text, end) }, text: insert, after: text.slice(0, start) + insert + text.slice(end) };
}

for (const [name, text, nameKey] of [
  ['classic', generateFlow(300), 'name: '],
  ['StateMachine', generateStateMachine(300), 'Name: '],
] as const) {
  test(`${name}, incremental changes as an editor sends them (a syntax error made and fixed, the first and last steps, batches of several): each version's diagnostics equal those of its text opened fresh`, async () => {
    const slug = `incremental-${name}`;
    const uri = `file:///reparse/${slug}.flow.yaml`;
    await client.open(uri, text);
    await client.diagnosticsOf(uri);
    let current = text;
    let k = 0;
    let broken = 0;
    const send = async (batch: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string; after: string }[]) => {
      await client.changeRanges(
        uri,
        batch.map(({ range, text: t }) => ({ range, text: t })),
      );
      current = batch[batch.length - 1].after;
      const edited = await client.diagnosticsOf(uri);
      const fresh = `file:///reparse/${slug}-${k++}.flow.yaml`;
      await client.open(fresh, current);
      assert.deepEqual(edited, await client.diagnosticsOf(fresh), `${name}, version ${k + 1}: ${JSON.stringify(batch.map((b) => [b.range, b.text]))}`);
      if (edited.some((d) => String(d.code).startsWith('yaml-'))) broken++;
    };
    // A `{` typed into a name mid-file, then a letter, then both deleted.
    const mid = current.indexOf(nameKey, Math.floor(current.length / 2)) + nameKey.length;
    for (const typed of ['{', 'x']) {
      const at = mid + (typed === 'x' ? 1 : 0);
      await send([change(current, at, at, typed)]);
    }
    await send([change(current, mid, mid + 2, '')]);
    // The first step's name and the last step's, typed into and deleted.
    const first = current.indexOf(nameKey) + nameKey.length;
    await send([change(current, first, first, 'q')]);
    await send([change(current, first, first + 1, '')]);
    const last = current.lastIndexOf(nameKey) + nameKey.length;
    await send([change(current, last, last, 'z')]);
    await send([change(current, last, last + 1, '')]);
    // A batch: a letter typed at the last step and one at the first (the second change's range in the text the first left), then both removed in one batch.
    const one = change(current, last, last, 'w');
    const two = change(one.after, first, first, 'v');
    await send([one, two]);
    const three = change(current, first, first + 1, '');
    const four = change(three.after, last, last + 1, '');
    await send([three, four]);
    // A whole line replaced (a range over the line), a syntax error typed over a line and fixed in one batch of a deletion and an insertion.
    const lineStart = current.lastIndexOf('\n', mid) + 1;
    const lineEnd = current.indexOf('\n', mid);
    const original = current.slice(lineStart, lineEnd);
    await send([change(current, lineStart, lineEnd, original.replace(/: .*/, ': [a, b'))]);
    const again = current.indexOf('\n', lineStart);
    const del = change(current, lineStart, again, '');
    await send([del, change(del.after, lineStart, lineStart, original)]);
    assert.equal(current, text, 'back to the text opened');
    assert.ok(broken > 0, 'some versions have a syntax error');
  });
}
