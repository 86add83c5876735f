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
