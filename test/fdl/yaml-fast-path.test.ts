/**
 * The block reader (fdl/yaml/block-reader.ts) must be invisible: for every text, parseFlow gives
 * exactly what the `yaml` reader gives — the same diagnostics (code, severity, span, message,
 * data), the same Flow model and spans, the same plain value, and the same located tree (kinds,
 * values, sources, tags, ranges) for the rules and features that walk it. The `yaml` reader's
 * tree is itself checked against `yaml`'s Document node by node, and `ParsedFlow.doc` (built on
 * first use) against `parseDocument`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { generateFlow } from '../../bench/generate-flow';
import { analyzeParsed } from '../../fdl/analyze';
import { parseFlow, parseFlowWithYaml } from '../../fdl/parse';
import { readBlockYaml } from '../../fdl/yaml/block-reader';
import { NodeKind, type YNode } from '../../fdl/yaml/tree';
import { BLOCK_READER_YAML, TRICKY_YAML } from './yaml-fast-path-snippets';

const ROOT = join(__dirname, '..', '..');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** The node tree as data: everything a feature could read from it. */
function nodeShape(n: unknown): unknown {
  if (n === null || n === undefined) return n;
  if (isScalar(n)) return { scalar: n.value, range: n.range, type: n.type, source: n.source, tag: n.tag, format: n.format, minFractionDigits: n.minFractionDigits };
  if (isMap(n)) return { map: n.items.map((p) => (isPair(p) ? [nodeShape(p.key), nodeShape(p.value)] : 'not a pair')), range: n.range, flow: !!n.flow, tag: n.tag };
  if (isSeq(n)) return { seq: n.items.map(nodeShape), range: n.range, flow: !!n.flow, tag: n.tag };
  return { other: String(n) };
}

/** The located tree as data: everything a rule or feature could read from it. */
function treeShape(n: YNode | null | undefined): unknown {
  if (n === null || n === undefined) return n;
  const base = { range: [n.s, n.e], tag: n.tag };
  switch (n.kind) {
    case NodeKind.Scalar:
      return { ...base, scalar: n.value, source: n.source };
    case NodeKind.Map:
      return { ...base, map: n.items!.map(treeShape), flow: !!n.flow };
    case NodeKind.Seq:
      return { ...base, seq: n.items!.map(treeShape), flow: !!n.flow };
    default:
      return { ...base, other: n.value ? [(n.value as YNode).s, (n.value as YNode).e] : undefined };
  }
}

/** `yaml`'s node tree projected onto what the located tree keeps (the converter's contract). */
function docAsTree(n: unknown): unknown {
  if (n === null || n === undefined) return n;
  if (isScalar(n)) return { range: [n.range![0], n.range![1]], tag: n.tag, scalar: n.value, source: typeof n.source === 'string' ? n.source : null };
  if (isMap(n)) return { range: [n.range![0], n.range![1]], tag: n.tag, map: n.items.flatMap((p) => [docAsTree(p.key), docAsTree(p.value)]), flow: !!n.flow };
  if (isSeq(n)) return { range: [n.range![0], n.range![1]], tag: n.tag, seq: n.items.map(docAsTree), flow: !!n.flow };
  if (isAlias(n)) return { range: [n.range![0], n.range![1]], tag: undefined, other: 'alias' };
  return { other: String(n) };
}

/** The Flow model as data: back references become names, YAML nodes their shape. */
function modelShape(x: unknown, key = ''): unknown {
  if (key === 'node') return treeShape(x as YNode);
  if (key === 'owner') return (x as { name?: string } | undefined)?.name;
  if (Array.isArray(x)) return x.map((v) => modelShape(v));
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    const isStep = 'nameSpan' in x && 'typeSpan' in x;
    for (const [k, v] of Object.entries(x)) if (!(isStep && k === 'scope')) out[k] = modelShape(v, k);
    return out;
  }
  return x;
}

/** Which reader parseFlow uses for a text: the block reader or `yaml`. */
function readerOf(text: string): 'block' | 'yaml' {
  return readBlockYaml(text) ? 'block' : 'yaml';
}

/** Asserts parseFlow equal to the `yaml` path; returns true when the block reader reads the text. */
function sameAsYaml(text: string, label: string): boolean {
  const reference = parseFlowWithYaml(text);
  const actual = parseFlow(text);
  const fast = readBlockYaml(text) !== undefined;
  const tag = `${label} (${readerOf(text)} reader)`;
  assert.deepEqual(analyzeParsed(actual), analyzeParsed(reference), `${tag}: diagnostics`);
  assert.deepEqual(modelShape(actual.flow), modelShape(reference.flow), `${tag}: flow model`);
  assert.deepEqual(
    actual.steps.map((s) => s.name),
    reference.steps.map((s) => s.name),
    `${tag}: steps`,
  );
  assert.deepEqual(actual.value, reference.value, `${tag}: plain value`);
  assert.deepEqual(treeShape(actual.tree), treeShape(reference.tree), `${tag}: located tree`);
  // The `yaml` reader's tree is a faithful image of `yaml`'s Document…
  const asData = (x: unknown) => JSON.parse(JSON.stringify(x ?? null, (k, v) => (k === 'other' ? 'alias' : v)));
  assert.deepEqual(asData(treeShape(reference.tree)), asData(docAsTree(reference.doc.contents)), `${tag}: located tree of the yaml Document`);
  // …and the Document built on first use is `parseDocument`'s.
  assert.deepEqual(nodeShape(actual.doc.contents), nodeShape(reference.doc.contents), `${tag}: yaml nodes`);
  return fast;
}

const fixtureFiles = [...yamlFiles(join(ROOT, 'test')), ...yamlFiles(join(ROOT, 'examples'))];

test('every YAML fixture (real flows, rule and schema fixtures, examples) reads the same on both paths', () => {
  let fast = 0;
  for (const f of fixtureFiles) if (sameAsYaml(readFileSync(f, 'utf8'), f)) fast++;
  // Most real files take the block reader, so this test exercises it (not only `yaml`).
  assert.ok(fast >= fixtureFiles.length * 0.7, `block reader covered ${fast} of ${fixtureFiles.length}`);
});

test('every YAML fixture is read by the block reader unless it uses what only `yaml` covers', () => {
  const block = fixtureFiles.filter((f) => readerOf(readFileSync(f, 'utf8')) === 'block').length;
  assert.ok(block >= fixtureFiles.length * 0.7, `block reader covered ${block} of ${fixtureFiles.length}`);
});

test('generated flows read the same on both paths, and take the block reader', () => {
  for (const n of [10, 100, 1000]) {
    const text = generateFlow(n);
    assert.ok(sameAsYaml(text, `generated ${n}`), `generated ${n} should be read by the block reader`);
  }
});

test('YAML aimed at the block reader reads the same on every path', () => {
  for (const [name, text, expectBlock] of BLOCK_READER_YAML) {
    sameAsYaml(text, name);
    if (expectBlock !== undefined) assert.equal(readerOf(text) === 'block', expectBlock, `${name}: block reader ${expectBlock ? 'expected' : 'not expected'}`);
  }
});

test('tricky YAML reads the same on both paths', () => {
  for (const [name, text, expectFast] of TRICKY_YAML) {
    const fast = sameAsYaml(text, name);
    if (expectFast !== undefined) assert.equal(fast, expectFast, `${name}: block reader ${expectFast ? 'expected' : 'not expected'}`);
  }
});

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const EDITS: ((lines: string[], r: () => number) => void)[] = [
  // An own-line comment at the indentation of the line it precedes (or deeper, or at column 0).
  (lines, r) => {
    const i = Math.floor(r() * lines.length);
    const indent = (lines[i] ?? '').match(/^ */)![0].length;
    const depth = [0, indent, indent + 2][Math.floor(r() * 3)];
    lines.splice(i, 0, ' '.repeat(depth) + '# note');
  },
  (lines, r) => lines.splice(Math.floor(r() * lines.length), 0, ''),
  (lines, r) => {
    const i = Math.floor(r() * lines.length);
    if (lines[i] !== undefined && !lines[i].includes('#')) lines[i] += r() < 0.5 ? '   ' : '  # trailing';
  },
  (lines, r) => {
    // Quote a plain value.
    const i = Math.floor(r() * lines.length);
    const m = lines[i]?.match(/^(\s*(?:- )?[\w$.-]+: )([\w$.:/-]+)$/);
    if (m) lines[i] = m[1] + (r() < 0.5 ? `"${m[2]}"` : `'${m[2]}'`);
  },
  (lines, r) => {
    // An empty value.
    const i = Math.floor(r() * lines.length);
    const m = lines[i]?.match(/^(\s*[\w$.-]+:) [\w$.:/-]+$/);
    if (m) lines[i] = m[1];
  },
];

test('fixtures with random comments, blank lines, trailing spaces, quotes, CRLF and BOM read the same on both paths', () => {
  const flows = fixtureFiles.filter((f) => f.endsWith('.flow.yaml')).slice(0, 60);
  const r = rng(7);
  let fast = 0;
  let runs = 0;
  for (const f of flows) {
    const original = readFileSync(f, 'utf8');
    for (let variant = 0; variant < 4; variant++) {
      const lines = original.split('\n');
      const edits = 1 + Math.floor(r() * 4);
      for (let e = 0; e < edits; e++) EDITS[Math.floor(r() * EDITS.length)](lines, r);
      let text = lines.join('\n');
      if (variant === 1) text = text.replace(/\r?\n/g, '\r\n');
      if (variant === 2) text = '\ufeff' + text;
      runs++;
      if (sameAsYaml(text, `${f} variant ${variant}: ${JSON.stringify(text.slice(0, 0))}`)) fast++;
    }
  }
  assert.ok(fast >= runs * 0.6, `block reader covered ${fast} of ${runs}`);
});

/** Random block YAML from a small grammar: scalars of every kind the block reader meets, nested blocks, comments. */
function randomBlockYaml(r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const scalars = [
    'a',
    'task',
    '$input.a[0]',
    '$.x == "y"',
    '-1',
    '0x1F',
    '1.50',
    '.inf',
    'null',
    '~',
    'True',
    'yes',
    ':x',
    '?y',
    '-z',
    'a#b',
    'a #c',
    'a:b',
    'a: b',
    "'q'",
    "'it''s'",
    '"d"',
    '"e\\"f"',
    '[a, b]',
    '[]',
    '[-1, "x", \'y\']',
    '[a, [b]]',
    '{a: 1}',
    '{a: b, "c": \'d\'}',
    '{ }',
    '{a: [b]}',
    '{a: 1,}',
    '{a}',
    '{a: b:c}',
    '{-a: 1, a b: c d}',
    '名字',
    'x   ',
    '!Ref a',
    '&a x',
    '*a',
    '|',
    '@x',
    '2024-01-01',
  ];
  const keys = ['type', 'name', 'source', 'target', 'a', 'b', 'x:y', '-k', '1', 'true', '"q"', 'k ', '__proto__'];
  const lines: string[] = [];
  const block = (indent: number, depth: number) => {
    const seq = depth > 0 && r() < 0.4;
    const count = 1 + Math.floor(r() * 3);
    for (let i = 0; i < count; i++) {
      const pad = ' '.repeat(indent);
      if (r() < 0.1) lines.push(' '.repeat(Math.floor(r() * (indent + 3))) + '# c');
      if (r() < 0.05) lines.push('');
      const nested = depth < 3 && r() < 0.35;
      if (seq) {
        if (nested) {
          lines.push(`${pad}- ${pick(keys)}: ${pick(scalars)}`);
          if (r() < 0.5) lines.push(`${pad}  ${pick(keys)}: ${pick(scalars)}`);
        } else lines.push(`${pad}- ${pick(scalars)}`);
      } else {
        const key = i === 0 && depth === 0 ? 'version' : pick(keys);
        if (nested) {
          lines.push(`${pad}${key}:${r() < 0.2 ? ' # n' : ''}`);
          block(indent + (r() < 0.8 ? 2 : r() < 0.5 ? 0 : 3), depth + 1);
        } else lines.push(`${pad}${key}:${r() < 0.1 ? '' : ' ' + pick(scalars)}`);
      }
    }
  };
  block(0, 0);
  const text = lines.join('\n') + (r() < 0.8 ? '\n' : '');
  return r() < 0.2 ? text.replace(/\n/g, '\r\n') : text;
}

test('random block YAML reads the same on every path', () => {
  const r = rng(Number(process.env.FUZZ_SEED ?? 11));
  let block = 0;
  const runs = Number(process.env.FUZZ_RUNS ?? 400);
  for (let i = 0; i < runs; i++) {
    const text = randomBlockYaml(r);
    sameAsYaml(text, `random ${i}: ${JSON.stringify(text)}`);
    if (readerOf(text) === 'block') block++;
  }
  // Enough of them valid and plain enough to exercise the block reader itself.
  assert.ok(block >= runs * 0.1, `block reader read ${block} of ${runs}`);
  if (process.env.FUZZ_REPORT) console.log(`block reader read ${block} of ${runs}`);
});
