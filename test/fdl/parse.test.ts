import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseFlow } from '../../fdl/index';

const corpus = join(__dirname, '..', 'fixtures', 'real-flows');

test('every published flow parses into a model with its steps named and located', () => {
  for (const f of readdirSync(corpus).filter((n) => n.endsWith('.flow.yaml'))) {
    const text = readFileSync(join(corpus, f), 'utf8');
    const p = parseFlow(text);
    for (const s of p.steps) {
      assert.equal(text.slice(s.typeSpan.start, s.typeSpan.end).replace(/['"]/g, ''), s.type, `${f}: type span of ${s.name}`);
      if (s.name) assert.ok(text.slice(s.nameSpan.start, s.nameSpan.end).includes(s.name), `${f}: name span of ${s.name}`);
    }
  }
});

test('nested scopes know their owner step', () => {
  const p = parseFlow(`version: v1
type: flow
steps:
  - type: foreach
    name: each
    iterationMapping: {collection: $.items, item: item}
    steps:
      - type: pass
        name: inner
  - type: parallel
    name: par
    branches:
      - steps:
          - type: wait
            name: w
            duration: 1
`);
  assert.deepEqual(
    p.steps.map((s) => s.name),
    ['each', 'inner', 'par', 'w'],
  );
  const inner = p.steps[1];
  assert.equal(inner.scope.owner?.name, 'each');
  assert.equal(p.steps[3].scope.owner?.name, 'par');
  assert.equal(p.flow.body.steps.length, 2);
});

test('an unquoted timestamp stays text and deploy-time tags resolve to their text', () => {
  const p = parseFlow(`version: v1
type: flow
steps:
  - type: wait
    name: until
    timestamp: 2019-12-14T10:00:00Z
  - type: task
    name: t
    resourceArn: !Ref svc/fn
`);
  const wait = p.steps[0];
  assert.equal(wait.type === 'wait' && wait.timestamp?.value, '2019-12-14T10:00:00Z');
  const task = p.steps[1];
  assert.equal(task.type === 'task' && task.resourceArn?.value, 'svc/fn');
  assert.deepEqual(p.syntaxDiagnostics, []);
});

test('hostile input never throws', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++)
    bomb.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`,
    );
  for (const text of ['', '\u0000\u0001\uffff', ':::', '- [', bomb.join('\n')]) {
    const p = parseFlow(text);
    assert.ok(p.flow);
  }
  const p = parseFlow(bomb.join('\n'));
  assert.ok(p.syntaxDiagnostics.some((d) => d.code === 'yaml-alias-bomb'));
});
