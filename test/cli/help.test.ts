/**
 * `fdl <command> --help` (or `-h`) prints that command's usage on stdout and exits 0, doing nothing
 * else, for every command `fdl` lists (`fdl serve --help` used to start the server; `list` and
 * `prune` ran). After `--`, `--help` is an argument (a task token), not a request for help.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMMAND_USAGE } from '../../engine/cli/command-usage';
import { tempDir } from '../engine/helpers';
import { fdl } from './fdl-process';

test('every command: --help prints its usage on stdout and exits 0, touching no store', { timeout: 180_000 }, async (t) => {
  const bare = await fdl([]);
  assert.equal(bare.code, 2);
  const listed = /^usage: fdl <([^>]+)> \.\.\.$/m.exec(bare.stderr)?.[1].split('|');
  assert.ok(listed, bare.stderr);
  // The help table covers exactly the commands fdl runs.
  assert.deepEqual([...listed].sort(), Object.keys(COMMAND_USAGE).sort());
  const store = join(tempDir(t), 'store');
  for (const command of listed) {
    const r = await fdl([command, '--help', '--store', store]);
    assert.equal(r.code, 0, `${command}: ${r.stderr}`);
    assert.equal(r.stderr, '', command);
    assert.match(r.stdout, new RegExp(`^usage: fdl ${command}[ \\n]`), command);
  }
  assert.equal(existsSync(store), false, 'no command ran');
  const serve = await fdl(['serve', '-h', '--store', store]);
  assert.equal(serve.code, 0, serve.stderr);
  assert.match(serve.stdout, /^usage: fdl serve .*\n--max-events N: /);
  const zh = await fdl(['delete', '--help'], { LANG: 'zh_CN.UTF-8' });
  assert.equal(zh.code, 0);
  assert.match(zh.stdout, /^用法：fdl delete /);
  const main = await fdl(['--help']);
  assert.equal(main.code, 0);
  assert.match(main.stdout, /^usage: fdl <validate\|/);
});

test('--help after -- is an argument: report-success -- --help looks for that token', { timeout: 60_000 }, async (t) => {
  const r = await fdl(['report-success', '--store', join(tempDir(t), 'store'), '--', '--help']);
  assert.notEqual(r.code, 0);
  assert.doesNotMatch(r.stdout, /^usage:/);
});
