/**
 * Engine benchmark (issue 3): our embedded engine against aws-local-stepfunctions (in memory, no
 * history) on equivalent workloads, in one run. Run: `npm run bench:engine` (BENCH_SEQ for a
 * sequential count other than the issue's 10,000, BENCH_RUNS for the other workloads'
 * repetitions, BENCH_WARM_MS for the warm-up, BENCH_ROUNDS for the rounds).
 *
 * How it measures: this file bundles itself with esbuild (as dist/ ships the engine) and runs in
 * plain node — not under tsx, whose loader slows both sides; aws-local-stepfunctions runs from its
 * published build. Each (workload, side) runs in a fresh process of its own: untimed for
 * BENCH_WARM_MS first (JIT warm-up), then three timed batches (their median counts); BENCH_ROUNDS
 * rounds run every side once each, so the sides of a round meet the same machine load; ratios are
 * the median of the rounds' ratios.
 *
 * Every workload runs twice on our engine, as a classic flow and as the same flow in CloudFlow's
 * StateMachine format (issue 14), each in both stores, and a table gives StateMachine's time over
 * classic's.
 *
 * Two columns for ours (per format):
 * - durable (the headline: what `fdl run`, `fdl serve` and the extension do; store/execution-store.ts,
 *   SEMANTICS.md "Durability"): every history event goes to the store's one append-only log;
 *   events are buffered and written with one write() per event-loop turn, and always before
 *   StartExecution returns and before waitForExecution sees the end, so each sequential execution
 *   costs at least one write(). The log is fsync'ed off the main thread within 50 ms of a write;
 *   the mocked tasks here are in-process, so no fsync is awaited (a real invoker would wait for
 *   one before each invocation).
 * - in memory (store/memory-store.ts, what `fdl test` uses): the same engine and the same history
 *   events, kept in memory and never written — like for like with aws-local-stepfunctions, which
 *   keeps no history at all.
 *
 * And the history floor (bench/history-floor.ts): the same events recorded and kept with no
 * engine at all, the least any engine that keeps this history can spend. It is what a ≥3×
 * target has to be read against: where the floor itself is near 3× aws-local-stepfunctions, no
 * engine that records the history can reach 3×.
 *
 * Peak memory: each process measures one side only, so its peak RSS (warm-up included) is that
 * side's.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import { LocalBackend } from '../engine/local-backend';
import { MemoryStore } from '../engine/store/memory-store';
import { MockInvoker } from '../engine/invokers/mock-invoker';
import { printTable } from './measure';
import { appendCost, floorRuns, historyTemplate, type HistoryTemplate } from './history-floor';
import { isEngineEvent } from '../engine/history/events';

// aws-local-stepfunctions 3 declares Node 22 for Promise.withResolvers alone; give it that on Node 20.
const P = Promise as unknown as { withResolvers?: () => unknown };
P.withResolvers ??= () => {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
};

const SEQ = Number(process.env.BENCH_SEQ ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
/** Untimed run time per side and workload before measuring (JIT warm-up). */
const WARM_MS = Number(process.env.BENCH_WARM_MS ?? 2000);
/** Rounds: each runs every side once, in a fresh process (see main). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function passChainFdl(n: number): string {
  const steps = Array.from({ length: n }, (_, i) => `  - type: pass\n    name: p${i}`).join('\n');
  return `version: v1\ntype: flow\nsteps:\n${steps}\n`;
}
function passChainAsl(n: number) {
  const States: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) States[`p${i}`] = i === n - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `p${i + 1}` };
  return { StartAt: 'p0', States };
}
const foreachFdl = `version: v1
type: flow
steps:
  - type: foreach
    name: each
    iterationMapping: {collection: $.items, item: item}
    maxConcurrency: 100
    steps:
      - type: pass
        name: body
`;
const foreachAsl = {
  StartAt: 'each',
  States: { each: { Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 100, Iterator: { StartAt: 'body', States: { body: { Type: 'Pass', End: true } } }, End: true } },
};
const parallelFdl = `version: v1\ntype: flow\nsteps:\n  - type: parallel\n    name: par\n    branches:\n${Array.from({ length: 10 }, (_, i) => `      - steps:\n          - type: pass\n            name: b${i}`).join('\n')}\n`;
const parallelAsl = {
  StartAt: 'par',
  States: { par: { Type: 'Parallel', Branches: Array.from({ length: 10 }, (_, i) => ({ StartAt: `b${i}`, States: { [`b${i}`]: { Type: 'Pass', End: true } } })), End: true } },
};
const taskFdl = `version: v1\ntype: flow\nsteps:\n  - type: task\n    name: charge\n    resourceArn: acs:fc:::services/shop/functions/charge\n`;
// The same workloads in CloudFlow's StateMachine format (issue 14): one engine runs both, so a
// StateMachine flow should cost what its classic equivalent does.
const smHead = (startAt: string) => `Type: StateMachine\nName: bench\nSpecVersion: v1\nStartAt: ${startAt}\nStates:\n`;
function passChainSm(n: number): string {
  const states = Array.from({ length: n }, (_, i) => `  - Type: Pass\n    Name: p${i}\n    ${i === n - 1 ? 'End: true' : `Next: p${i + 1}`}`).join('\n');
  return `${smHead('p0')}${states}\n`;
}
// The classic foreach puts each element under `item`; the processor's first state does the same
// with an InputConstructor (an element that is not an object needs one: engine/SEMANTICS.md).
const mapSm = `${smHead('each')}  - Type: Map
    Name: each
    ItemsPath: $Input.items
    MaxConcurrency: 100
    Processor:
      StartAt: body
      States:
        - Type: Pass
          Name: body
          InputConstructor:
            item.$: $Input
          End: true
    End: true
`;
const parallelSm = `${smHead('par')}  - Type: Parallel\n    Name: par\n    Branches:\n${Array.from({ length: 10 }, (_, i) => `      - StartAt: b${i}\n        States:\n          - Type: Pass\n            Name: b${i}\n            End: true`).join('\n')}\n    End: true\n`;
const taskSm = `${smHead('charge')}  - Type: Task\n    Name: charge\n    Action: FC:InvokeFunction\n    TaskMode: RequestComplete\n    Parameters:\n      resourceArn: acs:fc:::services/shop/functions/charge\n    End: true\n`;
const taskAsl = { StartAt: 'charge', States: { charge: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:charge', End: true } } };

/** Bundles bench/engine-callbacks.ts with esbuild and runs it with plain node (no tsx, no aws-local-stepfunctions). */
function callbacksInChild(): { baseRss: number; waitingRss: number; peakRss: number; waitingMs: number; approveMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'fdl-bench-child-'));
  try {
    const outfile = join(dir, 'callbacks.cjs');
    buildSync({
      entryPoints: [join(process.env.FDL_BENCH_SOURCE_DIR ?? __dirname, 'engine-callbacks.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      logLevel: 'warning',
    });
    return JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function newBackend(memory: boolean): { backend: LocalBackend; dir?: string } {
  const invokers = [new MockInvoker({ tasks: { '*': [{ output: { paid: true } }] } })];
  // The foreach over 1,000 items records ~6,000 events: past the service's default limit of
  // 5,000 per execution (engine/run/patterns/event-limit.ts), so raised here as a quota would be;
  // aws-local-stepfunctions enforces no history limit either.
  const maxEventsPerExecution = 10_000;
  if (memory) return { backend: new LocalBackend({ store: new MemoryStore(), timeScale: 0, invokers, maxEventsPerExecution }) };
  const dir = mkdtempSync(join(tmpdir(), 'fdl-bench-'));
  return { backend: new LocalBackend({ storeDir: dir, timeScale: 0, invokers, maxEventsPerExecution }), dir };
}

async function oursRuns(memory: boolean, definition: string, input: unknown, runs: number, concurrent = 1): Promise<number> {
  const { backend, dir } = newBackend(memory);
  await backend.open();
  // Parsed before the clock starts, as aws-local-stepfunctions parses in its StateMachine constructor.
  backend.loadFlow(definition);
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < runs) {
      const i = next++;
      const s = await backend.startExecution({ flowName: 'bench', definition, executionName: `e${i}`, input: JSON.stringify(input) });
      const st = await backend.waitForExecution('bench', s.name);
      if (st.status !== 'Succeeded') throw new Error(`ours: ${st.status} ${st.error} ${st.cause}`);
    }
  };
  await Promise.all(Array.from({ length: concurrent }, worker));
  const ms = performance.now() - t0;
  backend.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await turnOfEventLoop();
  return ms;
}

async function aslRuns(definition: object, input: unknown, runs: number, concurrent = 1): Promise<number> {
  // Loaded only in the processes that measure it (see main).
  const { StateMachine } = await import('aws-local-stepfunctions');
  const sm = new StateMachine(definition as never, { validationOptions: { checkArn: false, checkPaths: false } } as never);
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < runs) {
      next++;
      await sm.run(input as never, { overrides: { taskResourceLocalHandlers: { charge: async () => ({ paid: true }) } } } as never).result;
    }
  };
  await Promise.all(Array.from({ length: concurrent }, worker));
  const ms = performance.now() - t0;
  await turnOfEventLoop();
  return ms;
}

/**
 * Between batches (untimed): a batch of in-memory executions may run to its end without leaving
 * the microtask queue, so the store's scheduled flush (an Immediate holding the batch's backend)
 * would wait, and every earlier batch's histories with it, until the process next yields.
 */
function turnOfEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The history floor for a workload (bench/history-floor.ts): the events one execution of it
 * records in our engine (one in-memory run, outside the clock), then re-created per execution
 * with no engine.
 */
async function floorSide(definition: string, input: unknown, runs: number): Promise<number> {
  const ms = await floorRuns(await templateOf(definition, input), input, runs);
  await turnOfEventLoop();
  return ms;
}

/** The service events one in-memory execution of `definition` records (outside any clock). */
async function templateOf(definition: string, input: unknown): Promise<HistoryTemplate> {
  const { backend } = newBackend(true);
  await backend.open();
  const s = await backend.startExecution({ flowName: 'bench', definition, executionName: 'template', input: JSON.stringify(input) });
  await backend.waitForExecution('bench', s.name);
  const template = historyTemplate(backend.readStoredHistory('bench', s.name).filter((e) => !isEngineEvent(e.type)));
  backend.close();
  return template;
}

type Side = (runs: number) => Promise<number>;
const SIDES = ['durable', 'smDurable', 'memory', 'smMemory', 'floor', 'asl'] as const;

function workloads() {
  const items = { items: Array.from({ length: 1000 }, (_, i) => i) };
  const workload = (name: string, steps: number, runs: number, fdl: string, sm: string, asl: object, input: unknown) => ({
    name,
    steps,
    runs,
    durable: ((n) => oursRuns(false, fdl, input, n)) as Side,
    smDurable: ((n) => oursRuns(false, sm, input, n)) as Side,
    memory: ((n) => oursRuns(true, fdl, input, n)) as Side,
    smMemory: ((n) => oursRuns(true, sm, input, n)) as Side,
    floor: ((n) => floorSide(fdl, input, n)) as Side,
    asl: ((n) => aslRuns(asl, input, n)) as Side,
  });
  return [
    workload('100-step pass chain', 100, RUNS, passChainFdl(100), passChainSm(100), passChainAsl(100), {}),
    workload('foreach/Map over 1,000 items', 1001, Math.max(1, Math.round(RUNS / 4)), foreachFdl, mapSm, foreachAsl, items),
    workload('10-branch parallel', 11, RUNS * 10, parallelFdl, parallelSm, parallelAsl, {}),
    workload(`${SEQ} sequential executions, mocked task`, 1, SEQ, taskFdl, taskSm, taskAsl, {}),
  ];
}

/** The write() cost probe (appendCost), in a fresh process like every side. */
/** Runs this file as `FDL_BENCH_PROBE=<probe>` in a fresh process; its last line of output, parsed. */
function inChild<T>(probe: string): T {
  const out = execFileSync(process.execPath, [__filename], { encoding: 'utf8', env: { ...process.env, FDL_BENCH_PROBE: probe }, maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

/** appendCost for the sequential workload's events, in a temporary folder. */
async function appendProbe(): Promise<void> {
  const template = await templateOf(taskFdl, {});
  const dir = mkdtempSync(join(tmpdir(), 'fdl-bench-append-'));
  try {
    console.log(JSON.stringify(appendCost(template, dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One (workload, side) in this process, which measures nothing else: warm-up for WARM_MS
 * (aws-local-stepfunctions' pass chain runs about 4× faster after a few seconds of JIT than
 * after one short batch), then three timed batches. Prints the batches' milliseconds as JSON.
 */
async function probe(spec: string): Promise<void> {
  const [wi, sideName] = spec.split(':');
  const w = workloads()[Number(wi)];
  const side = w[sideName as (typeof SIDES)[number]];
  const t0 = performance.now();
  do await side(Math.max(1, Math.ceil(w.runs / 4)));
  while (performance.now() - t0 < WARM_MS);
  const batches: number[] = [];
  // CPU time of the process (every thread, the store's fsync worker included) for each batch:
  // unlike wall time, it hardly moves with the load other processes put on the machine.
  const cpu: number[] = [];
  for (let r = 0; r < 3; r++) {
    const c0 = process.cpuUsage();
    batches.push(await side(w.runs));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  // Peak resident memory of this process (it measured this one side only), in bytes.
  console.log(JSON.stringify({ batches, cpu, maxRss: process.resourceUsage().maxRSS * 1024 }));
}

/**
 * Every (workload, side) runs in a fresh node process of its own, as the language bench does:
 * in one shared process each side's code makes the other's call sites (promises, JSON, Maps)
 * polymorphic, and one side's retained heap slows the other's garbage collection.
 */
async function main() {
  const throughput: (string | number)[][] = [];
  const perStep: (string | number)[][] = [];
  const memory: (string | number)[][] = [];
  const dialects: (string | number)[][] = [];
  const targets: { name: string; sides: { side: string; aws: number; floor: number }[] }[] = [];
  const list = workloads();
  const asl = SIDES.indexOf('asl');
  for (let wi = 0; wi < list.length; wi++) {
    const w = list[wi];
    // ROUNDS rounds; in each, every side runs in a fresh process one after the other (warm-up,
    // then three timed batches, the median kept), so the sides of a round meet the same machine
    // load; a side's figure is its median over the rounds, a ratio the median of the rounds' ratios.
    const perRound = Array.from({ length: ROUNDS }, () =>
      SIDES.map((side) => {
        const { batches, cpu, maxRss } = inChild<{ batches: number[]; cpu: number[]; maxRss: number }>(`${wi}:${side}`);
        return { ms: median(batches), cpuMs: median(cpu), maxRss };
      }),
    );
    const ms = SIDES.map((_, i) => median(perRound.map((r) => r[i].ms)));
    const ratio = (i: number) => median(perRound.map((r) => r[asl].ms / r[i].ms)).toFixed(2) + '×';
    const eps = (t: number) => ((w.runs * 1000) / t).toFixed(1);
    const sps = (t: number) => ((w.runs * w.steps * 1000) / t).toFixed(0);
    const us = (t: number) => ((t * 1000) / (w.runs * w.steps)).toFixed(2);
    throughput.push([
      w.name,
      ...ms.map(eps),
      ...SIDES.map((_, i) => i)
        .filter((i) => i !== asl)
        .map(ratio),
    ]);
    perStep.push([w.name, ms.map(sps).join(' · '), ms.map(us).join(' · ')]);
    // StateMachine time over classic time on the same workload and store (< 1: StateMachine faster).
    const smOverClassic = (sm: (typeof SIDES)[number], classic: (typeof SIDES)[number], of: 'ms' | 'cpuMs') =>
      median(perRound.map((r) => r[SIDES.indexOf(sm)][of] / r[SIDES.indexOf(classic)][of])).toFixed(2) + '×';
    dialects.push([
      w.name,
      smOverClassic('smDurable', 'durable', 'ms'),
      smOverClassic('smMemory', 'memory', 'ms'),
      smOverClassic('smDurable', 'durable', 'cpuMs'),
      smOverClassic('smMemory', 'memory', 'cpuMs'),
    ]);
    memory.push([w.name, ...SIDES.map((_, i) => (Math.max(...perRound.map((r) => r[i].maxRss)) / 2 ** 20).toFixed(0))]);
    // Issue 16: each side's time over the floor's (how many times the floor it costs), per round, the median.
    const floor = SIDES.indexOf('floor');
    const overFloor = (side: (typeof SIDES)[number]) => median(perRound.map((r) => r[SIDES.indexOf(side)].ms / r[floor].ms));
    const overAws = (side: (typeof SIDES)[number]) => median(perRound.map((r) => r[asl].ms / r[SIDES.indexOf(side)].ms));
    targets.push({ name: w.name, sides: (['memory', 'smMemory', 'durable', 'smDurable'] as const).map((side) => ({ side, aws: overAws(side), floor: overFloor(side) })) });
    console.error(`[bench] ${throughput[throughput.length - 1].join(' | ')}`);
  }
  const names = ['classic durable', 'StateMachine durable', 'classic in memory', 'StateMachine in memory', 'history floor', 'aws-local-sfn'];
  console.log(
    '\n### Throughput, executions/s (ours durable: every event written to the log; ours in memory: the same events, not written; history floor: only those events recorded, no engine (bench/history-floor.ts); aws-local-stepfunctions: no history)\n',
  );
  printTable(['workload', ...names, ...names.slice(0, -1).map((n) => `${n} / aws-local-sfn`)], throughput);
  console.log(
    '\n### StateMachine against classic on the same workload: time of the StateMachine flow / time of the classic flow (below 1×: StateMachine faster); wall time, and CPU time of the measuring process (steadier on a loaded machine)\n',
  );
  printTable(['workload', 'durable, wall', 'in memory, wall', 'durable, CPU', 'in memory, CPU'], dialects);
  console.log(`\n### Steps/s and µs per step (${names.join(' · ')})\n`);
  printTable(['workload', 'steps/s', 'µs/step'], perStep);
  console.log('\n### Peak RSS of the process that measured the side (MB, the highest over the rounds; warm-up included)\n');
  printTable(['workload', ...names], memory);

  // 1,000 executions waiting for callbacks at once, then approved: in a fresh child process.
  const cb = callbacksInChild();
  console.log('\n### 1,000 concurrent executions waiting for callbacks (fresh node process, engine only)\n');
  printTable(
    ['metric', 'value'],
    [
      ['time until all 1,000 wait (ms)', cb.waitingMs.toFixed(0)],
      ['RSS of the process while all wait (MB)', (cb.waitingRss / 2 ** 20).toFixed(0)],
      ['RSS added by the 1,000 waiting executions (MB)', ((cb.waitingRss - cb.baseRss) / 2 ** 20).toFixed(0)],
      ['peak RSS of the process (MB)', (cb.peakRss / 2 ** 20).toFixed(0)],
      ['approve all 1,000 and finish (ms)', cb.approveMs.toFixed(0)],
    ],
  );
  const append = inChild<{ micros: number; bytes: number }>('append');
  console.log(
    `\nOne write() of a sequential execution's events (${append.bytes} bytes, appended to a file): ${append.micros.toFixed(2)} µs. A store that acknowledges an execution's end only once written pays it per sequential execution, on top of the history floor.`,
  );
  console.log(
    `\nIssue 3's memory target, 1,000 waiting executions under 200 MB: ${cb.peakRss < 200 * 2 ** 20 ? 'met' : 'NOT met'} (peak ${(cb.peakRss / 2 ** 20).toFixed(0)} MB).`,
  );
  // Issue 16's throughput targets: in memory ≥ 2× aws-local-stepfunctions and within 2× of the
  // floor; durable ≥ 1× and within 3× of the floor; on every workload (medians of the rounds' ratios).
  const goal: Record<string, { aws: number; floor: number }> = {
    memory: { aws: 2, floor: 2 },
    smMemory: { aws: 2, floor: 2 },
    durable: { aws: 1, floor: 3 },
    smDurable: { aws: 1, floor: 3 },
  };
  console.log("\n### Issue 16's targets: speed over aws-local-stepfunctions (≥ 2× in memory, ≥ 1× durable) · time over the history floor (≤ 2× in memory, ≤ 3× durable)\n");
  printTable(
    ['workload', 'classic in memory', 'StateMachine in memory', 'classic durable', 'StateMachine durable'],
    targets.map((t) => [
      t.name,
      ...t.sides.map((x) => `${x.aws.toFixed(2)}× · ${x.floor.toFixed(2)}×${x.aws >= goal[x.side].aws && x.floor <= goal[x.side].floor ? '' : ' (not met)'}`),
    ]),
  );
  // "No slower" on CPU time (wall time swings with the machine's load), allowing 5% of noise.
  const slower = dialects.filter((r) => parseFloat(String(r[3])) > 1.05).map((r) => `${r[0]} (${r[3]})`);
  console.log(
    `\nIssue 14's target, the StateMachine dialect no slower than classic (durable, CPU time, within 5%): ${slower.length ? `not met for ${slower.join('; ')}` : 'met for every workload'}.`,
  );
}

/**
 * Under tsx (`npm run bench:engine`), bundle this file with esbuild and run the bundle in plain
 * node: the engine is measured as dist/ ships it, and neither side pays for tsx's loader.
 */
function runBundled(): void {
  const dir = join(__dirname, '..', 'node_modules', '.cache', 'fdl-bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'engine.bench.cjs');
  buildSync({
    entryPoints: [__filename],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    external: ['aws-local-stepfunctions', 'esbuild'],
    logLevel: 'warning',
  });
  const r = spawnSync(process.execPath, [outfile], { stdio: 'inherit', env: { ...process.env, FDL_BENCH_BUNDLED: '1', FDL_BENCH_SOURCE_DIR: __dirname } });
  process.exit(r.status ?? 1);
}

if (process.env.FDL_BENCH_BUNDLED !== '1') runBundled();
else
  (process.env.FDL_BENCH_PROBE === 'append' ? appendProbe() : process.env.FDL_BENCH_PROBE ? probe(process.env.FDL_BENCH_PROBE) : main()).catch((e) => {
    console.error(e);
    process.exit(1);
  });
