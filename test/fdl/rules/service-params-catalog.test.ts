/**
 * The serviceParams catalogue follows the integration pages (cited in
 * fdl/rules/service-params-catalog.ts); completion reads the same key lists.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PATTERNS_BY_KIND } from '../../../fdl/arn';
import { SERVICE_PARAMS_BY_KIND } from '../../../fdl/rules/service-params';
import { SERVICE_PARAM_SPECS } from '../../../fdl/rules/service-params-catalog';

test('each integration documents these keys, in the docs order', () => {
  assert.deepEqual(SERVICE_PARAMS_BY_KIND.fc, ['InvocationType', 'StatefulAsyncInvocationID']);
  assert.deepEqual(SERVICE_PARAMS_BY_KIND['fnf-flow'], ['Input', 'ExecutionName']);
  assert.deepEqual(SERVICE_PARAMS_BY_KIND['mns-queue'], ['MessageBody', 'Priority', 'DelaySeconds']);
  assert.deepEqual(SERVICE_PARAMS_BY_KIND['mns-topic'], ['MessageBody', 'MessageTag', 'MessageAttributes']);
});

test('required keys and value ranges are the ones the pages state', () => {
  const spec = (kind: keyof typeof SERVICE_PARAM_SPECS, name: string) => SERVICE_PARAM_SPECS[kind].find((s) => s.name === name)!;
  assert.deepEqual(
    Object.entries(SERVICE_PARAM_SPECS).flatMap(([kind, specs]) => specs.filter((s) => s.required).map((s) => `${kind}.${s.name}`)),
    ['mns-queue.MessageBody', 'mns-queue.Priority', 'mns-topic.MessageBody'],
  );
  assert.deepEqual(spec('mns-queue', 'Priority').value, { kind: 'integer', min: 1, max: 16 });
  assert.deepEqual(spec('mns-queue', 'DelaySeconds').value, { kind: 'integer', min: 0, max: 604800 });
  const id = spec('fc', 'StatefulAsyncInvocationID').value;
  assert.equal(id.kind, 'unique-id');
  if (id.kind === 'unique-id') {
    assert.ok(id.pattern.test('_job-1') && !id.pattern.test('1job') && !id.pattern.test('a b'));
    assert.equal(id.maxLength, 128);
  }
});

test('MNS integrations take requestResponse and waitForCallback only', () => {
  assert.deepEqual(PATTERNS_BY_KIND['mns-queue'], ['requestResponse', 'waitForCallback']);
  assert.deepEqual(PATTERNS_BY_KIND['mns-topic'], ['requestResponse', 'waitForCallback']);
});
