/**
 * Completion on a new version answers from the document's last good parse (server/parse-reuse.ts)
 * exactly as it would from a full parse: the same items for every cursor position of every
 * fixture flow and example after an edit, and after a half-typed key (invalid YAML) the same
 * items as a full parse gives for its valid equivalent (`pa` completed to `pa: 1`). Edits that
 * could change the steps or mapping targets fall back to the full parse, with the reason.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateFlow } from '../../bench/generate-flow';
import { LineIndex, parseFlow } from '../../fdl/index';
import { readLine } from '../../fdl/navigation/yaml-lines';
import { complete } from '../../server/completion';
import { resolveCompletion } from '../../server/completion-values';
import { CompletionSources, type CompletionSource } from '../../server/completion-source';
import { FlowDocumentCache } from '../../server/documents';
import type { FeatureEnv } from '../../server/feature-env';
import { lineEditBetween } from '../../server/parse-reuse';

const ROOT = join(__dirname, '..', '..');
const env: FeatureEnv = {
  locale: 'en',
  workspaceFunctions: () => [{ arn: 'acs:fc:::services/s/functions/f', flavor: 'fc', serviceName: 's', functionName: 'f', source: 's.yaml' }],
};
const URI = 'file:///ws/edit.flow.yaml';

function flowFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) flowFiles(p, out);
    else if (/\.ya?ml$/.test(name) && !name.endsWith('.mocks.yaml') && name !== 's.yaml') out.push(p);
  }
  return out;
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const hasYamlErrors = (text: string) => parseFlow(text).syntaxDiagnostics.some((d) => d.severity === 'error');

/** Valid flows: every fixture and example whose YAML reads without errors, and a generated one. */
const FLOWS: { name: string; text: string }[] = [
  ...[...flowFiles(join(ROOT, 'test', 'fixtures', 'real-flows')), ...flowFiles(join(ROOT, 'examples', 'flows'))].map((p) => ({
    name: p.slice(ROOT.length + 1),
    text: readFileSync(p, 'utf8'),
  })),
  { name: 'generated 60 steps', text: generateFlow(60) },
].filter((f) => /\bsteps\s*:/.test(f.text) && !hasYamlErrors(f.text));

/** A source for `after` whose document's last good parse is of `before` (as after diagnostics ran on it). */
function reusingSource(before: string, after: string): CompletionSource {
  return reusing(before, after).source;
}

function reusing(before: string | undefined, after: string) {
  const cache = new FlowDocumentCache(() => 'en');
  if (before !== undefined) cache.get(TextDocument.create(URI, 'fdl', 1, before));
  const doc = TextDocument.create(URI, 'fdl', 2, after);
  return { source: new CompletionSources(cache).get(doc), parsedNow: () => cache.peek(doc) !== undefined };
}

/** A source over a full parse of `text`, as before this change. */
function parsedSource(text: string): CompletionSource {
  const cache = new FlowDocumentCache(() => 'en');
  cache.get(TextDocument.create(URI, 'fdl', 2, text));
  return new CompletionSources(cache).get(TextDocument.create(URI, 'fdl', 2, text));
}

/** Items as data, a goto item's target step as the position where it starts (offsets differ between texts). */
function shape(items: CompletionItem[], text: string): unknown {
  const lines = new LineIndex(text);
  return items.map((i) => {
    const data = i.data as { stepStart?: number } | undefined;
    return data?.stepStart === undefined ? i : { ...i, data: { ...data, stepStart: lines.positionAt(data.stepStart) } };
  });
}

/** Cursor offsets on a line: its end, the end of its key, just after `key: `, and its content start. */
function cursorsOn(text: string, lineStart: number): number[] {
  const ln = readLine(text, lineStart);
  const out = new Set([ln.end, lineStart + ln.contentColumn]);
  if (ln.keyEndColumn !== undefined) out.add(lineStart + ln.keyEndColumn);
  if (ln.colonColumn !== undefined) out.add(Math.min(ln.end, lineStart + ln.colonColumn + 1));
  return [...out];
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** Up to `n` line starts spread over the text, past the first three lines. */
function spread(text: string, n: number): number[] {
  const all = lineStarts(text).slice(3);
  const step = Math.max(1, Math.floor(all.length / n));
  return all.filter((_, i) => i % step === 0).slice(0, n);
}

test('an edit that keeps the YAML valid: reused-parse completion equals full-parse completion at every position of every fixture flow', () => {
  let compared = 0;
  let edits = 0;
  let reused = 0;
  for (const f of FLOWS) {
    for (const at of spread(f.text, 3)) {
      const ln = readLine(f.text, at);
      if (ln.blank || ln.keyColumn === undefined) continue;
      // A sibling key before the line, and a changed value on it: both leave the steps as they are.
      const sibling = f.text.slice(0, at) + ' '.repeat(ln.keyColumn) + 'zzNote: added\n' + f.text.slice(at);
      const valueEdit = f.text.slice(0, at + ln.valueColumn) + 'x' + f.text.slice(at + ln.valueColumn);
      for (const after of [sibling, valueEdit]) {
        if (hasYamlErrors(after)) continue;
        const parsed = parsedSource(after);
        const source = reusingSource(f.text, after);
        for (const s of lineStarts(after)) {
          for (const o of cursorsOn(after, s)) {
            const got = complete(source, o, env);
            const want = complete(parsed, o, env);
            assert.deepEqual(
              got,
              want,
              `${f.name}, edit at line ${new LineIndex(f.text).positionAt(at).line + 1}, cursor ${JSON.stringify(new LineIndex(after).positionAt(o))} (${JSON.stringify(source.modelOrigin())})`,
            );
            compared++;
          }
        }
        if (source.modelOrigin()) edits++;
        if (source.modelOrigin()?.from === 'last good parse') reused++;
      }
    }
  }
  if (process.env.FDL_PRINT_COUNTS) console.log({ compared, edits, reused });
  assert.ok(compared > 5000, `compared ${compared}`);
  // A changed `name`, `type`, `target`... line refuses reuse; most edits here leave the steps alone.
  assert.ok(reused > edits / 2, `reused in ${reused} of ${edits} edits`);
});

test('a half-typed key (invalid YAML): reused-parse completion equals full-parse completion of the valid equivalent, at every position', () => {
  let compared = 0;
  let reused = 0;
  const refused: string[] = [];
  for (const f of FLOWS) {
    for (const at of spread(f.text, 4)) {
      const ln = readLine(f.text, at);
      if (ln.blank || ln.keyColumn === undefined) continue;
      const typed = ' '.repeat(ln.keyColumn) + 'pa';
      const after = f.text.slice(0, at) + typed + '\n' + f.text.slice(at);
      const valid = f.text.slice(0, at) + typed + ': 1\n' + f.text.slice(at);
      if (!hasYamlErrors(after) || hasYamlErrors(valid)) continue;
      const parsed = parsedSource(valid);
      const editEnd = at + typed.length;
      const source = reusingSource(f.text, after);
      for (const s of lineStarts(after)) {
        for (const o of cursorsOn(after, s)) {
          const got = complete(source, o, env);
          // The same place in the valid text: 3 characters later past the typed key.
          const want = complete(parsed, o > editEnd ? o + 3 : o, env);
          assert.deepEqual(
            shape(got, after),
            shape(want, valid),
            `${f.name}, \`pa\` at line ${new LineIndex(f.text).positionAt(at).line + 1}, cursor ${JSON.stringify(new LineIndex(after).positionAt(o))}`,
          );
          compared++;
        }
      }
      const origin = source.modelOrigin();
      if (origin?.from === 'last good parse') reused++;
      if (origin?.from === 'parsed for completion') refused.push(`${f.name} line ${new LineIndex(f.text).positionAt(at).line + 1}: ${origin.because}`);
    }
  }
  if (process.env.FDL_PRINT_COUNTS) console.log({ compared, reused, refused: refused.length });
  assert.ok(compared > 3000, `compared ${compared}`);
  // Only goto and data-path completions ask for the model; of those, the typed key never forces a parse here.
  assert.ok(reused > 0, 'the model was reused');
  assert.deepEqual(refused, []);
});

test('a 1,000-step flow with a half-typed key: keys, gotos and data paths as for the valid text, and no parse of the new version', () => {
  const base = generateFlow(1000);
  const at = base.indexOf('\n', base.indexOf('resourceArn:', base.indexOf('name: task500\n'))) + 1;
  const after = base.slice(0, at) + '    pa\n' + base.slice(at);
  const valid = base.slice(0, at) + '    pa: 1\n' + base.slice(at);
  assert.ok(hasYamlErrors(after) && !hasYamlErrors(valid));
  const { source, parsedNow } = reusing(base, after);
  const parsed = parsedSource(valid);
  const key = at + 6;
  const keys = complete(source, key, env);
  assert.ok(keys.some((i) => i.label === 'pattern'));
  assert.deepEqual(keys, complete(parsed, key, env));
  assert.equal(source.modelOrigin(), undefined, 'key completion reads no model');
  const goto = after.indexOf('\n', after.indexOf('goto:', at));
  const defaultGoto = after.indexOf('\n', after.indexOf('  goto: pass', at));
  const source$ = after.indexOf('$local.count', at) + '$local.'.length;
  for (const o of [goto, defaultGoto, source$]) {
    const got = complete(source, o, env);
    assert.ok(got.length > 0);
    assert.deepEqual(shape(got, after), shape(complete(parsed, o + 3, env), valid));
  }
  assert.deepEqual(source.modelOrigin(), { from: 'last good parse' });
  assert.equal(parsedNow(), false, 'the new version was not parsed');
  // The preview of a goto target resolves from the reused parse too.
  const item = complete(source, goto, env)[0];
  const fresh = complete(parsed, goto + 3, env)[0];
  assert.deepEqual(resolveCompletion(item, () => source, env).documentation, resolveCompletion(fresh, () => parsed, env).documentation);
});

const BASE = `version: v1
type: flow
steps:
  - type: task
    name: first
    resourceArn: acs:fc:::services/s/functions/f
    description: |
      text of a block
    inputMappings:
      - target: orderId
        source: $input.id
    catch:
      - errors: [FnF.ALL]
        goto: second
  - type: pass
    name: second
    note: [a,
      b]
  - type: pass
    name: third
`;

/** Edits after which the last good parse may not stand for the new text, and the reason given. */
const REFUSED: { what: string; from: string; to: string; because: RegExp }[] = [
  { what: 'a renamed step', from: '    name: third\n', to: '    name: thirdly\n', because: /`name` line/ },
  { what: 'a new step', from: '    name: third\n', to: '    name: third\n  - type: pass\n    name: fourth\n', because: /sequence item/ },
  { what: 'a changed step type', from: '  - type: pass\n    name: third', to: '  - type: succeed\n    name: third', because: /sequence item/ },
  { what: 'a new mapping target', from: '        source: $input.id\n', to: '        source: $input.id\n        target: other\n', because: /`target` line/ },
  { what: 'a new block scalar', from: '    name: second\n', to: '    name: second\n    note: |\n      name: x\n', because: /block scalar/ },
  { what: 'a line inside a block scalar', from: '      text of a block\n', to: '      text of a block\n      more text\n', because: /inside a value begun above/ },
  { what: 'a comment-like line inside a block scalar', from: '      text of a block\n', to: '      text of a block\n      # more text\n', because: /inside a value begun above/ },
  { what: 'a line inside a flow collection begun above', from: '      b]\n', to: '      bc]\n', because: /flow collection/ },
  { what: 'a flow collection over two lines', from: '    name: second\n', to: '    name: second\n    note: {a: 1,\n      b: 2}\n', because: /flow collection over several lines/ },
  { what: 'an anchor', from: '    name: second\n', to: '    name: second\n    note: &n x\n', because: /anchor, alias or tag/ },
  { what: 'a merge key', from: '    name: second\n', to: '    name: second\n    <<: {a: 1}\n', because: /`<<` line/ },
  { what: 'a quoted scalar over two lines', from: '    name: second\n', to: '    name: second\n    note: "a\n      b"\n', because: /quoted scalar over several lines/ },
  {
    what: 'a multi-line plain scalar',
    from: '    resourceArn: acs:fc:::services/s/functions/f\n',
    to: '    resourceArn: acs:fc:::services/s/functions/f\n      continued\n',
    because: /multi-line/,
  },
  { what: 'a key taking the lines below as children', from: '    inputMappings:\n', to: '    inputMappings:\n    zz:\n', because: /take the lines below as children/ },
  { what: 'a tab in the indentation', from: '    name: second\n', to: '    name: second\n\tzz: 1\n', because: /tab/ },
  { what: 'a document marker', from: '    name: third\n', to: '    name: third\n---\n', because: /document marker/ },
];

for (const r of REFUSED) {
  test(`falls back to the full parse after ${r.what}, with the same items as that parse gives`, () => {
    assert.ok(BASE.includes(r.from));
    const after = BASE.replace(r.from, r.to);
    const { source, parsedNow } = reusing(BASE, after);
    const goto = after.indexOf('goto: ') + 'goto: '.length;
    const data = after.indexOf('$input.id') + 1;
    for (const o of [goto, data]) assert.deepEqual(complete(source, o, env), complete(parsedSource(after), o, env));
    const origin = source.modelOrigin();
    assert.equal(origin?.from, 'parsed for completion');
    assert.match(origin.from === 'parsed for completion' ? origin.because : '', r.because);
    assert.equal(parsedNow(), true);
  });
}

test('without an earlier parse free of YAML errors, completion parses the version (and only when it needs the steps)', () => {
  const after = BASE.replace('    name: third\n', '    name: third\n    pa\n');
  const { source, parsedNow } = reusing(undefined, after);
  complete(source, after.indexOf('    pa') + 6, env);
  assert.equal(parsedNow(), false);
  assert.deepEqual(labels(complete(source, after.indexOf('goto: ') + 6, env)), ['second', 'third']);
  assert.deepEqual(source.modelOrigin(), { from: 'parsed for completion', because: 'no earlier parse without YAML errors' });
  assert.equal(parsedNow(), true);
});

test('edits the reuse accepts: a value, a comment, a sibling key, a half-typed key, a deleted key', () => {
  const accepted = [
    BASE.replace('        goto: second', '        goto: sec'),
    BASE.replace('    name: second\n', '    name: second\n    # a comment\n'),
    BASE.replace('    name: second\n', '    name: second\n    note: x\n'),
    BASE.replace('    name: second\n', '    name: second\n    pa\n'),
    BASE.replace('    resourceArn: acs:fc:::services/s/functions/f\n', ''),
    BASE.replace('        source: $input.id', '        source: $input.i'),
  ];
  for (const after of accepted) {
    const { source, parsedNow } = reusing(BASE, after);
    assert.deepEqual(labels(complete(source, after.indexOf('goto: ') + 6, env)), ['second', 'third']);
    assert.deepEqual(source.modelOrigin(), { from: 'last good parse' }, after);
    assert.equal(parsedNow(), false);
  }
});

test('lineEditBetween finds the whole lines that differ, an inserted line as itself', () => {
  const before = 'a: 1\n  b: 2\n  b: 2\nc: 3\n';
  assert.deepEqual(lineEditBetween(before, before), undefined);
  assert.deepEqual(lineEditBetween(before, 'a: 1\n  b: 2\n  x\n  b: 2\nc: 3\n'), { start: 12, oldEnd: 12, newEnd: 16 });
  assert.deepEqual(lineEditBetween(before, 'a: 1\n  b: 22\n  b: 2\nc: 3\n'), { start: 5, oldEnd: 12, newEnd: 13 });
  assert.deepEqual(lineEditBetween(before, 'a: 1\nc: 3\n'), { start: 5, oldEnd: 19, newEnd: 5 });
  assert.deepEqual(lineEditBetween(before, 'a: 1\n  b: 2\n  b: 2\nc: 3'), { start: 19, oldEnd: 24, newEnd: 23 });
});

test('completion for a version the document has since left parses that text aside: the newer version keeps its cached parse', () => {
  const cache = new FlowDocumentCache(() => 'en');
  const sources = new CompletionSources(cache);
  // A renamed step: an edit the reuse refuses, so the stale request parses its own text.
  const older = BASE.replace('    name: third\n', '    name: thirdly\n');
  const doc = TextDocument.create(URI, 'fdl', 2, older);
  const stale = sources.get(doc);
  // The user typed on (version 3) and diagnostics parsed that before the stale request asked for steps.
  TextDocument.update(doc, [{ text: BASE }], 3);
  const newest = cache.get(doc);
  assert.deepEqual(labels(complete(stale, older.indexOf('goto: ') + 6, env)), ['second', 'thirdly']);
  assert.equal(stale.modelOrigin()?.from, 'parsed for completion');
  assert.equal(cache.peek(doc), newest, 'the cache still holds version 3');
  assert.equal(cache.lastGoodParse(URI), newest.parsed, 'the last good parse is still version 3, not the older text');
});
