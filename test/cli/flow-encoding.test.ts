/**
 * A flow file saved in another encoding than UTF-8 (GBK, as a Chinese Windows editor may save it)
 * is refused where its first such byte stands, by every command that reads a flow: here `fdl test`
 * (a scenario naming it fails, saying why) and `fdl test-step`; `validate` and `run` in
 * validate.test.ts and run-json.test.ts. Decoded as UTF-8 it would run with U+FFFD in its names.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../engine/helpers';
import { fdl } from './fdl-process';

/** "name: 付款" with 付款 in GBK (B8 B6 BF EE): no UTF-8. */
const GBK_FLOW = Buffer.concat([Buffer.from('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: '), Buffer.from([0xb8, 0xb6, 0xbf, 0xee]), Buffer.from('\n')]);

test('fdl test: a scenario whose flow is not UTF-8 fails, naming the file, the byte and where it stands', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const flow = join(dir, 'gbk.flow.yaml');
  writeFileSync(flow, GBK_FLOW);
  writeFileSync(join(dir, 'gbk.scenario.yaml'), 'flow: gbk.flow.yaml\nexpect: {status: Succeeded}\n');
  const r = await fdl(['test', join(dir, 'gbk.scenario.yaml')]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /FAIL .*gbk\.scenario\.yaml/);
  assert.ok(r.stdout.includes(`flow file ${flow} is not UTF-8 (byte 0xB8 at line 5, column 11): save it as UTF-8.`), r.stdout);
  assert.match(r.stdout, /0 passed, 1 failed/);
});

test('fdl test-step: a flow that is not UTF-8 is refused, exit 2', { timeout: 60_000 }, async (t) => {
  const flow = join(tempDir(t), 'gbk.flow.yaml');
  writeFileSync(flow, GBK_FLOW);
  const r = await fdl(['test-step', flow, 'x']);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr, `fdl: flow file ${flow} is not UTF-8 (byte 0xB8 at line 5, column 11): save it as UTF-8.\n`);
});
