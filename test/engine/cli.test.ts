/**
 * The engine commands as a user types them (`node --import tsx engine/cli/main.ts`, the same code
 * as dist/cli.js): `run --json` prints exactly one JSON object and exits 0 only for Succeeded;
 * `report-success` from another process reaches a running `fdl run` through the store; `test`
 * prints `N passed, N failed`; refusals exit 1 with the service's code.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir, until, waitingToken, CALLBACK_FLOW } from './helpers';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'engine', 'cli', 'main.ts');

/** Runs from the repository root (so `--import tsx` resolves); every test passes --store explicitly. */
function fdl(args: string[], _dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: { ...process.env, FDL_LOCALE: 'en' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const fixture = (name: string) => join(__dirname, 'fixtures', name);

test('run --json prints one object and exits 0 for Succeeded', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  const r = await fdl(
    [
      'run',
      join(fixture('foreach-docs'), 'flow.flow.yaml'),
      '--input',
      `@${join(fixture('foreach-docs'), 'input.json')}`,
      '--mocks',
      join(fixture('foreach-docs'), 'mocks.yaml'),
      '--time-scale',
      '0',
      '--json',
      '--store',
      join(dir, 's'),
    ],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { status: 'Succeeded', output: { names: ['A', 'B', 'C'] }, error: null, cause: null });
});

test('run --json exits 1 for a failed execution and names the error', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  const r = await fdl(
    [
      'run',
      join(fixture('retry-exhausted-fails'), 'flow.flow.yaml'),
      '--mocks',
      join(fixture('retry-exhausted-fails'), 'mocks.yaml'),
      '--time-scale',
      '0',
      '--json',
      '--store',
      join(dir, 's'),
    ],
    dir,
  );
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stdout), { status: 'Failed', output: null, error: 'MyError', cause: 'always broken' });
});

test('run refuses a flow with errors and exits 2', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  const flow = join(dir, 'bad.flow.yaml');
  writeFileSync(flow, 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    goto: nowhere\n  - type: nonsense\n    name: b\n');
  const r = await fdl(['run', flow, '--json', '--store', join(dir, 's')], dir);
  assert.equal(r.code, 2);
  const out = JSON.parse(r.stdout) as { status: string; diagnostics: unknown[] };
  assert.equal(out.status, 'Invalid');
  assert.ok(out.diagnostics.length > 0);
});

test('report-success from another process completes a waiting fdl run; a second report is refused', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const store = join(dir, 's');
  const flow = join(dir, 'approval.flow.yaml');
  writeFileSync(flow, CALLBACK_FLOW);
  // The task function is local code that only acknowledges; the approval comes from the CLI.
  writeFileSync(join(dir, 'mocks.yaml'), 'tasks: {}\n');
  const fnDir = join(dir, 'code');
  mkdirSync(fnDir);
  writeFileSync(join(fnDir, 'index.js'), 'exports.handler = (event, context, callback) => callback(null, {});\n');
  writeFileSync(
    join(dir, 's.yaml'),
    'edition: 1.0.0\nname: app\nservices:\n  app:\n    component: fc\n    props:\n      service:\n        name: s\n      function:\n        name: approve\n        runtime: nodejs18\n        codeUri: ./code\n        handler: index.handler\n',
  );
  let stderr = '';
  const running = spawn(process.execPath, ['--import', 'tsx', MAIN, 'run', flow, '--functions', join(dir, 's.yaml'), '--store', store, '--json'], { cwd: ROOT });
  running.stderr.on('data', (d) => (stderr += String(d)));
  let stdout = '';
  running.stdout.on('data', (d) => (stdout += String(d)));
  const exited = new Promise<number | null>((r) => running.on('close', r));
  const { ExecutionStore } = await import('../../engine/store/execution-store');
  let token = '';
  await until(() => {
    const s = new ExecutionStore(store);
    const names = s.listNames();
    if (!names.length) return false;
    const ev = s.readHistory(names[0].flowName, names[0].name).find((e) => e.type === 'TaskSubmitted');
    const sched = s.readHistory(names[0].flowName, names[0].name).find((e) => e.type === 'TaskScheduled');
    token = ev && sched ? ((sched.detail as { taskToken?: string }).taskToken ?? '') : '';
    return token !== '';
  }, 30_000).catch((e) => {
    throw new Error(`${(e as Error).message}\n${stderr}`);
  });
  const unknown = await fdl(['report-success', 'no-such-token', '--store', store], dir);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /InvalidArgument/);
  const ok = await fdl(['report-success', token, '--output', '{"approved":true}', '--store', store], dir);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(await exited, 0, stderr);
  assert.deepEqual(JSON.parse(stdout), { status: 'Succeeded', output: { approved: true }, error: null, cause: null });
  const again = await fdl(['report-failure', token, '--error', 'Late', '--store', store], dir);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /TaskAlreadyCompleted/);
});

test('test runs scenarios and prints the tally', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'wrong.scenario.yaml'), `flow: ${JSON.stringify(join(fixture('parallel-docs'), 'flow.flow.yaml'))}\nexpect:\n  status: Failed\n`);
  const r = await fdl(['test', fixture('parallel-docs'), fixture('goto-loop-polling'), join(dir, 'wrong.scenario.yaml')], dir);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /PASS parallel-docs/);
  assert.match(r.stdout, /FAIL .*wrong\.scenario\.yaml\n {2}status: expected "Failed", got "Succeeded"/);
  assert.match(r.stdout, /2 passed, 1 failed\n$/);
});

test('list, describe and history read the store', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const store = join(dir, 's');
  await fdl(['run', join(fixture('end-stops-sequence'), 'flow.flow.yaml'), '--name', 'e1', '--time-scale', '0', '--store', store], dir);
  const list = JSON.parse((await fdl(['list', '--store', store], dir)).stdout) as { name: string; status: string }[];
  assert.deepEqual(
    list.map((x) => [x.name, x.status]),
    [['e1', 'Succeeded']],
  );
  const d = JSON.parse((await fdl(['describe', 'flow', 'e1', '--store', store], dir)).stdout) as { status: string };
  assert.equal(d.status, 'Succeeded');
  const h = JSON.parse((await fdl(['history', 'flow', 'e1', '--store', store], dir)).stdout) as { type: string }[];
  assert.equal(h[0].type, 'ExecutionStarted');
  assert.equal(h.at(-1)!.type, 'ExecutionSucceeded');
  const missing = await fdl(['describe', 'flow', 'nope', '--store', store], dir);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /ExecutionNotExists/);
});

test('report-success with no engine running resumes the execution in that process', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const store = join(dir, 's');
  const flow = join(dir, 'approval.flow.yaml');
  writeFileSync(flow, CALLBACK_FLOW);
  writeFileSync(join(dir, 'hold.yaml'), 'tasks:\n  approve:\n    - output: {}\n      delayMs: 600000\n');
  // A run whose callback comes only after ten minutes, killed while it waits.
  const running = spawn(process.execPath, ['--import', 'tsx', MAIN, 'run', flow, '--name', 'e1', '--mocks', join(dir, 'hold.yaml'), '--store', store], { cwd: ROOT });
  const token = await waitingToken(store, 'approval', 'e1');
  running.kill('SIGKILL');
  await new Promise((r) => running.on('close', r));
  const r = await fdl(['report-success', token, '--output', '{"by":"cli"}', '--store', store], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /reported\napproval\/e1: Succeeded/);
  const d = JSON.parse((await fdl(['describe', 'approval', 'e1', '--store', store], dir)).stdout) as { status: string; output: string };
  assert.deepEqual([d.status, JSON.parse(d.output)], ['Succeeded', { by: 'cli' }]);
});
