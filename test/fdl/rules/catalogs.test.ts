/** The error-name and $context catalogues behind completion, hover and the rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTEXT_FIELDS, contextFieldsBelow, isKnownContextPath } from '../../../fdl/context-fields';
import { BUILT_IN_ERRORS, judgeErrorName } from '../../../fdl/errors-catalog';
import { localize } from '../../../fdl/messages';

test('every built-in error and context field is described in both languages', () => {
  for (const e of BUILT_IN_ERRORS) assert.ok(localize(e.description, 'en') && /[\u4e00-\u9fff]/.test(localize(e.description, 'zh-cn')), e.name);
  for (const f of CONTEXT_FIELDS) assert.ok(localize(f.description, 'en') && /[\u4e00-\u9fff]/.test(localize(f.description, 'zh-cn')), f.path);
});

const verdicts: [string, string | undefined, boolean, string?][] = [
  ['FnF.ALL', undefined, true],
  ['FnF.TaskTimeout', undefined, true],
  ['FnF.RuntimeError', undefined, true],
  ['FC.ResourceThrottled', undefined, true],
  ['FC.ServerError', undefined, true],
  ['FC.ConcurrentUpdateError', undefined, true],
  ['ErrorNeedsRetry', undefined, true],
  ['AnyCustomError', undefined, true],
  ['ocr.Timeout', 'ocr', true],
  ['fnf.ResourceThrottled', 'fnf', true],
  ['fnf.ResourceThrottled', undefined, false],
  ['FnF.All', undefined, false, 'FnF.ALL'],
  ['FnF.Timout', undefined, false, 'FnF.Timeout'],
  ['FC.ResourceThrotled', undefined, false, 'FC.ResourceThrottled'],
];

for (const [name, product, known, suggestion] of verdicts) {
  test(`error name ${name}${product ? ` on a ${product} action` : ''} is ${known ? 'accepted' : 'flagged'}`, () => {
    const v = judgeErrorName(name, product);
    assert.equal(v.known, known);
    if (!v.known && suggestion) assert.equal(v.suggestion, suggestion);
  });
}

test('context paths: known fields, their prefixes, and arbitrary data under execution.input', () => {
  for (const ok of [[], ['task'], ['task', 'token'], ['execution', 'name'], ['execution', 'input', 'a', 'b'], ['step', 'eventId'], ['flow', 'name']])
    assert.ok(isKnownContextPath(ok), ok.join('.'));
  for (const bad of [['task', 'tokens'], ['exection'], ['step', 'id'], ['flow', 'name', 'x']]) assert.ok(!isKnownContextPath(bad), bad.join('.'));
  assert.deepEqual(
    contextFieldsBelow('').map((f) => f.path),
    ['execution', 'flow', 'step', 'task'],
  );
  assert.deepEqual(
    contextFieldsBelow('task').map((f) => f.path),
    ['task.token'],
  );
});
