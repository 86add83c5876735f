/**
 * Tokens that start with `-`: engines before this change issued them (1 token in 64 started with
 * `-`, 1 in 4,096 with `--`), and stores keep them. `--` ends the options, so
 * `fdl report-success --output … -- --token` reaches the task; the token is compared as a string.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseArgs } from '../../engine/cli/cli-args';
import { LocalBackend } from '../../engine/local-backend';
import { ExecutionStore } from '../../engine/store/execution-store';
import { CALLBACK_FLOW, scriptedInvoker, tempDir, until } from '../engine/helpers';
import { fdl } from './fdl-process';

test('"--" ends the options: what follows is positional even if it starts with "--"', () => {
  const p = parseArgs(['--error', 'E', '--json', '--', '--Zk3', '--cause', 'x'], ['json']);
  assert.deepEqual(p.positional, ['--Zk3', '--cause', 'x']);
  assert.deepEqual(
    [...p.flags],
    [
      ['error', 'E'],
      ['json', true],
    ],
  );
  assert.deepEqual(parseArgs(['--store', '--', 'tok']).positional, ['tok']);
});

/**
 * A store as an older engine left it: executions waiting for a callback whose tokens start with
 * `--`. Made by running them here, then copying their histories with the token replaced.
 */
async function storeWithDashTokens(t: Parameters<typeof tempDir>[0], tokens: Record<string, string>): Promise<string> {
  const made = tempDir(t);
  const inv = scriptedInvoker(() => ({ kind: 'accepted' }));
  const backend = new LocalBackend({ storeDir: join(made, 'src'), invokers: [inv], timeScale: 0 });
  for (const name of Object.keys(tokens)) await backend.startExecution({ flowName: 'approval', definition: CALLBACK_FLOW, executionName: name });
  await until(() => inv.calls.length === Object.keys(tokens).length && inv.calls.every((c) => backend.tokens.isWaiting(c.input.token as string)));
  await backend.store.whenWritten();
  const legacy = new ExecutionStore(join(made, 'legacy'));
  for (const [name, dashToken] of Object.entries(tokens)) {
    const issued = inv.calls.find((c) => c.executionName === name)!.input.token as string;
    for (const e of backend.readStoredHistory('approval', name)) legacy.append('approval', name, JSON.parse(JSON.stringify(e).split(issued).join(dashToken)));
  }
  backend.close();
  legacy.close();
  return join(made, 'legacy');
}

test('report-success and report-failure accept a stored token that begins with "--" after "--"', { timeout: 60_000 }, async (t) => {
  const store = await storeWithDashTokens(t, { ok: '--okTokenOfAnOldEngine0', no: '--noTokenOfAnOldEngine0' });
  const ok = await fdl(['report-success', '--output', '{"approved":true}', '--store', store, '--', '--okTokenOfAnOldEngine0']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^reported\napproval\/ok: Succeeded\n$/);
  const no = await fdl(['report-failure', '--error', 'Rejected', '--cause', 'not this time', '--store', store, '--', '--noTokenOfAnOldEngine0']);
  assert.equal(no.code, 0, no.stderr);
  assert.match(no.stdout, /^reported\napproval\/no: Failed\n$/);
  const described = async (name: string) =>
    JSON.parse((await fdl(['describe', 'approval', name, '--store', store])).stdout) as { status: string; output?: string; error?: string; cause?: string };
  const okState = await described('ok');
  assert.deepEqual([okState.status, JSON.parse(okState.output!)], ['Succeeded', { approved: true }]);
  const noState = await described('no');
  assert.deepEqual([noState.status, noState.error, noState.cause], ['Failed', 'Rejected', 'not this time']);
});
