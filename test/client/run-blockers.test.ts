/** Run's check before the input picker: the examples' broken flow is refused, named by its first error; a valid flow passes. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runBlockers } from '../../client/model/run-blockers';

const examples = join(__dirname, '..', '..', 'examples');
const read = (rel: string) => readFileSync(join(examples, rel), 'utf8');

test('a flow with errors is blocked, counted and located at its first error', () => {
  const text = read('broken/diagnostics-demo.flow.yaml');
  const blockers = runBlockers(text, 'en');
  assert.ok(blockers, 'blocked');
  assert.equal(blockers.count, 1);
  assert.equal(blockers.first.line, text.split('\n').findIndex((l) => l.includes('goto: NoSuchStep')) + 1);
  assert.match(blockers.first.message, /No step named `NoSuchStep`/);
});

test('the first error is worded in the display language', () => {
  const en = runBlockers('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    end: maybe\n  - type: pass\n    name: a\n', 'en');
  const zh = runBlockers('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    end: maybe\n  - type: pass\n    name: a\n', 'zh-cn');
  assert.ok(en && zh);
  assert.equal(en.count, 2, 'end: maybe, and the duplicate name');
  assert.equal(zh.count, 2);
  assert.equal(en.first.line, 6);
  assert.match(en.first.message, /[A-Za-z]/);
  assert.match(zh.first.message, /[\u4e00-\u9fff]/);
});

test('the example flows run: nothing blocks them', () => {
  for (const f of ['flows/order-approval.flow.yaml', 'flows/expense-approval.flow.yaml', 'flows/batch-thumbnails.flow.yaml'])
    assert.equal(runBlockers(read(f), 'en'), undefined, f);
});
