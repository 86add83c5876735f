/**
 * Paths that are no regular file, or far too large, given where `fdl` reads a file whole (a flow,
 * a scenario, a mocks file, `--input @file`): each is refused before anything is read, naming the
 * file and why, in the user's language; never an out-of-memory crash (/dev/zero) or a wait for a
 * FIFO's writer that never comes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAX_DOCUMENT_BYTES } from '../../engine/flow-text';
import { tempDir } from '../engine/helpers';
import { fdl, oneJsonObject, ROOT } from './fdl-process';

const FLOW = join(ROOT, 'test', 'cli', 'fixtures', 'wait-then-pass.flow.yaml');
const ZH = { LANG: 'zh_CN.UTF-8' };

/** A named pipe nobody writes to, or undefined where mkfifo is not available (Windows). */
function fifo(dir: string): string | undefined {
  const p = join(dir, 'pipe.flow.yaml');
  return spawnSync('mkfifo', [p]).status === 0 ? p : undefined;
}

test('a device (/dev/zero) or a FIFO as the flow: validate, run, convert and test-step refuse it naming the file, exit 1/2, no crash, no wait', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const paths = [existsSync('/dev/zero') ? '/dev/zero' : undefined, fifo(dir)].filter((p): p is string => p !== undefined);
  if (paths.length === 0) return t.skip('no device or FIFO on this system');
  for (const p of paths) {
    const what = p === '/dev/zero' ? 'a device' : 'a named pipe \\(FIFO\\)';
    const validate = await fdl(['validate', p]);
    assert.equal(validate.code, 1, validate.stderr);
    assert.match(validate.stdout, new RegExp(`^${p}:1:1: error file-unreadable: it is ${what}, not a regular file; nothing was read from it\\n$`));
    const run = await fdl(['run', p, '--json', '--store', join(dir, 'store')]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(String(oneJsonObject(run.stdout).cause), new RegExp(`^flow file ${p} cannot be read: it is ${what}, not a regular file`));
    const zh = await fdl(['run', p, '--store', join(dir, 'store')], ZH);
    assert.equal(zh.code, 2);
    assert.match(zh.stderr, new RegExp(`^fdl：无法读取流程文件 ${p}：它是(设备|命名管道（FIFO）)，不是普通文件`));
    for (const args of [
      ['convert', p],
      ['test-step', p, 'S'],
    ]) {
      const r = await fdl(args);
      assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`flow file ${p} cannot be read: it is ${what}, not a regular file`), args[0]);
    }
  }
});

test('a FIFO or device as --input @file, --mocks or a scenario file: refused naming it', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const p = fifo(dir) ?? (existsSync('/dev/zero') ? '/dev/zero' : undefined);
  if (!p) return t.skip('no device or FIFO on this system');
  const input = await fdl(['run', FLOW, '--input', `@${p}`, '--json', '--store', join(dir, 'store')]);
  assert.equal(input.code, 2, input.stderr);
  assert.match(String(oneJsonObject(input.stdout).cause), new RegExp(`^--input file ${p} cannot be read: it is a (named pipe|device)`));
  const mocks = await fdl(['run', FLOW, '--mocks', p, '--store', join(dir, 'store')]);
  assert.equal(mocks.code, 2, mocks.stderr);
  assert.match(mocks.stderr, new RegExp(`^fdl: Mocks file ${p} cannot be read: it is a (named pipe|device)`));
  const scenario = await fdl(['test', p]);
  assert.equal(scenario.code, 1, scenario.stderr);
  assert.match(scenario.stdout, new RegExp(`^FAIL ${p}\\n  .*${p.split('/').pop()} cannot be read: it is a (named pipe|device)`));
});

test('a flow file larger than any flow the language core reads: refused unread, with its size', { timeout: 60_000 }, async (t) => {
  const big = join(tempDir(t), 'big.flow.yaml');
  // Sparse: the size is what is refused, nothing is written.
  const fd = openSync(big, 'w');
  ftruncateSync(fd, MAX_DOCUMENT_BYTES + 1);
  closeSync(fd);
  const r = await fdl(['validate', big]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stdout,
    new RegExp(`error file-unreadable: it is ${MAX_DOCUMENT_BYTES + 1} bytes, more than the ${MAX_DOCUMENT_BYTES} bytes such a file may have; nothing was read from it`),
  );
  const input = join(tempDir(t), 'input.json');
  writeFileSync(input, `{"a": "${'x'.repeat(1024 * 1024)}"}`);
  const run = await fdl(['run', FLOW, '--input', `@${input}`, '--json', '--store', join(tempDir(t), 'store')]);
  assert.equal(run.code, 2, run.stderr);
  assert.match(String(oneJsonObject(run.stdout).cause), /^--input file .*input\.json cannot be read: it is 1048585 bytes, more than the 1048576 bytes such a file may have/);
});

test('fdl test: a scenario whose flow is a folder, or missing, fails naming the flow file (was "could not run: EISDIR")', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'folder.flow.yaml'));
  writeFileSync(join(dir, 'folder.yaml'), 'flow: folder.flow.yaml\n');
  writeFileSync(join(dir, 'missing.yaml'), 'flow: missing.flow.yaml\n');
  const r = await fdl(['test', join(dir, 'folder.yaml'), join(dir, 'missing.yaml')]);
  assert.equal(r.code, 1, r.stderr);
  const folder = join(dir, 'folder.flow.yaml');
  const missing = join(dir, 'missing.flow.yaml');
  assert.equal(
    r.stdout,
    `FAIL ${join(dir, 'folder.yaml')}\n  could not run: flow file ${folder} cannot be read: it is a folder, not a regular file; nothing was read from it\n` +
      `FAIL ${join(dir, 'missing.yaml')}\n  could not run: flow file ${missing} cannot be read: ENOENT\n0 passed, 2 failed\n`,
  );
  const zh = await fdl(['test', join(dir, 'folder.yaml')], ZH);
  assert.match(zh.stdout, new RegExp(`无法读取流程文件 ${folder}：它是文件夹，不是普通文件`));
});
