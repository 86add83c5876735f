/**
 * The `yaml` reader (yaml/read.ts readWithYaml + yaml/from-yaml-document.ts) is what reads every text
 * with a syntax error, i.e. what a user typing in a flow gets most of the time. Whatever it does
 * to be fast, its results stay those of `yaml` itself, checked here against `parseDocument`
 * directly (not against another path of ours): the syntax diagnostics are the Document's errors
 * and warnings, the plain value is `doc.toJS()`, every collection's plain value in the tree and
 * every value in the model (serviceParams, mapping sources) is `toJS` of its own `yaml` node, and
 * the tree is the Document's nodes, range for range.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { generateFlow } from '../../bench/generate-flow';
import { MAX_ALIAS_EXPANSION, parseFlow, type ParsedFlow } from '../../fdl/parse';
import { parseYamlDocument } from '../../fdl/yaml/yaml-document';
import { NodeKind, type YNode } from '../../fdl/yaml/tree';
import { YAML_ERRORS, yamlSyntaxMessage } from '../../fdl/yaml/syntax-errors';
import { brokenVariants } from './yaml-error-texts';
import { TRICKY_YAML } from './yaml-fast-path-snippets';

const ROOT = join(__dirname, '..', '..');

function flowFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) flowFiles(p, out);
    else if (name.endsWith('.flow.yaml')) out.push(p);
  }
  return out;
}

const toJSOptions = { maxAliasCount: MAX_ALIAS_EXPANSION };

/** What `toJS` threw (an alias bomb, an unresolved alias). */
class Threw {
  constructor(readonly message: string) {}
}

/** `toJS` of a `yaml` node, or what it throws. */
function nodeToJS(y: YamlNode, doc: Document.Parsed): unknown {
  try {
    return y.toJS(doc, toJSOptions);
  } catch (e) {
    return new Threw((e as Error).message);
  }
}

/** Walks the located tree beside `yaml`'s nodes: same kinds, ranges, scalars, sources, tags; every value `yaml`'s. */
function sameNodes(n: YNode | null, y: unknown, doc: Document.Parsed, where: string): void {
  if (y === null || y === undefined) {
    assert.equal(n, null, `${where}: no node`);
    return;
  }
  assert.ok(n, `${where}: a node`);
  const node = y as YamlNode;
  // (A pair inside a `!!pairs` sequence is no node and has no range: the tree holds it as Other at 0.)
  assert.deepEqual([n.s, n.e], node.range ? [node.range[0], node.range[1]] : [0, 0], `${where}: range`);
  assert.equal(n.tag, typeof node.tag === 'string' ? node.tag : undefined, `${where}: tag`);
  if (isScalar(node)) {
    assert.equal(n.kind, NodeKind.Scalar, `${where}: scalar`);
    // A merge key's value is a symbol, a YAML 1.1 date a Date: made anew by each parse.
    const v = node.value;
    if (typeof v === 'symbol') assert.ok(typeof n.value === 'symbol' && n.value.description === v.description, `${where}: scalar value`);
    else if (v !== null && typeof v === 'object') assert.deepEqual(n.value, v, `${where}: scalar value`);
    else assert.ok(Object.is(n.value, v), `${where}: scalar value`);
    assert.equal(n.source, typeof node.source === 'string' ? node.source : null, `${where}: source`);
    return;
  }
  if (!isMap(node) && !isSeq(node)) {
    assert.equal(n.kind, NodeKind.Other, `${where}: alias or other`);
    return;
  }
  // A collection's plain value, when the reader gives one, is `toJS` of its own node.
  if (n.value !== undefined) assert.deepEqual(n.value, nodeToJS(node, doc), `${where}: plain value`);
  if (isMap(node)) {
    assert.equal(n.kind, NodeKind.Map, `${where}: map`);
    assert.equal(!!n.flow, !!node.flow, `${where}: flow`);
    const pairs = node.items.filter(isPair);
    assert.equal(n.items!.length, pairs.length * 2, `${where}: entries`);
    pairs.forEach((p, i) => {
      sameNodes(n.items![2 * i], p.key, doc, `${where}.key${i}`);
      sameNodes(n.items![2 * i + 1], p.value, doc, `${where}.value${i}`);
    });
  } else {
    assert.equal(n.kind, NodeKind.Seq, `${where}: seq`);
    assert.equal(!!n.flow, !!node.flow, `${where}: flow`);
    assert.equal(n.items!.length, node.items.length, `${where}: items`);
    node.items.forEach((it, i) => sameNodes(n.items![i], it, doc, `${where}[${i}]`));
  }
}

/** The `yaml` node at exactly `range` (the model's values are those of whole nodes). */
function nodeAt(doc: Document.Parsed, start: number, end: number): YamlNode | undefined {
  let found: YamlNode | undefined;
  const visit = (y: unknown) => {
    if (found || !y || typeof y !== 'object') return;
    const node = y as YamlNode;
    if (node.range && node.range[0] === start && node.range[1] === end && !isScalar(node)) found = node;
    if (isMap(node))
      for (const p of node.items) {
        visit(p.key);
        visit(p.value);
      }
    else if (isSeq(node)) for (const it of node.items) visit(it);
  };
  visit(doc.contents);
  return found;
}

/** The syntax findings `yaml` makes of the text, as parse.ts reports them. */
function yamlFindings(doc: Document.Parsed, text: string): unknown[] {
  const out: unknown[] = [];
  // Codes and wording are our table's (fdl/yaml/syntax-errors.ts, tested on its own in yaml-syntax-messages.test.ts).
  const code = (c: string) => YAML_ERRORS[c as keyof typeof YAML_ERRORS].code;
  // A finding at the very end of the text goes on its last visible character (yaml/syntax-errors.ts textSyntaxDiagnostic).
  const last = text.trimEnd().length - 1;
  const span = (pos: [number, number]) => (pos[0] >= text.length && last >= 0 ? [last, last + 1] : [pos[0], Math.max(pos[1], pos[0] + 1)]);
  for (const e of doc.errors) out.push([code(e.code), 'error', ...span(e.pos), yamlSyntaxMessage(e.code, e.message, 'en')]);
  for (const w of doc.warnings) if (w.code !== 'TAG_RESOLVE_FAILED') out.push([code(w.code), 'warning', ...span(w.pos), yamlSyntaxMessage(w.code, w.message, 'en')]);
  try {
    doc.toJS(toJSOptions);
  } catch {
    out.push(['yaml-alias-bomb', 'error', 0, Math.min(text.length, 1), undefined]);
  }
  return out;
}

function ourFindings(parsed: ParsedFlow): unknown[] {
  return parsed.syntaxDiagnostics
    .filter((d) => d.code.startsWith('yaml-'))
    .map((d) => [d.code, d.severity, d.span.start, d.span.end, d.code === 'yaml-alias-bomb' ? undefined : d.message]);
}

/** Asserts everything parseFlow read from `text` to be `yaml`'s own reading of it. */
function readsAsYaml(text: string, label: string): ParsedFlow {
  const parsed = parseFlow(text);
  // `yaml`'s own parseDocument, with the options the reader gives it.
  const doc = parseYamlDocument(text);
  assert.deepEqual(ourFindings(parsed), yamlFindings(doc, text), `${label}: syntax findings`);
  let value: unknown;
  try {
    value = doc.toJS(toJSOptions);
  } catch {
    value = undefined;
  }
  assert.deepEqual(parsed.value, value, `${label}: plain value`);
  sameNodes(parsed.tree ?? null, doc.contents, doc, `${label}: tree`);
  for (const step of parsed.steps) {
    const values: [string, { value: unknown; span: { start: number; end: number } } | undefined][] = [];
    if (step.type === 'task') values.push(['serviceParams', step.serviceParams]);
    for (const m of [...(step.inputMappings ?? []), ...(step.outputMappings ?? [])]) values.push(['source', m.source]);
    for (const [what, located] of values) {
      if (!located) continue;
      const node = nodeAt(doc, located.span.start, located.span.end);
      // Scalars carry `yaml`'s value (checked with the tree); collections are `toJS` of their node.
      if (!node || isAlias(node)) continue;
      // A value `yaml` cannot build (an unresolved alias, an alias bomb) is none: serviceParams `{}`.
      let expected = nodeToJS(node, doc);
      if (expected instanceof Threw) expected = what === 'serviceParams' ? {} : undefined;
      assert.deepEqual(located.value, expected, `${label}: ${step.name} ${what}`);
    }
  }
  return parsed;
}

test('generated flows with a syntax error near the start, in the middle or near the end read as yaml reads them', () => {
  for (const n of [10, 60]) {
    const variants = brokenVariants(generateFlow(n));
    assert.ok(variants.length >= 25, `edits applied: ${variants.length}`);
    for (const [name, text] of variants) {
      const parsed = readsAsYaml(text, `generated ${n}, ${name}`);
      assert.ok(parsed.syntaxDiagnostics.length > 0 || !name.startsWith('unclosed'), `generated ${n}, ${name}: reported`);
    }
  }
});

test('real flows with a syntax error read as yaml reads them', () => {
  const files = flowFiles(join(ROOT, 'test', 'fixtures', 'real-flows')).slice(0, 25);
  assert.ok(files.length > 0);
  for (const f of files) for (const [name, text] of brokenVariants(readFileSync(f, 'utf8'))) readsAsYaml(text, `${f}, ${name}`);
});

test('tricky YAML, whole and broken, reads as yaml reads it', () => {
  for (const [name, text] of TRICKY_YAML) {
    readsAsYaml(text, name);
    for (const [edit, broken] of brokenVariants(text)) readsAsYaml(broken, `${name}, ${edit}`);
  }
});

test('values that depend on the whole document: aliases, merge keys, collection keys, YAML 1.1 types', () => {
  const head = 'version: v1\ntype: flow\nsteps:\n';
  const cases: [string, string][] = [
    [
      'alias in serviceParams',
      `${head}  - type: task\n    name: t\n    serviceParams: &p {a: 1, b: [x]}\n  - type: task\n    name: u\n    serviceParams: *p\n    inputMappings: [\n`,
    ],
    ['alias as a mapping source', `x: &v {k: 1}\n${head}  - type: pass\n    name: a\n    inputMappings:\n      - target: t\n        source: *v\n  - bad: [\n`],
    ['unresolved alias', `${head}  - type: pass\n    name: a\n    inputMappings:\n      - target: t\n        source: *nothing\n`],
    [
      'alias bomb',
      `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n${head}  - {\n`,
    ],
    ['merge key under YAML 1.1', `%YAML 1.1\n---\nbase: &b {type: pass}\n${head}  - <<: *b\n    name: a\n  - <<: {type: succeed}\n    name: b\n  - x: [\n`],
    ['plain merge-looking key', `${head}  - type: task\n    name: t\n    serviceParams:\n      <<: x\n      "<<": y\n  - {\n`],
    [
      'YAML 1.1 types',
      `%YAML 1.1\n---\n${head}  - type: task\n    name: t\n    serviceParams:\n      s: !!set {a, b}\n      o: !!omap [a: 1]\n      p: !!pairs [a: 1]\n      d: 2024-01-01\n      b: !!binary aGk=\n  - {\n`,
    ],
    ['collection as a key', `${head}  - type: task\n    name: t\n    serviceParams:\n      ? [a, b]\n      : 1\n      {c: d}: 2\n  - [\n`],
    [
      'keys of Object.prototype and duplicates',
      `${head}  - type: task\n    name: t\n    serviceParams:\n      __proto__: {polluted: 1}\n      constructor: 1\n      toString: 2\n      a: 1\n      a: 2\n      ~: 3\n      : 4\n      1: 5\n      true: 6\n`,
    ],
    ['single pairs in a flow sequence', `${head}  - type: task\n    name: t\n    serviceParams: {a: [b: 1, c], d: [: 2]}\n    x: {\n`],
    ['empty items and values', `${head}  - type: task\n    name: t\n    serviceParams:\n      a:\n      b: [,]\n      c: [a, , b]\n  -\n  - [\n`],
  ];
  for (const [name, text] of cases) readsAsYaml(text, name);
  const proto = parseFlow(cases[8][1]);
  const sp = (proto.steps[0] as Extract<(typeof proto.steps)[number], { type: 'task' }>).serviceParams!.value;
  assert.equal(Object.getPrototypeOf(sp), Object.prototype, '__proto__ stays an own key');
  assert.deepEqual(Object.keys(sp), ['1', '__proto__', 'constructor', 'toString', 'a', '', 'true']);
});

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/** Random YAML mixing what makes plain values tricky: odd keys, duplicates, flow collections, nulls, tags. */
function randomYaml(r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const scalars = [
    'a',
    '-1',
    '0x1F',
    '1.50',
    '.inf',
    '.nan',
    'null',
    '~',
    'true',
    "'q'",
    '"e\\"f"',
    '[a, {b: 1}]',
    '[]',
    '{}',
    '{a: 1, a: 2}',
    '[a: 1]',
    '{a, b: }',
    '!Ref x',
    '!!str 1',
    '!Foo y',
    '名字',
    '2024-01-01',
    '',
    '&x v',
    '*x',
  ];
  const keys = ['type', 'name', 'a', '__proto__', 'constructor', 'toString', '1', '01', 'true', '~', '"q"', "'a'", '? k', '<<', '[k]'];
  const lines: string[] = ['version: v1', 'type: flow', 'steps:'];
  const block = (indent: number, depth: number) => {
    const seq = r() < 0.4;
    for (let i = 0, count = 1 + Math.floor(r() * 4); i < count; i++) {
      const pad = ' '.repeat(indent);
      const nested = depth < 3 && r() < 0.35;
      const head = seq ? `${pad}- ` : `${pad}${pick(keys)}:`;
      if (nested) {
        lines.push(head);
        block(indent + 2, depth + 1);
      } else lines.push(`${head}${seq ? '' : ' '}${pick(scalars)}`);
    }
  };
  lines.push('  - type: task', '    name: t', '    serviceParams:');
  block(6, 1);
  return lines.join('\n') + '\n';
}

test('random YAML with odd keys and values, whole and broken, reads as yaml reads it', () => {
  const r = rng(Number(process.env.FUZZ_SEED ?? 5));
  const runs = Number(process.env.FUZZ_RUNS ?? 150);
  for (let i = 0; i < runs; i++) {
    const text = randomYaml(r);
    readsAsYaml(text, `random ${i}: ${JSON.stringify(text)}`);
    const variants = brokenVariants(text);
    if (variants.length) {
      const [edit, broken] = variants[Math.floor(r() * variants.length)];
      readsAsYaml(broken, `random ${i}, ${edit}: ${JSON.stringify(broken)}`);
    }
  }
});
