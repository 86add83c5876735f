/**
 * Random edits through a real language server over stdio: real flows of both formats
 * (examples/flows, test/fixtures/real-flows; StateMachine: test/fixtures/cloudflow and
 * test/server/fixtures/statemachine) mutated by a seeded sequence of incremental edits, each followed by a
 * completion, a hover, a go to definition and a find references at a random position. Fails on a server crash, a handler failure (the
 * server logs `fdl <handler> failed`) or any request that takes more than 2 s. The texts that
 * once stalled the parser run first as fixed cases. Bounded in time; FUZZ_SEED=<n> replays a run,
 * FUZZ_MS=<ms> runs longer.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DidChangeTextDocumentNotification, LogMessageNotification, MessageType, type Diagnostic } from 'vscode-languageserver-protocol';
import { buildOnce, LspClient, ROOT } from './lsp-client';

const REQUEST_LIMIT_MS = 2000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const FUZZ_MS = Number(process.env.FUZZ_MS ?? 12_000);

let client: LspClient;
const failures: string[] = [];
before(async () => {
  buildOnce();
  client = new LspClient();
  client.connection.onNotification(LogMessageNotification.type, (p) => {
    if (p.type === MessageType.Error && / failed: /.test(p.message)) failures.push(p.message.split('\n').slice(0, 3).join(' | '));
  });
  await client.initialize({ locale: 'en' });
});
after(() => client.stop());

/** mulberry32: small, seeded, good enough to pick edits. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** A request answered within the limit, or a failure naming it. */
async function timed<R>(what: string, run: () => Promise<R>): Promise<R> {
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${REQUEST_LIMIT_MS} ms`)), REQUEST_LIMIT_MS);
  });
  try {
    return await Promise.race([run(), limit]);
  } finally {
    clearTimeout(timer);
    assert.ok(!client.exited, `${what}: the server exited\n${client.stderr.slice(-2000)}`);
    assert.ok(Date.now() - t0 <= REQUEST_LIMIT_MS, `${what}: took ${Date.now() - t0} ms`);
  }
}

/** A completion and a hover at random offsets of `text`, each within the limit. */
async function probe(uri: string, text: string, rnd: () => number, what: string): Promise<void> {
  const at = (o: number) => ({ textDocument: { uri }, position: positionAt(text, o) });
  await timed(`completion (${what})`, () => client.request('textDocument/completion', at(Math.floor(rnd() * (text.length + 1)))));
  await timed(`hover (${what})`, () => client.request('textDocument/hover', at(Math.floor(rnd() * (text.length + 1)))));
  await timed(`definition (${what})`, () => client.request('textDocument/definition', at(Math.floor(rnd() * (text.length + 1)))));
  await timed(`references (${what})`, () => client.request('textDocument/references', { ...at(Math.floor(rnd() * (text.length + 1))), context: { includeDeclaration: true } }));
  assert.deepEqual(failures, [], `handler failed (${what})`);
}

const PATHOLOGICAL = ['quoted-braces.flow.yaml', 'quoted-braces-key.flow.yaml', 'broken-steps.flow.yaml'];

test('the texts that stalled the parser: diagnostics published and requests answered within 2 s', async () => {
  const rnd = prng(SEED);
  const uri = 'file:///ws/pathological.flow.yaml';
  await client.open(uri, 'version: v1\ntype: flow\nsteps: []\n');
  for (const name of PATHOLOGICAL) {
    const text = readFileSync(join(ROOT, 'test', 'fdl', 'parser-budget', name), 'utf8');
    const t0 = Date.now();
    await client.change(uri, text);
    await probe(uri, text, rnd, name);
    await probe(uri, text, rnd, name);
    const diags: Diagnostic[] = await client.diagnosticsOf(uri, 5000);
    assert.ok(Date.now() - t0 < 3 * REQUEST_LIMIT_MS, `${name}: diagnostics after ${Date.now() - t0} ms`);
    assert.ok(
      diags.some((d) => String(d.code).startsWith('document-') && d.range.start.line > 0),
      `${name}: a located refusal`,
    );
  }
});

/** The corpus the edits start from: the examples and real flows of different shapes, in both formats. */
function corpus(): { name: string; text: string }[] {
  const dirs = [join(ROOT, 'examples', 'flows'), join(ROOT, 'test', 'fixtures', 'real-flows')];
  const out: { name: string; text: string }[] = [];
  for (const dir of dirs) {
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.flow.yaml')) out.push({ name: f, text: readFileSync(join(dir, f), 'utf8') });
  }
  const stateMachines: { name: string; text: string }[] = [];
  for (const dir of [
    join(ROOT, 'test', 'fixtures', 'cloudflow'),
    join(ROOT, 'test', 'fixtures', 'cloudflow', 'invalid'),
    join(ROOT, 'test', 'server', 'fixtures', 'statemachine'),
  ]) {
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.yaml')) stateMachines.push({ name: f, text: readFileSync(join(dir, f), 'utf8') });
  }
  // As many StateMachine starts as classic ones, whatever the sizes of the two corpora.
  const weight = Math.max(1, Math.round(out.length / stateMachines.length));
  for (let i = 0; i < weight; i++) out.push(...stateMachines);
  return out;
}

/** Pieces an edit inserts: YAML punctuation, keys, broken quotes, bracket runs (the stalls came from those). */
function snippet(rnd: () => number, text: string): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const r = rnd();
  if (r < 0.1) return pick(['{', '[']).repeat(1 + Math.floor(rnd() * 300)) + pick(['\n', '', '"', ' ]']);
  if (r < 0.3) {
    const s = Math.floor(rnd() * text.length);
    return text.slice(s, s + Math.floor(rnd() * 200));
  }
  return pick([
    ': ',
    '- ',
    '[',
    '{',
    ']',
    '}',
    '"',
    "'",
    '\n',
    '  ',
    '# ',
    '&a ',
    '*a',
    '|\n',
    '? ',
    ', ',
    '\t',
    'type: ',
    'steps:\n  - ',
    'a: b: [ "',
    '\n- - - ',
    '${',
    '$.',
    'goto: ',
    '<<: *a\n',
    'Type: ',
    'Next: ',
    'States:\n  - ',
    'Branches:\n  - ',
    '.$: ',
    '$Context.',
    '$Output.',
    'length(',
    'End: true\n',
    'TaskMode: WaitForCustomCallback\n',
  ]);
}

test('seeded random edits of real flows: no crash, no handler failure, every request within 2 s', async (t) => {
  const rnd = prng(SEED);
  const flows = corpus();
  const deadline = Date.now() + FUZZ_MS;
  let edits = 0;
  for (let n = 0; Date.now() < deadline; n++) {
    const flow = flows[Math.floor(rnd() * flows.length)];
    const uri = `file:///ws/fuzz-${n}.flow.yaml`;
    let text = flow.text;
    await client.open(uri, text);
    for (let version = 2; version < 40 && Date.now() < deadline; version++) {
      const start = Math.floor(rnd() * (text.length + 1));
      const end = rnd() < 0.4 ? Math.min(text.length, start + Math.floor(rnd() * 60)) : start;
      const insert = rnd() < 0.8 ? snippet(rnd, text) : '';
      const range = { start: positionAt(text, start), end: positionAt(text, end) };
      text = text.slice(0, start) + insert + text.slice(end);
      edits++;
      const what = `seed ${SEED}, ${flow.name}, edit ${version - 1}`;
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] });
      await probe(uri, text, rnd, what);
    }
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  t.diagnostic(`${edits} edits, seed ${SEED}`);
  assert.ok(edits > 20, `only ${edits} edits ran`);
});
