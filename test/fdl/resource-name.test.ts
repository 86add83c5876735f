/**
 * One name rule for flows, executions, FC services, functions and async invocation IDs: a letter or
 * `_` first, then letters, digits, `_` and `-`; 1–128 characters (FC function names 1–64, MNS
 * names ≤ 120), as the Serverless Workflow and Function Compute docs state.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  FC_FUNCTION_NAME_PATTERN,
  isResourceName,
  MAX_FC_FUNCTION_NAME_LENGTH,
  MAX_MNS_NAME_LENGTH,
  MAX_RESOURCE_NAME_LENGTH,
  MNS_NAME_PATTERN,
  resourceNamePattern,
  RESOURCE_NAME_PATTERN,
} from '../../fdl/resource-name';

const names: [string, boolean][] = [
  ['a', true],
  ['_', true],
  ['_private', true],
  ['Order-Flow_2', true],
  ['run-2024-01-01T00-00-00', true],
  ['x'.repeat(128), true],
  ['x'.repeat(129), false],
  ['', false],
  ['9lives', false],
  ['-dash', false],
  ['has space', false],
  ['dot.ted', false],
  ['slash/ed', false],
  ['名字', false],
  ['trailing\n', false],
];

for (const [name, valid] of names) {
  test(`${JSON.stringify(name.length > 20 ? `${name.slice(0, 5)}…(${name.length})` : name)} is ${valid ? '' : 'not '}a flow or execution name`, () => {
    assert.equal(isResourceName(name), valid);
    assert.equal(RESOURCE_NAME_PATTERN.test(name), valid);
  });
}

test('each kind has the length the docs give it', () => {
  assert.equal(MAX_RESOURCE_NAME_LENGTH, 128);
  assert.equal(MAX_FC_FUNCTION_NAME_LENGTH, 64);
  assert.equal(MAX_MNS_NAME_LENGTH, 120);
  assert.ok(FC_FUNCTION_NAME_PATTERN.test('f'.repeat(64)));
  assert.ok(!FC_FUNCTION_NAME_PATTERN.test('f'.repeat(65)));
  assert.ok(MNS_NAME_PATTERN.test('q'.repeat(120)));
  assert.ok(!MNS_NAME_PATTERN.test('q'.repeat(121)));
  assert.ok(resourceNamePattern(1).test('a'));
  assert.ok(!resourceNamePattern(1).test('ab'));
});

test('matching stays fast on hostile text', () => {
  const started = Date.now();
  for (const t of ['a'.repeat(100_000), 'a'.repeat(100_000) + '!', '_-'.repeat(50_000)]) isResourceName(t);
  assert.ok(Date.now() - started < 200);
});
