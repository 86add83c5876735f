/**
 * Two executions of the same real flow compared: where their paths part, the visits only one
 * made, and which data differs; and the per-visit documents the diff editor shows.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { diffRuns } from '../../../engine/analysis/run-diff';
import { runDocument } from '../../../engine/analysis/run-document';
import { scenarioHistories } from './run-scenarios';

const root = join(__dirname, 'fixtures');
const run = async (f: string) => (await scenarioHistories([join(root, f)])).histories[0];

test('classic: the paths part inside the choice; the parallel and the foreach are each only in one run', async () => {
  const d = diffRuns(await run('order-fan.scenario.yaml'), await run('order-loop.scenario.yaml'));
  assert.deepEqual(d.divergence, { scope: '$/route#1/body', a: 'fanout', b: 'each' });
  const only = (side: 'a' | 'b') => d.steps.filter((s) => (side === 'a' ? !s.b : !s.a)).map((s) => s.key);
  assert.deepEqual(only('a'), ['$/route#1/body/fanout#1', '$/route#1/body/fanout#1/b0/left#1', '$/route#1/body/fanout#1/b1/right#1']);
  assert.deepEqual(only('b'), [
    '$/route#1/body/each#1',
    '$/route#1/body/each#1/i0/work#1',
    '$/route#1/body/each#1/i0/fine#1',
    '$/route#1/body/each#1/i1/work#1',
    '$/route#1/body/each#1/i1/mend#1',
  ]);
  // A classic choice outputs nothing of its own: only its input differs.
  const route = d.steps.find((s) => s.key === '$/route#1')!;
  assert.deepEqual(route.changes, ['input']);
  // Only-B visits come right after the last visit both made before them (route), so `done` stays last.
  assert.equal(d.steps.at(-1)!.key, '$/done#1');
});

test('StateMachine: the paths part at the top after Route; the Map iterations and the retried task are listed', async () => {
  const fan = await run('order-sm-fan.scenario.yaml');
  const d = diffRuns(fan, await run('order-sm-loop.scenario.yaml'));
  assert.deepEqual(d.divergence, { scope: '$', after: 'Route', a: 'FanOut', b: 'Each' });
  assert.equal(d.steps.find((s) => s.key === '$/FanOut#1/b0/Left#1')?.a?.attempts, 2);
  assert.equal(d.steps.find((s) => s.key === '$/Each#1/i1/Work#1')?.b?.error, 'Broken');
  assert.deepEqual(d.steps.find((s) => s.key === '$/Done#1')?.changes, ['input', 'output']);
});

test('the same path with different data: no divergence, the changed visits say what changed', async () => {
  const a = await run('order-sm-other.scenario.yaml');
  const b = await run('order-sm-skip.scenario.yaml');
  const d = diffRuns(a, b);
  assert.equal(d.divergence, undefined);
  assert.equal(d.onlyA + d.onlyB, 0);
  assert.deepEqual(
    d.steps.map((s) => [s.key, s.changes]),
    [
      ['$/Route#1', ['input', 'output']],
      ['$/Done#1', ['input', 'output']],
    ],
  );
  assert.equal(diffRuns(a, a).changed, 0);
});

test('a goto loop: each visit of a state is its own, numbered in its scope', async () => {
  const { histories } = await scenarioHistories([join(__dirname, '..', 'fixtures', 'goto-loop-polling')]);
  const d = diffRuns(histories[0], histories[0]);
  assert.deepEqual(
    d.steps.map((s) => s.key),
    ['$/check#1', '$/pause#1', '$/isDone#1', '$/check#2', '$/pause#2', '$/isDone#2', '$/check#3', '$/pause#3', '$/isDone#3', '$/finished#1'],
  );
  assert.equal(d.same, 10);
  assert.equal(d.divergence, undefined);
});

test('the run document lists each visit in flow order with its data, the same for both runs so a diff lines up', async () => {
  const text = runDocument({ flowName: 'order', executionName: 'e1', status: 'Succeeded', source: 'local' }, await run('order-loop.scenario.yaml'));
  const heads = text.split('\n').filter((l) => l.startsWith('$'));
  assert.deepEqual(heads, [
    '$/route#1  [succeeded]',
    '$/route#1/body/each#1  [succeeded]',
    '$/route#1/body/each#1/i0/work#1  [succeeded]',
    '$/route#1/body/each#1/i0/fine#1  [succeeded]',
    '$/route#1/body/each#1/i1/work#1  [failed]',
    '$/route#1/body/each#1/i1/mend#1  [succeeded]',
    '$/done#1  [succeeded]',
  ]);
  assert.match(text, /^flow: order\nexecution: e1\nsource: local\nstatus: Succeeded\n/);
  assert.match(text, /i1\/work#1 {2}\[failed\]\n {2}input: \{\n[^$]*"item": 2\n {2}\}\n {2}error: Broken\n {2}cause: second item/);
});
