import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, timeoutLeftMs } from '../../../client/model/durations';
import { flowBaseName, mocksFileCandidates, savedInputsPath } from '../../../client/model/flow-companions';
import { parseSavedInputs, recentInputsFor, rememberInput, withSavedInput } from '../../../client/model/input-history';
import { checkJsonObject } from '../../../client/model/json-input';
import { topLevelStepsLine } from '../../../client/model/steps-line';

test('recent inputs: newest first, an equal input once, at most ten per flow', () => {
  let recent = {};
  for (let i = 0; i < 12; i++) recent = rememberInput(recent, '/w/a.flow.yaml', `{"n":${i}}`);
  recent = rememberInput(recent, '/w/a.flow.yaml', '{ "n": 5 }');
  const list = recentInputsFor(recent, '/w/a.flow.yaml');
  assert.equal(list.length, 10);
  assert.equal(list[0], '{ "n": 5 }');
  assert.equal(list.filter((i) => JSON.parse(i).n === 5).length, 1);
  assert.deepEqual(recentInputsFor(recent, '/w/other.flow.yaml'), []);
  assert.deepEqual(recentInputsFor({ x: 'garbage' } as never, 'x'), []);
});

test('saved inputs live in <flow>.inputs.json beside the flow; a broken file is never overwritten', () => {
  assert.equal(savedInputsPath('/w/flows/order.flow.yaml'), '/w/flows/order.inputs.json');
  assert.deepEqual(mocksFileCandidates('/w/order.flow.yml'), ['/w/order.mocks.yaml', '/w/order.mocks.yml']);
  assert.equal(flowBaseName('/w/pipeline.yaml'), 'pipeline');
  const text = withSavedInput('{"small": {"n": 1}}', 'big', '{"n":1000}')!;
  assert.deepEqual(parseSavedInputs(text).inputs, [
    { name: 'small', input: '{"n":1}' },
    { name: 'big', input: '{"n":1000}' },
  ]);
  assert.equal(withSavedInput('{oops', 'x', '{}'), undefined);
  assert.equal(withSavedInput('[1]', 'x', '{}'), undefined);
  assert.ok(parseSavedInputs('{oops').error);
  assert.deepEqual(parseSavedInputs('{"a": 1, "b": {}}').inputs, [{ name: 'b', input: '{}' }]);
});

test('JSON input must be an object; empty means {}', () => {
  assert.deepEqual(checkJsonObject('  '), { ok: true, value: {}, text: '{}' });
  assert.equal(checkJsonObject('{"a": 1}').ok, true);
  const bad = checkJsonObject('{"a": }');
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.problem, 'notJson');
  const arr = checkJsonObject('[1]');
  assert.equal(!arr.ok && arr.problem, 'notObject');
  assert.equal(!arr.ok && arr.problem === 'notObject' && arr.kind, 'array');
  const kinds = ['null', '"text"', '42', 'true'].map((t) => checkJsonObject(t)).map((c) => !c.ok && c.problem === 'notObject' && c.kind);
  assert.deepEqual(kinds, ['null', 'string', 'number', 'boolean']);
});

test('durations read short; timeout left counts down from scheduling', () => {
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(1234), '1.2 s');
  assert.equal(formatDuration(42_000), '42 s');
  assert.equal(formatDuration(185_000), '3 min 5 s');
  assert.equal(formatDuration(7_380_000), '2 h 3 min');
  assert.equal(formatDuration(65_000, { ms: '毫秒', s: '秒', min: '分', h: '小时' }), '1 分 5 秒');
  assert.equal(timeoutLeftMs('2024-01-01T00:00:00Z', 60, Date.parse('2024-01-01T00:00:45Z')), 15_000);
  assert.equal(timeoutLeftMs('2024-01-01T00:00:00Z', undefined, 0), undefined);
});

test('the Run Flow CodeLens sits on the top-level steps: (or States:) line only', () => {
  assert.equal(topLevelStepsLine('version: v1\ntype: flow\nsteps:\n  - type: pass\n'), 2);
  assert.equal(topLevelStepsLine('version: v1\n  steps:\n'), undefined);
  assert.equal(topLevelStepsLine('# steps: in a comment\nsteps: []\n'), 1);
  assert.equal(topLevelStepsLine('Type: StateMachine\nName: x\nStartAt: a\nStates:\n  - Type: Pass\n'), 3, 'a StateMachine flow gets the lens on States:');
});
