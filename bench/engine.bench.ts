/**
 * Engine benchmark (issue 3): our embedded engine against aws-local-stepfunctions (in memory, no
 * history) on equivalent workloads, in one run. Run: `npm run bench:engine` (BENCH_SEQ=10000 for
 * the full sequential count, BENCH_RUNS for the other workloads' repetitions).
 *
 * What ours does meanwhile (store/execution-store.ts, SEMANTICS.md "Durability"): every history
 * event goes to the store's one append-only log; events are buffered and written with one write()
 * per event-loop turn, and always before StartExecution returns and before waitForExecution sees
 * the end, so each sequential execution costs at least one write(). The log is fsync'ed off the
 * main thread within 50 ms of a write; the mocked tasks here are in-process, so no fsync is
 * awaited (a real invoker would wait for one before each invocation).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StateMachine } from 'aws-local-stepfunctions';
import { buildSync } from 'esbuild';
import { LocalBackend } from '../engine/local-backend';
import { MockInvoker } from '../engine/invokers/mock-invoker';
import { printTable } from './measure';

// aws-local-stepfunctions 3 declares Node 22 for Promise.withResolvers alone; give it that on Node 20.
const P = Promise as unknown as { withResolvers?: () => unknown };
P.withResolvers ??= () => {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
};

const SEQ = Number(process.env.BENCH_SEQ ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

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
const foreachAsl = { StartAt: 'each', States: { each: { Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 100, Iterator: { StartAt: 'body', States: { body: { Type: 'Pass', End: true } } }, End: true } } };
const parallelFdl = `version: v1\ntype: flow\nsteps:\n  - type: parallel\n    name: par\n    branches:\n${Array.from({ length: 10 }, (_, i) => `      - steps:\n          - type: pass\n            name: b${i}`).join('\n')}\n`;
const parallelAsl = { StartAt: 'par', States: { par: { Type: 'Parallel', Branches: Array.from({ length: 10 }, (_, i) => ({ StartAt: `b${i}`, States: { [`b${i}`]: { Type: 'Pass', End: true } } })), End: true } } };
const taskFdl = `version: v1\ntype: flow\nsteps:\n  - type: task\n    name: charge\n    resourceArn: acs:fc:::services/shop/functions/charge\n`;
const taskAsl = { StartAt: 'charge', States: { charge: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:charge', End: true } } };


/** Bundles bench/engine-callbacks.ts with esbuild and runs it with plain node (no tsx, no aws-local-stepfunctions). */
function callbacksInChild(): { baseRss: number; waitingRss: number; peakRss: number; waitingMs: number; approveMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'fdl-bench-child-'));
  try {
    const outfile = join(dir, 'callbacks.cjs');
    buildSync({ entryPoints: [join(__dirname, 'engine-callbacks.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning' });
    return JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function newBackend(): { backend: LocalBackend; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fdl-bench-'));
  const backend = new LocalBackend({ storeDir: dir, timeScale: 0, invokers: [new MockInvoker({ tasks: { '*': [{ output: { paid: true } }] } })] });
  return { backend, dir };
}

async function oursRuns(definition: string, input: unknown, runs: number, concurrent = 1): Promise<number> {
  const { backend, dir } = newBackend();
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
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

async function aslRuns(definition: object, input: unknown, runs: number, concurrent = 1): Promise<number> {
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
  return performance.now() - t0;
}

async function main() {
  const items = { items: Array.from({ length: 1000 }, (_, i) => i) };
  const workloads: { name: string; steps: number; runs: number; ours: () => Promise<number>; asl: () => Promise<number> }[] = [
    { name: '100-step pass chain', steps: 100, runs: RUNS, ours: () => oursRuns(passChainFdl(100), {}, RUNS), asl: () => aslRuns(passChainAsl(100), {}, RUNS) },
    { name: 'foreach/Map over 1,000 items', steps: 1001, runs: 1, ours: () => oursRuns(foreachFdl, items, 1), asl: () => aslRuns(foreachAsl, items, 1) },
    { name: '10-branch parallel', steps: 11, runs: RUNS * 4, ours: () => oursRuns(parallelFdl, {}, RUNS * 4), asl: () => aslRuns(parallelAsl, {}, RUNS * 4) },
    { name: `${SEQ} sequential executions, mocked task`, steps: 1, runs: SEQ, ours: () => oursRuns(taskFdl, {}, SEQ), asl: () => aslRuns(taskAsl, {}, SEQ) },
  ];
  const rows: (string | number)[][] = [];
  for (const w of workloads) {
    const ours = await w.ours();
    const asl = await w.asl();
    const eps = (ms: number) => ((w.runs * 1000) / ms).toFixed(1);
    const sps = (ms: number) => ((w.runs * w.steps * 1000) / ms).toFixed(0);
    rows.push([w.name, eps(ours), eps(asl), sps(ours), sps(asl), (asl / ours).toFixed(2) + '×']);
    console.error(`[bench] ${rows[rows.length - 1].join(' | ')}`);
  }
  console.log('\n### Throughput (ours: every event written to the log, batched; aws-local-stepfunctions: in memory)\n');
  printTable(['workload', 'ours exec/s', 'aws-local-sfn exec/s', 'ours steps/s', 'aws-local-sfn steps/s', 'ours/aws-local-sfn'], rows);

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
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
