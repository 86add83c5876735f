/**
 * What a function's successful answer becomes, as the local runtime and the FC invokers read it
 * (engine/invokers/fc-function-result.ts): a number beyond a double's range fails the task with
 * FnF.InvalidLocal at its path, whatever else the text holds; numbers within range, and such a
 * number written as a string, are results as they are.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outcomeFromFunctionBody } from '../../../engine/invokers/fc-function-result';

test('a function body with a number beyond a double is FnF.InvalidLocal at its path; within range, or quoted, it is the result', () => {
  const refused = (body: string) => {
    const o = outcomeFromFunctionBody(body, 'price', 'en');
    assert.equal(o.kind, 'failed', body.slice(0, 40));
    return o as { kind: 'failed'; error: string; cause: string };
  };
  assert.deepEqual(refused('{"a": [1, {"b": 1e400}]}'), {
    kind: 'failed',
    error: 'FnF.InvalidLocal',
    cause:
      'The result of task price holds a number at $.a[1].b beyond the range of a JSON number (a double, about ±1.8e308); it is refused rather than turned into null. Write a smaller number, or a string.',
  });
  assert.match(refused(`{"n": -${'9'.repeat(400)}}`).cause, / at \$\.n /);
  assert.match(refused('[1E+309]').cause, / at \$\[0\] /);
  assert.match((outcomeFromFunctionBody('{"a": 1e400}', 'price', 'zh-cn') as { cause?: string }).cause ?? '', /^任务 price 的结果 在 \$\.a 处/);
  assert.deepEqual(outcomeFromFunctionBody('{"a": 1.7e308, "b": 1e-400, "c": "1e400"}', 'price', 'en'), { kind: 'succeeded', output: { a: 1.7e308, b: 0, c: '1e400' } });
  assert.deepEqual(outcomeFromFunctionBody('not json 1e400', 'price', 'en'), { kind: 'succeeded', output: 'not json 1e400' });
});
