/**
 * A step or state named with 1.5 million characters (past what one event holds, 32 KiB:
 * fdl/resource-name.ts) is refused before anything runs, in either dialect: `fdl run` answers Invalid with the located
 * finding, whose message does not repeat the name, and the store holds no execution.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../engine/helpers';
import { fdl, oneJsonObject } from './fdl-process';

const HUGE = 'x'.repeat(1_500_000);
const FLOWS = {
  classic: [`version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: ${HUGE}\n`, 'step-name-too-long', 'step', 5],
  statemachine: [
    `Type: StateMachine\nName: l\nSpecVersion: v1\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    End: true\n  - Type: Pass\n    Name: ${HUGE}\n    End: true\n`,
    'sm-state-name-too-long',
    'state',
    10,
  ],
} as const;

for (const [dialect, [text, code, what, line]] of Object.entries(FLOWS)) {
  test(`fdl run: a ${dialect} ${what} name of 1.5 MB is refused before it runs, located, and no execution is stored`, { timeout: 60_000 }, async (t) => {
    const dir = tempDir(t);
    const flow = join(dir, 'long.flow.yaml');
    writeFileSync(flow, text);
    const store = join(dir, 'store');
    const r = await fdl(['run', flow, '--json', '--store', store]);
    assert.notEqual(r.code, 0);
    const out = oneJsonObject(r.stdout);
    assert.equal(out.status, 'Invalid');
    assert.equal(out.error, 'InvalidDefinition');
    const message = `This ${what} name is 1500000 characters long (1500000 bytes); every event of the ${what} carries its name, and an event holds at most 32768 bytes. Shorten it.`;
    assert.deepEqual(out.diagnostics, [{ line, column: 11, code, message }]);
    assert.ok(r.stdout.length < 2_000, 'the name is not repeated');
    assert.equal(existsSync(join(store, 'history.jsonl')), false);
    const v = await fdl(['validate', flow], { LANG: 'zh_CN.UTF-8' });
    assert.notEqual(v.code, 0);
    assert.match(v.stdout + v.stderr, new RegExp(`long\\.flow\\.yaml:${line}:11: .*${code}: 此${what === 'step' ? '步骤' : '状态'}名称长 1500000 个字符`));
  });
}
