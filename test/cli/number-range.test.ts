/**
 * A number beyond a double's range (`9` written 400 times) in a flow or in input JSON: it used to
 * become Infinity, then `null`, unseen. Now the flow is refused at the number (both dialects) and
 * the input naming its path (engine/SEMANTICS.md "Numbers").
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../engine/helpers';
import { fdl, oneJsonObject, ROOT } from './fdl-process';

const HUGE = '9'.repeat(400);
const CLASSIC = join(ROOT, 'test', 'fdl', 'rules', 'number-out-of-range', 'overflowing-numbers.flow.yaml');
const STATEMACHINE = join(ROOT, 'test', 'fixtures', 'cloudflow', 'invalid', 'number-out-of-range.yaml');
const FLOW = join(ROOT, 'test', 'cli', 'fixtures', 'wait-then-pass.flow.yaml');

test('a flow with a number out of range: validate names it at its line, run refuses the flow (both dialects)', { timeout: 60_000 }, async (t) => {
  const validate = await fdl(['validate', CLASSIC, STATEMACHINE]);
  assert.equal(validate.code, 1);
  assert.match(validate.stdout, /overflowing-numbers\.flow\.yaml:9:17: error number-out-of-range: 999999999999…9999 is beyond the range of a JSON number/);
  assert.match(validate.stdout, /number-out-of-range\.yaml:11:14: error number-out-of-range: 1e999 is beyond the range/);
  for (const [flow, line, column] of [
    [CLASSIC, 9, 17],
    [STATEMACHINE, 10, 13],
  ] as const) {
    const run = await fdl(['run', flow, '--json', '--store', join(tempDir(t), 'store')]);
    assert.equal(run.code, 2, run.stderr);
    const out = oneJsonObject(run.stdout);
    assert.deepEqual([out.status, out.error], ['Invalid', 'InvalidDefinition']);
    assert.deepEqual((out.diagnostics as { line: number; column: number; code: string }[])[0], {
      ...(out.diagnostics as object[])[0],
      line,
      column,
      code: 'number-out-of-range',
    });
  }
  const zh = await fdl(['validate', STATEMACHINE], { LANG: 'zh_CN.UTF-8' });
  assert.match(zh.stdout, /1e999 超出了 JSON 数字的范围/);
});

test('input JSON with a number out of range: --input, --input @file and a scenario input are refused naming the path', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const inline = await fdl(['run', FLOW, '--input', `{"x": {"y": [1, ${HUGE}]}}`, '--json', '--store', join(dir, 'store')]);
  assert.equal(inline.code, 2, inline.stderr);
  assert.equal(
    oneJsonObject(inline.stdout).cause,
    '--input holds a number at $.x.y[1] beyond the range of a JSON number (a double, about ±1.8e308); it is refused rather than turned into null. Write a smaller number, or a string.',
  );
  writeFileSync(join(dir, 'input.json'), `{"n": -1e400}`);
  const file = await fdl(['run', FLOW, '--input', `@${join(dir, 'input.json')}`, '--store', join(dir, 'store')], { LANG: 'zh_CN.UTF-8' });
  assert.equal(file.code, 2);
  assert.match(file.stderr, /^fdl：--input 在 \$\.n 处的数字超出了 JSON 数字的范围/);
  writeFileSync(join(dir, 'scenario.yaml'), `flow: ${FLOW}\ninput:\n  n: ${HUGE}\n`);
  const scenario = await fdl(['test', join(dir, 'scenario.yaml')]);
  assert.equal(scenario.code, 1);
  assert.match(scenario.stdout, /could not run: The execution input holds a number at \$\.n beyond the range of a JSON number/);
});

test('a mock output with a number out of range, in a mocks file or inline in a scenario: refused when loaded, naming where', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'mocks.yaml'), `tasks:\n  charge:\n    - output: {n: ${HUGE}}\n`);
  const run = await fdl(['run', FLOW, '--mocks', join(dir, 'mocks.yaml'), '--store', join(dir, 'store')]);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /mocks\.yaml:3: `charge`, entry 1: output holds a number at \$\.n beyond the range of a JSON number/);
  writeFileSync(join(dir, 'scenario.yaml'), `flow: ${FLOW}\nmocks:\n  tasks:\n    charge:\n      - output: {n: ${HUGE}}\n`);
  const scenario = await fdl(['test', join(dir, 'scenario.yaml')]);
  assert.equal(scenario.code, 1);
  assert.match(scenario.stdout, /scenario\.yaml: mocks holds a number at \$\.tasks\.charge\[0\]\.output\.n beyond the range of a JSON number/);
});
