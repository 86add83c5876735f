/**
 * `fdl run --json` prints exactly one JSON object on stdout in every case: the four outcomes of an
 * execution (exit 0 only for Succeeded), and a run refused before anything ran (status
 * "Invalid", a stable code in `error`, the English message in `cause`, exit 2). `--history`
 * adds the service's events, as `fdl history` prints them, with or without --json.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../engine/helpers';
import { fdl, oneJsonObject, ROOT } from './fdl-process';

const FIXTURES = join(ROOT, 'test', 'cli', 'fixtures');
const WAIT_THEN_PASS = join(FIXTURES, 'wait-then-pass.flow.yaml');
const ZH = { LANG: 'zh_CN.UTF-8' };

test('--input @file: the file is the execution input', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'in.json'), '{"greeting": "hi"}\n');
  const r = await fdl(['run', WAIT_THEN_PASS, '--input', `@${join(dir, 'in.json')}`, '--time-scale', '0', '--store', join(dir, 's'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(oneJsonObject(r.stdout), { status: 'Succeeded', output: { greeting: 'hi' }, error: null, cause: null });
});

test('a flow timeout ends the run TimedOut: one object, FnF.Timeout, exit 1', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  // timeoutSeconds 2 and a 60 s wait, at 1/20 speed: 0.1 s to time out.
  const r = await fdl(['run', join(FIXTURES, 'times-out.flow.yaml'), '--time-scale', '0.05', '--store', join(dir, 's'), '--json']);
  assert.equal(r.code, 1, r.stderr);
  const out = oneJsonObject(r.stdout);
  assert.deepEqual([out.status, out.output, out.error], ['TimedOut', null, 'FnF.Timeout']);
  assert.match(String(out.cause), /timeoutSeconds \(2\)/);
});

test('refused runs print one "Invalid" object with a stable code and an English cause, exit 2', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const store = join(dir, 's');
  let stderr = '';
  const refused = async (args: string[], env: Record<string, string> = {}) => {
    const r = await fdl(['run', ...args, '--store', store, '--json'], env);
    assert.equal(r.code, 2, r.stderr);
    stderr = r.stderr;
    const out = oneJsonObject(r.stdout);
    assert.equal(out.status, 'Invalid');
    assert.equal(out.output, null);
    return out;
  };

  const invalid = await refused([join(FIXTURES, 'broken.flow.yaml')]);
  assert.equal(invalid.error, 'InvalidDefinition');
  const diagnostics = invalid.diagnostics as { line?: number; column?: number; code: string; message: string }[];
  assert.ok(diagnostics.length > 0);
  for (const d of diagnostics) assert.ok(typeof d.line === 'number' && typeof d.column === 'number' && d.code && d.message, JSON.stringify(d));

  const notJson = await refused([WAIT_THEN_PASS, '--input', '{oops'], ZH);
  assert.equal(notJson.error, 'InvalidArgument');
  assert.match(String(notJson.cause), /^--input is not JSON: /);
  // The person at the terminal still reads why, in their language.
  assert.match(stderr, /^fdl：--input 不是 JSON：/);

  const notObject = await refused([WAIT_THEN_PASS, '--input', '[1]']);
  assert.deepEqual([notObject.error, notObject.cause], ['InvalidArgument', '--input must be a JSON object']);

  const noInputFile = await refused([WAIT_THEN_PASS, '--input', `@${join(dir, 'absent.json')}`]);
  assert.equal(noInputFile.error, 'InvalidArgument');
  assert.match(String(noInputFile.cause), /^--input file .*absent\.json cannot be read/);

  const noFlowFile = await refused([join(dir, 'absent.flow.yaml')], ZH);
  assert.equal(noFlowFile.error, 'InvalidArgument');
  assert.match(String(noFlowFile.cause), /^flow file .*absent\.flow\.yaml cannot be read: ENOENT/);

  const folder = await refused([dir]);
  assert.equal(folder.error, 'InvalidArgument');
  assert.match(String(folder.cause), /^flow file .* cannot be read: it is a folder, not a regular file; nothing was read from it$/);

  const gbk = join(dir, 'gbk.flow.yaml');
  writeFileSync(gbk, Buffer.concat([Buffer.from('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: '), Buffer.from([0xb8, 0xb6, 0xbf, 0xee]), Buffer.from('\n')]));
  const notUtf8 = await refused([gbk]);
  assert.equal(notUtf8.error, 'InvalidArgument');
  assert.match(String(notUtf8.cause), /^flow file .*gbk\.flow\.yaml is not UTF-8 \(byte 0xB8 at line 5, column 11\): save it as UTF-8\.$/);

  const noFlow = await refused([]);
  assert.equal(noFlow.error, 'InvalidArgument');
  assert.match(String(noFlow.cause), /^usage: fdl run /);

  const badScale = await refused([WAIT_THEN_PASS, '--time-scale', 'fast']);
  assert.equal(badScale.error, 'InvalidArgument');

  // The store is owned by a live process (this test's own pid stands for it).
  writeFileSync(join(store, 'engine.lock'), JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
  const inUse = await refused([WAIT_THEN_PASS, '--time-scale', '0']);
  assert.equal(inUse.error, 'StoreInUse');
  assert.match(String(inUse.cause), /in use by process/);
});

test("without --json a refusal still says why on stderr, in the user's language, and prints nothing on stdout", { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  const r = await fdl(['run', WAIT_THEN_PASS, '--input', '[1]', '--store', join(dir, 's')], ZH);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'fdl：--input 必须是 JSON 对象\n');
});

test('--history --json puts the service\'s events in "history", exactly what fdl history prints', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  const store = join(dir, 's');
  const r = await fdl(['run', WAIT_THEN_PASS, '--name', 'e1', '--input', '{"greeting":"hi"}', '--time-scale', '0', '--store', store, '--json', '--history']);
  assert.equal(r.code, 0, r.stderr);
  const out = oneJsonObject(r.stdout);
  assert.deepEqual([out.status, out.output], ['Succeeded', { greeting: 'hi' }]);
  const history = out.history as { type: string; eventDetail?: string }[];
  // The wait's TimerStarted/TimerFired are the engine's own: left out, as the service never lists them.
  assert.ok(!history.some((e) => e.type.startsWith('Timer')), JSON.stringify(history.map((e) => e.type)));
  assert.deepEqual([history[0].type, history.at(-1)!.type], ['ExecutionStarted', 'ExecutionSucceeded']);
  for (const e of history) if (e.eventDetail !== undefined) assert.equal(typeof e.eventDetail, 'string');
  const listed = await fdl(['history', 'wait-then-pass', 'e1', '--store', store]);
  assert.deepEqual(history, JSON.parse(listed.stdout));
  const all = JSON.parse((await fdl(['history', 'wait-then-pass', 'e1', '--all', '--store', store])).stdout) as { type: string }[];
  assert.ok(
    all.some((e) => e.type === 'TimerStarted'),
    'the store does hold the timer events',
  );
});

test('--history without --json prints the result, then the events exactly as fdl history does', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  const store = join(dir, 's');
  const r = await fdl(['run', WAIT_THEN_PASS, '--name', 'e1', '--input', '{"greeting":"hi"}', '--time-scale', '0', '--store', store, '--history']);
  assert.equal(r.code, 0, r.stderr);
  const listed = await fdl(['history', 'wait-then-pass', 'e1', '--store', store]);
  assert.equal(r.stdout, `wait-then-pass/e1: Succeeded\n{\n  "greeting": "hi"\n}\n${listed.stdout}`);
  assert.doesNotMatch(r.stdout, /Timer/);
});
