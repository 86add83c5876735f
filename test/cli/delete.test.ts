/**
 * `fdl delete` and `fdl prune` keep the local store from growing forever: a deleted execution is
 * gone from `list`, `describe` and the store; `prune` is a dry run until `--yes`, `--keep N`
 * leaves the newest; a running execution (waiting for a callback) is never deleted and goes on
 * to finish; a store another live process owns is refused with its pid. Usage errors exit 2,
 * refusals 1, in English and Chinese.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ExecutionStore } from '../../engine/store/execution-store';
import { tempDir, until } from '../engine/helpers';
import { fdl, ROOT, startFdl } from './fdl-process';

const FIXTURES = join(ROOT, 'test', 'cli', 'fixtures');
const VALID = join(FIXTURES, 'valid.flow.yaml');
const FOREACH = join(FIXTURES, 'foreach-pass.flow.yaml');
const APPROVAL = join(FIXTURES, 'approval.flow.yaml');
const APPROVAL_MOCKS = join(FIXTURES, 'approval.mocks.yaml');
const EN = { LANG: 'en_US.UTF-8' };
const ZH = { LC_ALL: 'zh_CN.UTF-8' };

type Ref = { flowName: string; executionName: string };

async function run(flow: string, name: string, store: string): Promise<void> {
  const r = await fdl(['run', flow, '--name', name, '--store', store, '--input', '{"items":[1,2]}', '--json']);
  assert.equal(r.code, 0, r.stderr);
}

async function listed(store: string): Promise<string[]> {
  const r = await fdl(['list', '--store', store]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { flowName: string; name: string }[]).map((e) => `${e.flowName}/${e.name}`).sort();
}

const names = (refs: Ref[]) => refs.map((r) => `${r.flowName}/${r.executionName}`).sort();

test('fdl delete removes one finished execution: list no longer shows it, describe says it does not exist', { timeout: 60_000 }, async (t) => {
  const store = join(tempDir(t), 's');
  await run(VALID, 'e1', store);
  await run(FOREACH, 'f1', store);

  const r = await fdl(['delete', 'valid', 'e1', '--store', store], EN);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { deleted: [{ flowName: 'valid', executionName: 'e1' }] });
  assert.equal(r.stderr, 'deleted valid/e1\n');
  assert.deepEqual(await listed(store), ['foreach-pass/f1']);
  const described = await fdl(['describe', 'valid', 'e1', '--store', store], EN);
  assert.equal(described.code, 1);
  assert.match(described.stderr, /^fdl: ExecutionNotExists: /);
  assert.equal(new ExecutionStore(store).exists('valid', 'e1'), false);

  // Twice, or a name that never existed: ExecutionNotExists, exit 1; in Chinese too.
  const again = await fdl(['delete', 'valid', 'e1', '--store', store], ZH);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^fdl：ExecutionNotExists：/);
  assert.deepEqual(await listed(store), ['foreach-pass/f1']);

  // Usage errors: exit 2 with the usage line and what the command does.
  const missing = await fdl(['delete', 'valid', '--store', store], EN);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^usage: fdl delete <flow> <execution> \[--store dir\]\ndeletes a finished execution/);
  const missingZh = await fdl(['delete'], ZH);
  assert.equal(missingZh.code, 2);
  assert.match(missingZh.stderr, /^用法：fdl delete .*\n从本地存储中删除一个已结束的执行/);
});

test('fdl prune lists without --yes and deletes nothing; --keep 1 --yes keeps the newest of each flow', { timeout: 90_000 }, async (t) => {
  const store = join(tempDir(t), 's');
  await run(VALID, 'v1', store);
  await run(VALID, 'v2', store);
  await run(VALID, 'v3', store);
  await run(FOREACH, 'f1', store);
  const all = await listed(store);

  const dry = await fdl(['prune', '--store', store], EN);
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(names((JSON.parse(dry.stdout) as { wouldDelete: Ref[] }).wouldDelete), all);
  assert.match(dry.stderr, /^4 finished execution\(s\) would be deleted; nothing was deleted \(dry run\)\. Add --yes/);
  assert.deepEqual(await listed(store), all);
  const dryZh = await fdl(['prune', '--keep', '1', '--store', store], ZH);
  assert.deepEqual(names((JSON.parse(dryZh.stdout) as { wouldDelete: Ref[] }).wouldDelete), ['valid/v1', 'valid/v2']);
  assert.match(dryZh.stderr, /^将删除 2 个已结束的执行；本次未删除任何内容/);

  // Nothing started more than a day ago.
  const old = await fdl(['prune', '--older-than', '1', '--yes', '--store', store], EN);
  assert.equal(old.code, 0, old.stderr);
  assert.deepEqual(JSON.parse(old.stdout), { deleted: [] });
  assert.deepEqual(await listed(store), all);

  const pruned = await fdl(['prune', '--keep', '1', '--yes', '--store', store], EN);
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.deepEqual(names((JSON.parse(pruned.stdout) as { deleted: Ref[] }).deleted), ['valid/v1', 'valid/v2']);
  assert.equal(pruned.stderr, 'deleted 2 finished execution(s)\n');
  assert.deepEqual(await listed(store), ['foreach-pass/f1', 'valid/v3']);

  // One flow only.
  const one = await fdl(['prune', '--flow', 'foreach-pass', '--yes', '--store', store], EN);
  assert.deepEqual(names((JSON.parse(one.stdout) as { deleted: Ref[] }).deleted), ['foreach-pass/f1']);
  assert.deepEqual(await listed(store), ['valid/v3']);
});

test('fdl prune refuses bad options with exit 2 and deletes nothing', { timeout: 60_000 }, async (t) => {
  const store = join(tempDir(t), 's');
  await run(VALID, 'v1', store);
  for (const [args, message] of [
    [['--older-than', 'soon'], /^fdl: --older-than must be a number of days ≥ 0, got "soon"\nusage: fdl prune /],
    [['--keep', '-1'], /^fdl: --keep must be a whole number ≥ 0, got "-1"\n/],
    [['--keep', '1.5'], /^fdl: --keep must be a whole number ≥ 0, got "1.5"\n/],
    [['--flow'], /^fdl: option --flow of fdl prune needs a value; fdl prune --help shows what it takes\n/],
    [['valid'], /^fdl: fdl prune takes no positional argument, got "valid" \(for one flow use --flow valid\)\n/],
  ] as const) {
    const r = await fdl(['prune', ...args, '--yes', '--store', store], EN);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
  }
  const zh = await fdl(['prune', '--keep', 'x', '--store', store], ZH);
  assert.equal(zh.code, 2);
  assert.match(zh.stderr, /^fdl：--keep 必须是不小于 0 的整数，实际为 "x"\n用法：fdl prune/);
  assert.deepEqual(await listed(store), ['valid/v1']);
});

test('a store another live process owns is refused with its pid; a running execution is never deleted and still finishes', { timeout: 90_000 }, async (t) => {
  const store = join(tempDir(t), 's');
  await run(VALID, 'v1', store);
  const running = startFdl(['run', APPROVAL, '--name', 'w1', '--mocks', APPROVAL_MOCKS, '--store', store]);
  t.after(() => running.kill('SIGKILL'));
  let token = '';
  await until(() => {
    const s = new ExecutionStore(store);
    if (!s.exists('approval', 'w1')) return false;
    const h = s.readHistory('approval', 'w1');
    token = (h.find((e) => e.type === 'TaskScheduled' && e.stepName === 'approve')?.detail as { taskToken?: string } | undefined)?.taskToken ?? '';
    return token !== '' && h.some((e) => e.type === 'TaskSubmitted' && e.stepName === 'approve');
  }, 30_000);

  // `fdl run` owns the store: both commands refuse, naming its pid; nothing is deleted.
  const owned = await fdl(['delete', 'valid', 'v1', '--store', store], EN);
  assert.equal(owned.code, 1);
  assert.match(owned.stderr, new RegExp(`^fdl: StoreInUse: the store .* is in use by process ${running.pid} .*Stop that process.*Executions view.*Nothing was deleted\\.`));
  const ownedZh = await fdl(['prune', '--yes', '--store', store], ZH);
  assert.equal(ownedZh.code, 1);
  assert.match(ownedZh.stderr, new RegExp(`^fdl：StoreInUse：存储 .* 正被进程 ${running.pid}.*未删除任何内容。`));
  // A dry run only reads: it lists what a prune would take, even now.
  const dryRun = await fdl(['prune', '--store', store], EN);
  assert.equal(dryRun.code, 0, dryRun.stderr);
  assert.deepEqual(names((JSON.parse(dryRun.stdout) as { wouldDelete: Ref[] }).wouldDelete), ['valid/v1']);
  assert.deepEqual(await listed(store), ['approval/w1', 'valid/v1']);

  // The process goes away with its execution waiting on disk (no owner any more).
  running.kill('SIGKILL');
  await running.result;
  const refused = await fdl(['delete', 'approval', 'w1', '--store', store], EN);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^fdl: InvalidArgument: /);
  // prune never selects it; the finished one goes.
  const pruned = await fdl(['prune', '--yes', '--store', store], EN);
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.deepEqual(names((JSON.parse(pruned.stdout) as { deleted: Ref[] }).deleted), ['valid/v1']);
  const described = JSON.parse((await fdl(['describe', 'approval', 'w1', '--store', store])).stdout) as { status: string };
  assert.equal(described.status, 'Running');

  // It still runs: the callback's answer finishes it.
  const reported = await fdl(['report-success', token, '--output', '{"approved":true}', '--store', store], EN);
  assert.equal(reported.code, 0, reported.stderr);
  const done = JSON.parse((await fdl(['describe', 'approval', 'w1', '--store', store])).stdout) as { status: string; output: string };
  assert.equal(done.status, 'Succeeded');
  assert.deepEqual(JSON.parse(done.output), { ok: true, approved: true });
});
