/**
 * `fdl run --functions <s.yaml | fdl-functions.json>` given a file that is no file to read whole: a
 * FIFO nobody writes to, a symlink to /dev/zero, a file far larger than such a file may be, bytes
 * that are not UTF-8. Each is one line naming the file and why, in the user's language; the run
 * goes on without those functions; nothing hangs (the process is killed after 30 s, which fails
 * the test) and nothing runs out of memory.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAX_JSON_BYTES } from '../../engine/json-limits';
import { tempDir } from '../engine/helpers';
import { ROOT, startFdl, type FdlResult } from './fdl-process';

const FLOW = join(ROOT, 'test', 'cli', 'fixtures', 'wait-then-pass.flow.yaml');

async function runWithFunctions(functions: string, store: string, env: Record<string, string> = {}): Promise<FdlResult & { killed: boolean }> {
  const child = startFdl(['run', FLOW, '--functions', functions, '--time-scale', '0', '--store', store], env);
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, 30_000);
  const r = await child.result;
  clearTimeout(timer);
  return { ...r, killed };
}

test('--functions naming a FIFO, a link to /dev/zero, an oversize JSON or a non-UTF-8 s.yaml: one line saying why, the run still ends', { timeout: 180_000 }, async (t) => {
  const dir = tempDir(t);
  const store = join(dir, 'store');
  const cases: { path: string; why: RegExp }[] = [];
  const fifo = join(dir, 's.yaml');
  if (spawnSync('mkfifo', [fifo]).status === 0) cases.push({ path: fifo, why: /it is a named pipe \(FIFO\), not a regular file; nothing was read from it/ });
  if (existsSync('/dev/zero')) {
    const link = join(dir, 's.yml');
    symlinkSync('/dev/zero', link);
    cases.push({ path: link, why: /it is a device, not a regular file; nothing was read from it/ });
  }
  const big = join(dir, 'fdl-functions.json');
  // Sparse: its size is what is refused, nothing is written.
  const fd = openSync(big, 'w');
  ftruncateSync(fd, MAX_JSON_BYTES + 1);
  closeSync(fd);
  cases.push({ path: big, why: new RegExp(`it is ${MAX_JSON_BYTES + 1} bytes, more than the ${MAX_JSON_BYTES} bytes such a file may have`) });
  const gbk = join(dir, 'gbk', 's.yaml');
  spawnSync('mkdir', [join(dir, 'gbk')]);
  // "函数" in GBK after a valid first line.
  writeFileSync(gbk, Buffer.concat([Buffer.from('edition: 3.0.0\n# '), Buffer.from([0xba, 0xaf, 0xca, 0xfd]), Buffer.from('\n')]));
  cases.push({ path: gbk, why: /it is not UTF-8 \(byte 0xBA at line 2, column 3\); save it as UTF-8/ });

  for (const c of cases) {
    const r = await runWithFunctions(c.path, store);
    assert.equal(r.killed, false, `${c.path}: still running after 30 s`);
    assert.equal(r.code, 0, `${c.path}: ${r.stderr}`);
    const line = r.stderr.split('\n').find((l) => l.startsWith(`fdl: ${c.path}: `));
    assert.ok(line, `${c.path}: no line naming the file in ${r.stderr}`);
    assert.match(line, c.why);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  const zh = await runWithFunctions(gbk, store, { LANG: 'zh_CN.UTF-8' });
  assert.match(zh.stderr, /它不是 UTF-8 编码（第 2 行第 3 列的字节 0xBA）；请以 UTF-8 保存/);
});
