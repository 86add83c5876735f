/**
 * The classic → StateMachine converter (fdl/cloudflow/convert-classic.ts):
 * - each flow in test/fixtures/convert/ converts to the StateMachine YAML beside it (`*.expected.yaml`)
 *   with the findings beside it (`*.findings.json`: code and 1-based line);
 * - every classic flow of the repository (test/, examples/) that analyses without errors converts to a
 *   definition with zero errors against schemas/cloudflow-statemachine.schema.json, and every expression
 *   the converter wrote parses and passes the static checks of fdl/cloudflow/expressions for its place;
 * - the constructors that carry data reproduce the classic merge when evaluated.
 * Running the classic and the converted flow side by side waits for the engine to run StateMachine flows.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { analyze, parseFlow } from '../../fdl/index';
import { convertClassicFlow } from '../../fdl/cloudflow/convert-classic';
import { CONVERT_MESSAGES } from '../../fdl/cloudflow/convert-classic-findings';
import { appendSegments } from '../../fdl/cloudflow/convert-classic-paths';
import { checkSmExpression, evaluateSmConstructor, parseSmExpression, SM_PLACE_ROOTS, type SmExpressionPlace } from '../../fdl/cloudflow/expressions/index';
import { localize } from '../../fdl/messages';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'convert');
const schema = JSON.parse(readFileSync(join(root, 'schemas', 'cloudflow-statemachine.schema.json'), 'utf8'));
// The options of fdl/schema/schema-validator.ts and test/fdl/cloudflow-schema.test.ts.
const validate = new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false }).compile(schema);

function convert(file: string) {
  const text = readFileSync(file, 'utf8');
  const name = file.replace(/^.*[\\/]/, '').replace(/\.flow\.yaml$/, '');
  return convertClassicFlow(parseFlow(text).flow, text, { name });
}

/** Every expression in a definition, with the place it stands (which decides the roots it may read). */
function* expressions(states: unknown): Generator<{ place: SmExpressionPlace; text: string; at: string }> {
  if (!Array.isArray(states)) return;
  for (const st of states as Record<string, unknown>[]) {
    const at = String(st.Name);
    yield* constructorExpressions(st.InputConstructor, 'InputConstructor', at);
    yield* constructorExpressions(st.OutputConstructor, 'OutputConstructor', at);
    yield* constructorExpressions(st.Parameters, 'Parameters', at);
    for (const c of (st.Catch as Record<string, unknown>[] | undefined) ?? []) yield* constructorExpressions(c.OutputConstructor, 'CatchOutputConstructor', at);
    if (typeof st.ItemsPath === 'string') yield { place: 'ItemsPath', text: st.ItemsPath, at };
    if (typeof st['Seconds.$'] === 'string') yield { place: 'Seconds', text: st['Seconds.$'], at };
    if (typeof st['Timeout.$'] === 'string') yield { place: 'Timeout', text: st['Timeout.$'], at };
    if (st.Type === 'Choice') for (const b of st.Branches as { Condition: string }[]) yield { place: 'Condition', text: b.Condition, at };
    if (st.Type === 'Parallel') for (const b of st.Branches as { States: unknown }[]) yield* expressions(b.States);
    if (st.Type === 'Map') yield* expressions((st.Processor as { States: unknown }).States);
  }
}

function* constructorExpressions(value: unknown, place: SmExpressionPlace, at: string): Generator<{ place: SmExpressionPlace; text: string; at: string }> {
  if (Array.isArray(value)) for (const v of value) yield* constructorExpressions(v, place, at);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.endsWith('.$')) yield { place, text: String(v), at: `${at} ${k}` };
      else yield* constructorExpressions(v, place, at);
    }
  }
}

/** Schema errors and expression problems of a converted definition, as readable lines. */
function problems(yamlText: string): string[] {
  const definition = parse(yamlText);
  const out: string[] = [];
  if (!validate(definition)) for (const e of validate.errors ?? []) out.push(`schema ${e.instancePath || '/'} ${e.keyword} ${JSON.stringify(e.params)}`);
  for (const x of expressions(definition.States)) {
    const p = parseSmExpression(x.text);
    if (!p.ok) {
      out.push(`${x.at}: ${x.text}: ${p.error.code}`);
      continue;
    }
    for (const f of checkSmExpression(p.ast, { roots: SM_PLACE_ROOTS[x.place] })) out.push(`${x.at}: ${x.text}: ${f.code}`);
  }
  return out;
}

const fixtureFiles = readdirSync(fixtures).filter((f) => f.endsWith('.flow.yaml'));

test('each fixture converts to the StateMachine YAML and the findings beside it', () => {
  assert.ok(fixtureFiles.length >= 8, `expected the convert fixtures, found ${fixtureFiles.length}`);
  for (const f of fixtureFiles) {
    const file = join(fixtures, f);
    const base = file.replace(/\.flow\.yaml$/, '');
    const result = convert(file);
    assert.equal(result.yaml, readFileSync(`${base}.expected.yaml`, 'utf8'), f);
    const found = result.findings.map((x) => ({ code: x.code, line: x.range.start.line + 1 }));
    assert.deepEqual(found, JSON.parse(readFileSync(`${base}.findings.json`, 'utf8')), f);
  }
});

test('the fixtures are valid classic flows and their expected flows valid StateMachine flows', () => {
  for (const f of fixtureFiles) {
    const text = readFileSync(join(fixtures, f), 'utf8');
    assert.deepEqual(
      analyze(text)
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => d.code),
      [],
      f,
    );
    assert.deepEqual(problems(readFileSync(join(fixtures, f.replace(/\.flow\.yaml$/, '.expected.yaml')), 'utf8')), [], f);
  }
});

test('the fixtures cover every step type, every task pattern and the mapping cases', () => {
  const all = fixtureFiles.map((f) => readFileSync(join(fixtures, f), 'utf8')).join('\n');
  for (const t of ['task', 'pass', 'wait', 'choice', 'parallel', 'foreach', 'succeed', 'fail']) assert.match(all, new RegExp(`type: ${t}\\b`), t);
  for (const p of ['sync', 'waitForCallback']) assert.match(all, new RegExp(`pattern: ${p}\\b`), p);
  for (const k of ['inputMappings', 'outputMappings', 'errorMappings', 'retry', 'catch', 'goto', 'default', '\\$context', '\\$local', 'timestamp', 'serviceParams', 'action']) {
    assert.match(all, new RegExp(k), k);
  }
});

function* flowFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* flowFiles(p);
    else if (name.endsWith('.flow.yaml') || name.endsWith('.flow.yml')) yield p;
  }
}

test('every classic flow of the repository that has no errors converts to a valid StateMachine flow', () => {
  let converted = 0;
  const failures: string[] = [];
  for (const file of [...flowFiles(join(root, 'test')), ...flowFiles(join(root, 'examples'))]) {
    const text = readFileSync(file, 'utf8');
    const analysis = analyze(text);
    if (!/^\s*type:\s*flow\b/m.test(text) || analysis.diagnostics.some((d) => d.severity === 'error')) continue;
    const result = convertClassicFlow(analysis.parsed.flow, text, { name: 'converted' });
    converted++;
    for (const p of problems(result.yaml)) failures.push(`${relative(root, file)}: ${p}`);
    for (const x of result.findings) {
      assert.ok(
        localize(x.message, 'en') && localize(x.message, 'zh-cn') && !/\{\d\}/.test(localize(x.message, 'en') + localize(x.message, 'zh-cn')),
        `${relative(root, file)} ${x.code}`,
      );
    }
  }
  assert.ok(converted >= 80, `expected the repository's classic flows, converted ${converted}`);
  assert.deepEqual(failures, []);
});

test('every finding code has its English and Chinese text', () => {
  for (const [code, text] of Object.entries(CONVERT_MESSAGES)) {
    assert.ok(localize(text, 'en').length > 0 && localize(text, 'zh-cn').length > 0, code);
    assert.match(localize(text, 'zh-cn'), /[\u4e00-\u9fff]/, code);
  }
});

const context = {
  Execution: { Name: 'e', Input: {}, RoleArn: '' },
  Current: { Name: 's', Input: {}, Output: {}, Error: { Code: 'E', Detail: 'D' }, RetryCount: 0, TaskToken: 't' },
};
const evaluate = (constructor: unknown, Input: unknown, Output?: unknown) => {
  const r = evaluateSmConstructor(constructor, { Input, Output, Context: context, random: () => 0.5 });
  if (!r.ok) throw new Error(localize(r.error.message, 'en'));
  return r.value;
};

test('a task without outputMappings merges its result over the carried fields, as classic merges its local', () => {
  const states = parse(convert(join(fixtures, 'carry.flow.yaml')).yaml).States;
  const price = states.find((s: { Name: string }) => s.Name === 'price');
  // Classic: the step's local {amount, total} merges into the data that already holds sku. The
  // function's return value is the Task's `$Output.Body`.
  assert.deepEqual(evaluate(price.OutputConstructor, { sku: 'A-1' }, { Body: { amount: 5, total: 6 } }), { sku: 'A-1', amount: 5, total: 6 });
  // A field the result also holds: the result wins, as a later key does in the classic merge.
  assert.deepEqual(evaluate(price.OutputConstructor, { sku: 'A-1', amount: 1 }, { Body: { amount: 5 } }), { sku: 'A-1', amount: 5, total: null });
});

test('outputMappings become an OutputConstructor that keeps the fields later steps read, and only those', () => {
  const states = parse(convert(join(fixtures, 'mappings.flow.yaml')).yaml).States;
  const charge = states.find((s: { Name: string }) => s.Name === 'charge');
  const input = { order: { id: 7 }, channel: 'web', items: [1] };
  // `items` is read by no later step, so it is not carried; `order` is (audit reads it).
  assert.deepEqual(evaluate(charge.OutputConstructor, input, { Body: { ok: true } }), { charged: true, order: { id: 7 } });
  // errorMappings read the error as $local.error / $local.cause: the Catch's constructor.
  assert.deepEqual(evaluate(charge.Catch[0].OutputConstructor, input), { failure: 'E', reason: 'D', order: { id: 7 }, charged: null });
});

test("a step with end: true carries only what reads its sequence's result, not what later steps in the text read", () => {
  const text = [
    'version: v1',
    'type: flow',
    'steps:',
    '  - type: choice',
    '    name: pick',
    '    choices:',
    '      - {condition: $.skip == true, goto: skip}',
    '  - type: pass',
    '    name: work',
    '    end: true',
    '    outputMappings:',
    '      - {target: done, source: true}',
    '  - type: pass',
    '    name: skip',
    '    outputMappings:',
    '      - {target: skipped, source: $input.id}',
    '',
  ].join('\n');
  const states = parse(convertClassicFlow(parseFlow(text).flow, text).yaml).States;
  // `skip` reads id, but only after the choice's goto: work's output never reaches it.
  assert.deepEqual(states.find((s: { Name: string }) => s.Name === 'work').OutputConstructor, { done: true });
  assert.deepEqual(states.find((s: { Name: string }) => s.Name === 'skip').OutputConstructor, { 'skipped.$': '$Input.id' });
});

test("findings name what they talk about in the reader's language", () => {
  // A top-level succeed's mappings are not read when the flow's outputMappings make the output.
  const text =
    'version: v1\ntype: flow\nsteps:\n  - type: succeed\n    name: done\n    outputMappings:\n      - {target: a, source: 1}\noutputMappings:\n  - {target: b, source: 2}\n';
  const found = convertClassicFlow(parseFlow(text).flow, text).findings.find((x) => x.code === 'mappings-ignored');
  assert.ok(found, 'the succeed with outputMappings is reported');
  assert.match(localize(found.message, 'en'), /^The mappings of a `succeed` step/);
  assert.match(localize(found.message, 'zh-cn'), /^`succeed` 步骤的映射/);
});

test('an MNS queue or topic becomes the documented MNS:SendMessage task', () => {
  const states = parse(convert(join(fixtures, 'task-patterns.flow.yaml')).yaml).States;
  const publish = states.find((s: { Name: string }) => s.Name === 'publish');
  assert.deepEqual(
    { Action: publish.Action, Parameters: publish.Parameters },
    { Action: 'MNS:SendMessage', Parameters: { resourceArn: 'acs:mns:cn-hangzhou:123456789:/topics/media-done/messages', message: { 'thumbnail.$': '$Input.thumbnail' } } },
  );
});

test('a child flow becomes the documented FNF:StartExecution task', () => {
  const states = parse(convert(join(fixtures, 'task-patterns.flow.yaml')).yaml).States;
  const archive = states.find((s: { Name: string }) => s.Name === 'archive');
  assert.deepEqual(
    { Action: archive.Action, TaskMode: archive.TaskMode, Parameters: archive.Parameters },
    { Action: 'FNF:StartExecution', TaskMode: 'WaitForSystemCallback', Parameters: { resourceArn: 'acs:fnf:::flow/archive-media', 'input.$': '$Input' } },
  );
});

test('flows with errors and hostile shapes convert without throwing', () => {
  const texts = [
    '',
    'x',
    'steps: 5',
    'version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: c\n',
    'version: v1\ntype: flow\nsteps:\n  - {type: foreach, name: f}\n  - {type: task, name: t, serviceParams: {a: [$.x]}}\n  - {type: wait, name: w, duration: abc}\n',
    'version: v1\ntype: flow\nsteps:\n  - {type: pass, name: a}\n  - {type: pass, name: a}\n  - {type: choice, name: c, choices: [{condition: "$.x ==", goto: nowhere}]}\n',
    'version: v1\ntype: flow\nsteps:\n  - {type: task, name: t, action: "not an action"}\n  - {type: task, name: u, resourceArn: "acs:oss:::bucket/x", catch: [{errors: [E]}]}\n',
  ];
  for (const file of flowFiles(join(root, 'test', 'fixtures'))) texts.push(readFileSync(file, 'utf8'));
  for (const text of texts) {
    const result = convertClassicFlow(parseFlow(text).flow, text);
    assert.equal(typeof result.yaml, 'string');
  }
});

test('a converted path names each field so that the StateMachine parser reads it back as that field', () => {
  // A control character is no field character of the parser's: it must be written in brackets.
  for (const name of ['plain', 'dest-bucket', '中文', 'a b', 'a:b', 'a{b}', 'a.b', 'a\u0001b', 'a\u00a0b', '']) {
    const t = appendSegments('$Input', [{ kind: 'field', name, span: { start: 0, end: 0 } }], name);
    assert.ok(t.ok);
    const read = parseSmExpression(t.text);
    assert.ok(read.ok && read.ast.kind === 'path', `${JSON.stringify(name)} written ${t.text}`);
    assert.deepEqual(
      read.ast.segments.map((s) => (s.kind === 'field' ? s.name : s.index)),
      [name],
      t.text,
    );
  }
});
