/**
 * `--max-events N` on every command that runs executions (`run`, `serve`, `test`,
 * `report-success/-failure` resuming one): the service's limit of 5,000 events per execution
 * (engine/run/patterns/event-limit.ts), raised, lowered or lifted (0). An execution past it fails with
 * FnF.RuntimeError; a bad value is refused (exit 2) in the user's language; a scenario's own
 * `maxEvents` wins over the flag. Small limits keep these fast.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CALLBACK_FLOW, tempDir, until, waitingToken } from '../engine/helpers';
import { fdl, MAIN, ROOT, startFdl } from './fdl-process';

const EN = { LANG: 'en_US.UTF-8' };
const ZH = { LANG: 'zh_CN.UTF-8' };

/** A goto loop that never waits: only the event limit ends it. */
const SPIN = `version: v1
type: flow
steps:
  - type: pass
    name: spin
  - type: choice
    name: again
    choices:
      - condition: $.forever == true
        goto: spin
`;

/** A foreach over the input's items: about six events per item, so 30 items need more than 50. */
const EACH = join(ROOT, 'test', 'cli', 'fixtures', 'foreach-pass.flow.yaml');

/** Waits for a callback, then spins: the limit that applies is the one of whoever resumes it. */
const APPROVE_THEN_SPIN = CALLBACK_FLOW + SPIN.split('steps:\n')[1];

const ITEMS = JSON.stringify({ items: Array.from({ length: 30 }, (_, i) => i) });

function files(t: { after(fn: () => void): void }) {
  const dir = tempDir(t, 'fdl-max-events-');
  const at = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  return { dir, spin: at('spin.flow.yaml', SPIN), each: EACH, at };
}

type RunJson = { status: string; error: string | null; cause: string | null };

test(
  'run --max-events 50: a goto loop that never waits and a foreach that needs more fail with FnF.RuntimeError; 0, a larger limit and the default let the foreach succeed',
  { timeout: 60_000 },
  async (t) => {
    const f = files(t);
    let stores = 0;
    const run = (flow: string, input: string, ...extra: string[]) =>
      fdl(['run', flow, '--input', input, '--time-scale', '0', '--json', '--store', join(f.dir, `s${stores++}`), ...extra], EN);
    const [spin, each50, each0, each1000, eachDefault] = await Promise.all([
      run(f.spin, '{"forever":true}', '--max-events', '50'),
      run(f.each, ITEMS, '--max-events', '50'),
      run(f.each, ITEMS, '--max-events', '0'),
      run(f.each, ITEMS, '--max-events=1000'),
      run(f.each, ITEMS),
    ]);
    for (const r of [spin, each50]) {
      assert.equal(r.code, 1, r.stderr);
      const out = JSON.parse(r.stdout) as RunJson;
      assert.deepEqual([out.status, out.error], ['Failed', 'FnF.RuntimeError']);
      assert.match(out.cause ?? '', /reached 50 events/);
    }
    for (const r of [each0, each1000, eachDefault]) {
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as RunJson).status, 'Succeeded');
    }
  },
);

test(
  'a bad --max-events is refused before anything runs (exit 2) by every command that runs executions, in English and Chinese; usage shows the option',
  { timeout: 60_000 },
  async (t) => {
    const f = files(t);
    const store = join(f.dir, 's');
    const refusals = await Promise.all([
      fdl(['run', f.spin, '--max-events', '-1', '--store', store], EN),
      fdl(['run', f.spin, '--max-events', '1.5', '--store', store], EN),
      fdl(['run', f.spin, '--store', store, '--max-events'], EN),
      fdl(['serve', '--max-events', 'many', '--store', store, '--flows', f.dir], EN),
      fdl(['test', f.spin, '--max-events', '-5'], EN),
      fdl(['report-success', 'some-token', '--max-events', 'x', '--store', store], EN),
      fdl(['report-failure', 'some-token', '--error', 'E', '--max-events', '2e3', '--store', store], EN),
    ]);
    const got = ['-1', '1.5', '', 'many', '-5', 'x', '2e3'];
    refusals.forEach((r, i) => {
      assert.equal(r.code, 2, `${got[i]}: ${r.stderr}`);
      // Left without its value, the option is refused before the command reads it (command-usage.ts optionProblem).
      const why =
        got[i] === ''
          ? 'fdl: option --max-events of fdl run needs a value; fdl run --help shows what it takes'
          : `fdl: --max-events must be a whole number ≥ 0 (0 = no limit; the service's default is 5,000 events per execution), got "${got[i]}"`;
      assert.equal(r.stderr, `${why}\n`);
    });
    const [zh, usage] = await Promise.all([fdl(['run', f.spin, '--max-events', 'abc', '--store', store], ZH), fdl(['run'], ZH)]);
    assert.equal(zh.code, 2);
    assert.match(zh.stderr, /^fdl：--max-events 必须是不小于 0 的整数（0 表示不限制；服务默认每个执行最多 5,000 个事件），实际为 "abc"/);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^用法：fdl run .*\[--max-events N\]/);
    assert.match(usage.stderr, /\n--max-events N：单个执行允许的最大事件数（默认 5,000/);
  },
);

test(
  "fdl test: a scenario's maxEvents wins over --max-events, which applies to the others; a bad maxEvents fails its scenario with file and line",
  { timeout: 60_000 },
  async (t) => {
    const f = files(t);
    const lifted = f.at('lifted.scenario.yaml', `name: lifted\nflow: ${EACH}\ninput: ${ITEMS}\nmaxEvents: 0\nexpect: {status: Succeeded}\n`);
    const flagged = f.at('flagged.scenario.yaml', `name: flagged\nflow: ${EACH}\ninput: ${ITEMS}\nexpect: {status: Failed, error: FnF.RuntimeError}\n`);
    const own = f.at('own.scenario.yaml', `name: own\nflow: spin.flow.yaml\ninput: {forever: true}\nmaxEvents: 30\nexpect: {status: Failed, error: FnF.RuntimeError}\n`);
    const bad = f.at('bad.scenario.yaml', `name: bad\nflow: spin.flow.yaml\ninput: {forever: true}\nexpect: {status: Failed}\nmaxEvents: -3\n`);
    const [en, zh] = await Promise.all([fdl(['test', lifted, flagged, own, bad, '--max-events', '50'], EN), fdl(['test', bad], ZH)]);
    assert.equal(en.code, 1, en.stderr);
    assert.ok(en.stdout.startsWith(`PASS lifted\nPASS flagged\nPASS own\nFAIL ${bad}\n`), en.stdout);
    assert.ok(en.stdout.includes(`  ${bad}:5: maxEvents must be a whole number ≥ 0 (0 = no limit; the service's default is 5,000 events per execution), got -3\n`), en.stdout);
    assert.match(en.stdout, /3 passed, 1 failed\n$/);
    assert.ok(zh.stdout.includes(`${bad}:5：maxEvents 必须是不小于 0 的整数`), zh.stdout);
  },
);

/** An execution of APPROVE_THEN_SPIN waiting for its callback in `store`, its `fdl run` gone. */
async function waitingExecution(flow: string, store: string, hold: string): Promise<string> {
  const running = spawn(process.execPath, ['--import', 'tsx', MAIN, 'run', flow, '--name', 'e1', '--input', '{"forever":true}', '--mocks', hold, '--store', store], { cwd: ROOT });
  const token = await waitingToken(store, 'approval', 'e1');
  running.kill('SIGKILL');
  await new Promise((r) => running.on('close', r));
  return token;
}

async function describe(store: string): Promise<{ status: string; error?: string; cause?: string }> {
  return JSON.parse((await fdl(['describe', 'approval', 'e1', '--store', store], EN)).stdout) as { status: string; error?: string; cause?: string };
}

test('report-success resuming an execution itself, and serve resuming one, apply their --max-events', { timeout: 90_000 }, async (t) => {
  const f = files(t);
  const flow = f.at('approval.flow.yaml', APPROVE_THEN_SPIN);
  // The mock answers only after ten minutes: the callback comes from the CLI.
  const hold = f.at('hold.yaml', 'tasks:\n  approve:\n    - output: {forever: true}\n      delayMs: 600000\n');
  const [byReport, byServe] = [join(f.dir, 'report'), join(f.dir, 'serve')];
  const [reportToken, serveToken] = await Promise.all([waitingExecution(flow, byReport, hold), waitingExecution(flow, byServe, hold)]);

  const reported = await fdl(['report-success', reportToken, '--output', '{"forever":true}', '--max-events', '40', '--store', byReport], EN);
  assert.equal(reported.code, 0, reported.stderr);
  assert.match(reported.stdout, /reported\napproval\/e1: Failed/);
  const d = await describe(byReport);
  assert.deepEqual([d.status, d.error], ['Failed', 'FnF.RuntimeError']);
  assert.match(d.cause ?? '', /reached 40 events/);

  const serve = startFdl(['serve', '--max-events', '60', '--store', byServe, '--flows', f.dir, '--port', '0'], EN);
  t.after(() => serve.kill('SIGKILL'));
  let out = '';
  serve.stdout!.on('data', (chunk) => (out += String(chunk)));
  await until(() => /resumed: approval\/e1/.test(out), 30_000);
  const viaServe = await fdl(['report-success', serveToken, '--output', '{"forever":true}', '--store', byServe], EN);
  assert.equal(viaServe.code, 0, viaServe.stderr);
  let s = { status: 'Running' } as Awaited<ReturnType<typeof describe>>;
  for (const deadline = Date.now() + 30_000; s.status === 'Running' && Date.now() < deadline;) s = await describe(byServe);
  assert.deepEqual([s.status, s.error], ['Failed', 'FnF.RuntimeError']);
  assert.match(s.cause ?? '', /reached 60 events/);
  serve.kill('SIGTERM');
  await serve.result;
});
