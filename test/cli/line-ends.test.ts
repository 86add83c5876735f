/**
 * `fdl validate` and `fdl run` on flows written with lone CR line ends (old Mac): YAML 1.2 reads a
 * lone CR as a line break, so the findings are those of the same flow with LF line ends, at the
 * same lines and columns, and a valid one runs (fixtures: test/fdl/line-ends).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../engine/helpers';
import { fdl, oneJsonObject, ROOT } from './fdl-process';

const FIXTURES = join(ROOT, 'test', 'fdl', 'line-ends');

for (const name of ['classic', 'statemachine']) {
  test(`fdl validate: a ${name} flow with lone CR line ends has the findings of its LF twin, at the same places`, { timeout: 60_000 }, async (t) => {
    const dir = tempDir(t);
    const lf = readFileSync(join(FIXTURES, `${name}.flow.yaml`), 'utf8');
    writeFileSync(join(dir, 'lf.flow.yaml'), lf);
    writeFileSync(join(dir, 'cr.flow.yaml'), lf.replace(/\n/g, '\r'));
    const a = await fdl(['validate', join(dir, 'lf.flow.yaml')]);
    const b = await fdl(['validate', join(dir, 'cr.flow.yaml')]);
    assert.equal(b.code, a.code);
    assert.ok(a.stdout.length > 0 || a.stderr.length > 0);
    assert.equal((b.stdout + b.stderr).replaceAll('cr.flow.yaml', 'lf.flow.yaml'), a.stdout + a.stderr);
  });
}

test('fdl run: a StateMachine flow with lone CR line ends runs', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const flow = 'Type: StateMachine\rName: cr\rSpecVersion: v1\rStartAt: A\rStates:\r  - Type: Pass\r    Name: A\r    OutputConstructor:\r      done: true\r    End: true\r';
  writeFileSync(join(dir, 'cr.flow.yaml'), flow);
  const r = await fdl(['run', join(dir, 'cr.flow.yaml'), '--json', '--store', join(dir, 'store')]);
  assert.equal(r.code, 0, r.stderr);
  const out = oneJsonObject(r.stdout);
  assert.deepEqual([out.status, out.output], ['Succeeded', { done: true }]);
});
