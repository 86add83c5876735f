/**
 * `fdl convert <classic.flow.yaml>`: writes the StateMachine flow beside the classic one (or where
 * --out says), lists what could not be carried over 1:1 with its location, refuses what it cannot
 * convert, and never overwrites a file unasked.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { tempDir } from '../engine/helpers';
import { fdl, ROOT } from './fdl-process';

const ORDER = join(ROOT, 'examples', 'flows', 'order-approval.flow.yaml');

test('convert writes <stem>-statemachine.flow.yaml beside the flow and lists the findings with file:line:column', async (t) => {
  const dir = tempDir(t);
  const flow = join(dir, 'order-approval.flow.yaml');
  copyFileSync(ORDER, flow);
  const r = await fdl(['convert', flow]);
  assert.equal(r.code, 0, r.stderr);
  const out = join(dir, 'order-approval-statemachine.flow.yaml');
  const def = parse(readFileSync(out, 'utf8')) as { Type: string; Name: string; StartAt: string };
  assert.deepEqual([def.Type, def.Name, def.StartAt], ['StateMachine', 'order-approval-statemachine', 'CheckInventory']);
  // timeoutSeconds (line 7, column 17) has no StateMachine field: reported where it stands.
  assert.match(r.stderr, new RegExp(`${flow.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:17: warning flow-timeout: `));
  assert.match(r.stderr, /wrote .*order-approval-statemachine\.flow\.yaml/);

  // A second run does not overwrite it; --force does.
  writeFileSync(out, 'kept');
  const again = await fdl(['convert', flow]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists; add --force/);
  assert.equal(readFileSync(out, 'utf8'), 'kept');
  assert.equal((await fdl(['convert', flow, '--force'])).code, 0);
  assert.notEqual(readFileSync(out, 'utf8'), 'kept');
});

test('convert --out - prints the YAML; --format json prints {out, findings} with located rows', async (t) => {
  const printed = await fdl(['convert', ORDER, '--out', '-']);
  assert.equal(printed.code, 0, printed.stderr);
  assert.equal((parse(printed.stdout) as { Name: string }).Name, 'order-approval');
  const out = join(tempDir(t), 'converted.flow.yaml');
  const r = await fdl(['convert', ORDER, '--out', out, '--name', 'orders', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { out: string; findings: { line: number; column: number; severity: string; code: string; message: string }[] };
  assert.equal(report.out, out);
  assert.equal((parse(readFileSync(out, 'utf8')) as { Name: string }).Name, 'orders');
  assert.ok(report.findings.some((f) => f.code === 'flow-timeout' && f.line === 7 && f.column === 17 && f.severity === 'warning'));
});

test('convert refuses a StateMachine flow and a flow with errors, in the user language, writing nothing', async (t) => {
  const dir = tempDir(t);
  const sm = join(dir, 'sm.flow.yaml');
  writeFileSync(sm, 'Type: StateMachine\nName: sm\nSpecVersion: v1\nStartAt: A\nStates:\n  - {Type: Pass, Name: A, End: true}\n');
  const zh = await fdl(['convert', sm], { LANG: 'zh_CN.UTF-8' });
  assert.equal(zh.code, 2);
  assert.match(zh.stderr, /不是经典流程/);
  const broken = join(dir, 'broken.flow.yaml');
  writeFileSync(broken, 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    goto: nowhere\n');
  const r = await fdl(['convert', broken]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /broken\.flow\.yaml:\d+:\d+: error /);
  assert.match(r.stderr, /has errors; fix them before converting/);
  assert.equal(existsSync(join(dir, 'broken-statemachine.flow.yaml')), false);
  assert.equal((await fdl(['convert'])).code, 2);
});
