/**
 * A function whose result text holds a number beyond a double's range (`1e400`), run as local
 * code in either dialect: the task fails with FnF.InvalidLocal naming the task and the path of the
 * number, in the user's language, instead of the result arriving with `null` in its place
 * (SEMANTICS.md "Numbers"). Fixture: fixtures/number-result.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../engine/helpers';
import { fdl, oneJsonObject, ROOT } from './fdl-process';

const APP = join(ROOT, 'test', 'cli', 'fixtures', 'number-result');

for (const [dialect, task] of [
  ['classic', 'price'],
  ['statemachine', 'Price'],
] as const) {
  test(`${dialect}: a function answering 1e400 fails its task with FnF.InvalidLocal at $.order.amount`, { timeout: 60_000 }, async (t) => {
    const store = join(tempDir(t), 'store');
    const flow = join(APP, `${dialect}.flow.yaml`);
    const r = await fdl(['run', flow, '--functions', join(APP, 's.yaml'), '--json', '--store', store]);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(oneJsonObject(r.stdout), {
      status: 'Failed',
      output: null,
      error: 'FnF.InvalidLocal',
      cause: `The result of task ${task} holds a number at $.order.amount beyond the range of a JSON number (a double, about ±1.8e308); it is refused rather than turned into null. Write a smaller number, or a string.`,
    });
    const zh = await fdl(['run', flow, '--functions', join(APP, 's.yaml'), '--store', store], { LANG: 'zh_CN.UTF-8' });
    assert.equal(zh.code, 1, zh.stderr);
    assert.match(zh.stdout, new RegExp(`原因：任务 ${task} 的结果 在 \\$\\.order\\.amount 处的数字超出了 JSON 数字的范围`));
  });
}
