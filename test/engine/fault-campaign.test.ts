/**
 * Fault campaign: executions with tasks, a foreach, waits and a callback run in an engine process
 * that is killed again and again at random moments (SIGKILL, or SIGINT as a Ctrl-C would), with
 * torn tails left in the log between some of the restarts; callbacks are answered from outside
 * through the store's inbox while all this goes on. Seeded, so a failure names the seed that
 * reproduces it (FAULT_SEED=<n>), and bounded: at least FAULT_MIN_ROUNDS restarts (12), more while
 * time is left of FAULT_BUDGET_MS (15 s).
 *
 * After the campaign, a last run finishes everything. Then:
 * - every acknowledged execution is in the store and succeeded, with the output a fault-free run
 *   of the same input gives;
 * - no task whose success was on disk at a kill was invoked again after it;
 * - event ids and replay keys stay unique in every history;
 * - every acknowledged callback report counted: none was asked for twice after it was accepted.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import type { AnyStoredEvent } from '../../engine/history/events';
import { ExecutionStore, HISTORY_DAMAGED_ERROR } from '../../engine/store/execution-store';
import { sendToInbox } from '../../engine/store/report-inbox';
import { prng, tempDir } from './helpers';

const ENGINE_SOURCE = join(__dirname, 'crash', 'campaign-process.ts');
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 100_000);
const BUDGET_MS = Number(process.env.FAULT_BUDGET_MS ?? 15_000);
/** Rounds run whatever the time (a loaded machine runs fewer per second). */
const MIN_ROUNDS = Number(process.env.FAULT_MIN_ROUNDS ?? 12);
const EXECUTIONS_PER_ROUND = 3;

const FLOW = `version: v1
type: flow
steps:
  - type: task
    name: A
    resourceArn: acs:fc:::services/s/functions/A
  - type: foreach
    name: each
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: task
        name: work
        resourceArn: acs:fc:::services/s/functions/work
      - type: wait
        name: gap
        duration: 0.02
  - type: task
    name: approve
    resourceArn: acs:fc:::services/s/functions/approve
    pattern: waitForCallback
    inputMappings:
      - target: token
        source: $context.task.token
  - type: wait
    name: pause
    duration: 0.05
  - type: task
    name: C
    resourceArn: acs:fc:::services/s/functions/C
`;

interface EngineRun {
  child: ChildProcess;
  exited: Promise<number | null>;
  acked: Set<string>;
  /** Resolves once the process has opened the store (true), or exited before (false). */
  opened: Promise<boolean>;
  /** Resolves once the process acknowledged `n` executions, or exited. */
  ackedAtLeast(n: number): Promise<void>;
}

/** The engine process bundled once (a restart costs a Node start, not a TypeScript compile: more rounds per second). */
async function bundleEngine(dir: string): Promise<string> {
  const outfile = join(dir, 'campaign-process.js');
  await build({ entryPoints: [ENGINE_SOURCE], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  return outfile;
}

function startEngine(engine: string, storeDir: string, flowFile: string, first: number, count: number): EngineRun {
  const child = spawn(process.execPath, [engine, storeDir, flowFile, String(first), String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked = new Set<string>();
  let out = '';
  let markOpened: (v: boolean) => void = () => {};
  let ackWaiters: { n: number; resolve: () => void }[] = [];
  const settleAcks = (all = false) => {
    ackWaiters = ackWaiters.filter((w) => (all || acked.size >= w.n ? (w.resolve(), false) : true));
  };
  const opened = new Promise<boolean>((r) => (markOpened = r));
  child.stdout?.on('data', (d) => {
    out += String(d);
    const lines = out.split('\n');
    out = lines.pop() ?? '';
    for (const l of lines) {
      if (l.startsWith('acked ')) acked.add(l.slice(6));
      settleAcks();
      if (l === 'opened') markOpened(true);
    }
  });
  let err = '';
  child.stderr?.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code === 3 && !/in use by process/.test(err)) process.stderr.write(err);
      markOpened(false);
      settleAcks(true);
      resolve(code);
    }),
  );
  const ackedAtLeast = (n: number) =>
    new Promise<void>((resolve) => {
      ackWaiters.push({ n, resolve });
      settleAcks(child.exitCode !== null || child.signalCode !== null);
    });
  return { child, exited, acked, opened, ackedAtLeast };
}

function openStore(storeDir: string): ExecutionStore {
  return new ExecutionStore(storeDir);
}

function invocations(dir: string): string[] {
  const f = join(dir, 'invocations.log');
  return existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean) : [];
}

/** `<execution> <step> <item>` of every task whose success is in the store now. */
function succeededTasks(storeDir: string): Set<string> {
  const done = new Set<string>();
  const store = openStore(storeDir);
  for (const { flowName, name } of store.listNames()) {
    const h = store.readHistory(flowName, name);
    const inputs = new Map<number, unknown>();
    for (const e of h) {
      if (e.type === 'TaskScheduled') inputs.set(e.eventId, ((e.detail as { input?: { item?: unknown } }).input ?? {}).item ?? null);
      if (e.type === 'TaskSucceeded' && e.scheduleEventId !== undefined) done.add(`${name} ${e.stepName} ${JSON.stringify(inputs.get(e.scheduleEventId) ?? null)}`);
    }
  }
  return done;
}

/** Answers every waiting callback of the store once its answer was acknowledged (retrying otherwise). */
class CallbackAnswerer {
  readonly acknowledged = new Map<string, string>(); // token → execution
  /** Tokens reported to this store by any answerer of the test (the final run's answerer too). */
  private static readonly sentTo = new Map<string, Set<string>>();
  private readonly sent: Set<string>;
  private stopped = false;
  private loop?: Promise<void>;

  constructor(private readonly storeDir: string) {
    const sent = CallbackAnswerer.sentTo.get(storeDir) ?? new Set<string>();
    CallbackAnswerer.sentTo.set(storeDir, sent);
    this.sent = sent;
  }

  start(): void {
    this.stopped = false;
    this.loop = (async () => {
      while (!this.stopped) {
        for (const [token, name] of this.waiting()) {
          const answer = await sendToInbox(this.storeDir, { token, kind: 'succeeded', output: { approved: name } }, 1500);
          // A report the engine took without answering (NoAnswer: it was slow, or killed before it
          // answered) may have been applied: sent again, it is rightly refused as already completed.
          // One withdrawn unanswered (Timeout) was not delivered; either way it is sent again.
          const ours = !answer.ok && answer.code === 'TaskAlreadyCompleted' && this.sent.has(token);
          this.sent.add(token);
          if (answer.ok || ours) this.acknowledged.set(token, name);
          else if (answer.code !== 'Timeout' && answer.code !== 'NoAnswer') throw new Error(`report for ${name} refused: ${answer.code} ${answer.message}`);
          if (this.stopped) break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** Rejects when the answering loop fails (a refused report); never resolves otherwise. */
  failure(): Promise<never> {
    return (this.loop ?? Promise.resolve()).then(() => new Promise<never>(() => {}));
  }

  /** Tokens of callback tasks submitted and not answered in the store, nor acknowledged to us. */
  private waiting(): [string, string][] {
    const out: [string, string][] = [];
    let store: ExecutionStore;
    try {
      store = openStore(this.storeDir);
    } catch {
      return out;
    }
    for (const { flowName, name, status } of store.listNames()) {
      if (status !== 'Running') continue;
      const h = store.readHistory(flowName, name);
      const scheduled = h.find((e) => e.type === 'TaskScheduled' && e.stepName === 'approve');
      const token = (scheduled?.detail as { taskToken?: string } | undefined)?.taskToken;
      if (!token || this.acknowledged.has(token)) continue;
      if (!h.some((e) => e.type === 'TaskSubmitted' && e.stepName === 'approve')) continue;
      if (h.some((e) => e.type === 'TaskSucceeded' && e.stepName === 'approve')) continue;
      out.push([token, name]);
    }
    return out;
  }
}

function outputsOf(storeDir: string): Map<string, { status: string; output: unknown }> {
  const store = openStore(storeDir);
  const out = new Map<string, { status: string; output: unknown }>();
  for (const { flowName, name, status } of store.listNames()) {
    const h = store.readHistory(flowName, name);
    out.set(name, { status, output: (h.at(-1)?.detail as { output?: unknown } | undefined)?.output });
  }
  return out;
}

function assertHistoryWellFormed(name: string, h: AnyStoredEvent[]): void {
  assert.equal(h.filter((e) => e.type === 'ExecutionStarted').length, 1, `${name}: one start`);
  assert.equal(new Set(h.map((e) => e.eventId)).size, h.length, `${name}: event ids unique`);
  assert.equal(new Set(h.map((e) => e.key)).size, h.length, `${name}: no fact recorded twice`);
}

/** How long the fault-free final run may take (a few seconds on a loaded machine). */
const FINAL_RUN_LIMIT_MS = 180_000;

/** Runs the campaign process with no faults until everything it holds has finished. */
async function runToEnd(engine: string, storeDir: string, flowFile: string, first: number, count: number): Promise<EngineRun> {
  const answerer = new CallbackAnswerer(storeDir);
  answerer.start();
  const run = startEngine(engine, storeDir, flowFile, first, count);
  // A failed answerer leaves the run waiting for callbacks for ever: end it, and say why.
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the final run did not end within ${FINAL_RUN_LIMIT_MS / 1000} s`)), FINAL_RUN_LIMIT_MS);
  });
  let code: number | null;
  try {
    code = await Promise.race([run.exited, answerer.failure(), limit]);
  } catch (e) {
    run.child.kill('SIGKILL');
    await answerer.stop().catch(() => undefined);
    throw e;
  } finally {
    clearTimeout(timer);
  }
  await answerer.stop();
  assert.equal(code, 0, 'the final run ends normally');
  return run;
}

test(`fault campaign: random kills, Ctrl-C and torn tails lose, invent and repeat nothing (seed ${SEED})`, { timeout: BUDGET_MS + 240_000 }, async (t) => {
  const random = prng(SEED);
  const dir = tempDir(t, 'fdl-faults-');
  const storeDir = join(dir, 'store');
  const flowFile = join(dir, 'campaign.flow.yaml');
  writeFileSync(flowFile, FLOW);
  const engine = await bundleEngine(dir);

  const acked = new Set<string>();
  let next = 0;
  let rounds = 0;
  let kills = 0;
  let tornTails = 0;
  let racedStarts = 0;
  const answerer = new CallbackAnswerer(storeDir);
  answerer.start();
  const started = Date.now();
  while (rounds < MIN_ROUNDS || Date.now() - started < BUDGET_MS) {
    rounds++;
    const before = { completed: succeededTasks(storeDir), invoked: invocations(dir).length };
    // Every fourth round, rivals start at the same moment on the same store (a window restoring
    // while a terminal runs fdl serve): the lock lets one of them own it, the others stop.
    const rivals = rounds % 4 === 0 ? [1, 2].map((k) => startEngine(engine, storeDir, flowFile, next + 1000 * k, EXECUTIONS_PER_ROUND)) : [];
    const run = startEngine(engine, storeDir, flowFile, next, EXECUTIONS_PER_ROUND);
    // Kills are placed by progress, not by wall time alone (a loaded machine is slower): some
    // while the process still opens the store (reading the log, resuming what it holds), most
    // after it acknowledged some of this round's executions, then a random moment later.
    const when = random();
    if (when >= 0.15) await run.opened;
    if (when >= 0.4) await run.ackedAtLeast(1 + Math.floor(random() * EXECUTIONS_PER_ROUND));
    const delay = Math.floor(random() * 300);
    const ended = await Promise.race([run.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), delay))]);
    if (!ended) {
      run.child.kill(random() < 0.25 ? 'SIGINT' : 'SIGKILL');
      kills++;
    }
    await run.exited;
    for (const rival of rivals) {
      if (rival.child.exitCode === null && rival.child.signalCode === null) rival.child.kill('SIGKILL');
      await rival.exited;
      for (const a of rival.acked) acked.add(a);
      racedStarts += rival.acked.size;
    }
    for (const a of run.acked) acked.add(a);
    // Every name this round tried to start either exists now or was never acknowledged: the
    // next round carries on after the last acknowledged one (a retried start of an unacknowledged
    // name that did reach the store meets ExecutionAlreadyExists, which the process accepts).
    next = Math.max(next, ...[...run.acked].map((a) => Number(a.slice(1)) + 1).filter((n) => n < 1000));
    assertNoRepeat(dir, before, SEED);
    if (rounds % 3 === 0 && existsSync(join(storeDir, 'history.jsonl'))) {
      // A write the kill cut short: half a line, no newline.
      appendFileSync(join(storeDir, 'history.jsonl'), '{"x":"campaign/e0","b":[[99999,3,0,"tor');
      tornTails++;
    }
  }
  await answerer.stop();
  const before = { completed: succeededTasks(storeDir), invoked: invocations(dir).length };
  await runToEnd(engine, storeDir, flowFile, next, 0);
  assertNoRepeat(dir, before, SEED);
  t.diagnostic(
    `seed ${SEED}: ${rounds} rounds, ${kills} kills, ${tornTails} torn tails, ${racedStarts} executions started by rival owners, ${acked.size} acknowledged executions, ${invocations(dir).length} invocations`,
  );
  assert.ok(kills >= 5, `the campaign killed the engine several times (${kills})`);
  assert.ok(acked.size >= 5, `executions were acknowledged between kills (${acked.size})`);

  // A fault-free reference run of every acknowledged execution's input.
  const refDir = tempDir(t, 'fdl-faults-ref-');
  const refStore = join(refDir, 'store');
  // Inputs depend only on the name's number, so one run per distinct number covers them all.
  for (const base of new Set([...acked].map((a) => Math.floor(Number(a.slice(1)) / 1000) * 1000))) {
    const last = Math.max(...[...acked].map((a) => Number(a.slice(1))).filter((n) => n >= base && n < base + 1000));
    await runToEnd(engine, refStore, flowFile, base, last - base + 1);
  }
  const expected = outputsOf(refStore);

  const got = outputsOf(storeDir);
  const store = openStore(storeDir);
  for (const name of acked) {
    assert.ok(got.has(name), `acknowledged execution ${name} is in the store (seed ${SEED})`);
    assert.deepEqual(got.get(name), expected.get(name), `${name} ends as a fault-free run does (seed ${SEED})`);
  }
  for (const { flowName, name } of store.listNames()) assertHistoryWellFormed(name, store.readHistory(flowName, name));
  for (const [name, result] of got) assert.equal(result.status, 'Succeeded', `${name} (started, maybe unacknowledged) finished too (seed ${SEED})`);
});

/** No task invoked since `before` had its success on disk by then (it ran once; at-least-once covers only unfinished attempts). */
function assertNoRepeat(dir: string, before: { completed: Set<string>; invoked: number }, seed: number): void {
  for (const inv of invocations(dir).slice(before.invoked)) {
    assert.ok(!before.completed.has(inv), `task ${inv} ran again although its success was on disk (seed ${seed})`);
  }
}

/** The store's listing: name → status, output and error, read by a fresh open. */
function snapshot(storeDir: string): Map<string, { status: string; output: unknown; error?: string }> {
  const store = openStore(storeDir);
  const out = new Map<string, { status: string; output: unknown; error?: string }>();
  for (const { flowName, name, status } of store.listNames()) {
    const state = store.describe(flowName, name);
    const h = store.readHistory(flowName, name);
    out.set(name, { status, output: (h.at(-1)?.detail as { output?: unknown } | undefined)?.output, error: state?.error });
  }
  return out;
}

type Damage = 'byte' | 'bit' | 'torn';

/**
 * One damage of a log a crash or a disk can leave: a byte changed (to `X`, or to `Y` where it
 * was `X`) in a line that is not the last (`byte`), one letter of an execution name changed so the line stays JSON (`bit`), or
 * the last line cut in the middle (`torn`). Returns the log's size before.
 */
function damageLog(log: string, kind: Damage, random: () => number): number {
  const text = readFileSync(log, 'utf8');
  const lines = text.split('\n').slice(0, -1);
  const size = Buffer.byteLength(text);
  const executionLines = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('{"x":'));
  if (kind === 'torn') {
    const last = lines.at(-1)!;
    lines[lines.length - 1] = last.slice(0, Math.max(1, Math.floor(last.length / 2)));
    writeFileSync(log, lines.join('\n')); // no final newline: the write was cut
    return size;
  }
  const [line, i] = executionLines[Math.floor(random() * Math.max(1, executionLines.length - 1))];
  if (kind === 'byte') {
    const at = 1 + Math.floor(random() * (line.length - 2));
    // A byte that already reads `X` (task tokens hold some) would leave the line as it was.
    const changed = line[at] === 'X' ? 'Y' : 'X';
    lines[i] = line.slice(0, at) + changed + line.slice(at + 1);
  } else {
    // `campaign/e12` → `campaign/f12`: still JSON, another execution's name.
    lines[i] = line.replace('"x":"campaign/e', '"x":"campaign/f');
  }
  writeFileSync(log, lines.join('\n') + '\n');
  return size;
}

test(
  `damage campaign: a changed byte, a flipped letter or a torn tail costs at most the executions it touched, and the log never shrinks (seed ${SEED})`,
  { timeout: 240_000 },
  async (t) => {
    const random = prng(SEED + 1);
    const dir = tempDir(t, 'fdl-damage-');
    const flowFile = join(dir, 'campaign.flow.yaml');
    writeFileSync(flowFile, FLOW);
    const engine = await bundleEngine(dir);

    // A store with finished executions and some still waiting for their callback.
    const base = join(dir, 'base', 'store');
    await runToEnd(engine, base, flowFile, 0, 6);
    const waiting = startEngine(engine, base, flowFile, 6, 3);
    await waiting.ackedAtLeast(3);
    await new Promise((r) => setTimeout(r, 300));
    waiting.child.kill('SIGKILL');
    await waiting.exited;
    const original = snapshot(base);
    assert.ok(
      [...original.values()].some((e) => e.status === 'Running'),
      'some executions are still running',
    );

    const kinds: Damage[] = ['byte', 'bit', 'torn', 'byte', 'bit', 'byte'];
    for (const [round, kind] of kinds.entries()) {
      const caseDir = join(dir, `case-${round}`);
      const storeDir = join(caseDir, 'store');
      cpSync(join(dir, 'base'), caseDir, { recursive: true });
      const log = join(storeDir, 'history.jsonl');
      const sizeBefore = damageLog(log, kind, random);
      const opened = openStore(storeDir);
      const damage = opened.damage ?? [];
      const named = new Set(damage.flatMap((d) => d.executions.map((x) => x.slice(x.indexOf('/') + 1))));
      if (kind !== 'torn') {
        assert.ok(damage.length >= 1, `${kind}: the damage is found and reported (seed ${SEED})`);
        for (const d of damage) assert.ok(d.quarantine && existsSync(d.quarantine), `${kind}: the damaged line is kept aside`);
      } else assert.equal(damage.length, 0, 'a torn tail is not damage');

      const before = { completed: succeededTasks(storeDir), invoked: invocations(caseDir).length };
      await runToEnd(engine, storeDir, flowFile, 100, 1);
      assertNoRepeat(caseDir, before, SEED);
      const sizeAfter = statSync(log).size;
      if (kind !== 'torn') assert.ok(sizeAfter >= sizeBefore, `${kind}: the log never shrinks (${sizeBefore} → ${sizeAfter}) (seed ${SEED})`);

      const after = snapshot(storeDir);
      assert.equal(after.get('e100')?.status, 'Succeeded', `${kind}: the store takes new executions`);
      for (const [name, was] of original) {
        const now = after.get(name);
        if (named.has(name)) {
          // Touched: listed as it was, or failed as damaged (never resumed blindly), or gone with
          // its start line, and then named in the report.
          if (now && now.status !== 'Succeeded') assert.equal(now.error, HISTORY_DAMAGED_ERROR, `${kind}: ${name} is shown damaged`);
          continue;
        }
        assert.ok(now, `${kind}: untouched execution ${name} is still there (seed ${SEED})`);
        if (was.status === 'Succeeded') assert.deepEqual(now, was, `${kind}: finished execution ${name} is as it was`);
        else assert.equal(now.status, 'Succeeded', `${kind}: running execution ${name} resumed and finished`);
      }
      t.diagnostic(`${kind}: ${damage.length} damaged line(s), ${named.size} execution(s) named, log ${sizeBefore} → ${sizeAfter} bytes`);
    }
  },
);
