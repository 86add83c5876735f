/**
 * Local code for Function Compute 3.0: a Serverless Devs `s.yaml` of edition 3.0.0 (component fc3)
 * declares functions that a classic flow reaches by their FC 3.0 ARNs
 * (`acs:fc:<region>:<account>:functions/<name>[/<qualifier>]`); `fdl run --functions s.yaml`
 * runs them in the local FC runtime, the waitForCallback one reporting through the local FnF API
 * with the real SDK. Cases and expected results: fixtures/fc3-app/order.runs.json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../engine/helpers';
import { fdl, INTEGRATION_FIXTURES } from './fdl-process';

const APP = join(INTEGRATION_FIXTURES, 'fc3-app');
const runs = JSON.parse(readFileSync(join(APP, 'order.runs.json'), 'utf8')) as { name: string; input: object; expected: { status: string } }[];

for (const run of runs) {
  test(`run --functions s.yaml 3.0.0: ${run.name}`, { timeout: 60_000 }, async (t) => {
    const r = await fdl([
      'run',
      join(APP, 'order.flow.yaml'),
      '--functions',
      join(APP, 's.yaml'),
      '--input',
      JSON.stringify(run.input),
      '--store',
      join(tempDir(t), 's'),
      '--json',
    ]);
    assert.equal(r.code, run.expected.status === 'Succeeded' ? 0 : 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), run.expected);
  });
}

test('run --functions s.yaml 3.0.0 without --json: the step log carries the FC 3.0 function output', { timeout: 60_000 }, async (t) => {
  const r = await fdl(['run', join(APP, 'order.flow.yaml'), '--functions', join(APP, 's.yaml'), '--input', JSON.stringify(runs[0].input), '--store', join(tempDir(t), 's')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /\[quote\] .*quoting 4 x 20/);
});
