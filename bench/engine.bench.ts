/**
 * Engine benchmark (issue 3): our embedded engine (durable: every event appended and fsync'ed)
 * against aws-local-stepfunctions (in memory, no history) on equivalent workloads, in one run.
 * Run: `npm run bench:engine` (BENCH_SEQ=10000 for the full sequential count).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StateMachine } from 'aws-local-stepfunctions';
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
const callbackFdl = `version: v1
type: flow
steps:
  - type: task
    name: approve
    resourceArn: acs:fc:::services/shop/functions/ask
    pattern: waitForCallback
    inputMappings:
      - target: token
        source: $context.task.token
`;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

function newBackend(): { backend: LocalBackend; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fdl-bench-'));
  const backend = new LocalBackend({ storeDir: dir, timeScale: 0, invokers: [new MockInvoker({ tasks: { '*': [{ output: { paid: true } }] } })] });
  return { backend, dir };
}

async function oursRuns(definition: string, input: unknown, runs: number, concurrent = 1): Promise<number> {
  const { backend, dir } = newBackend();
  await backend.open();
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
  console.log('\n### Throughput (ours durable with fsync per event; aws-local-stepfunctions in memory)\n');
  printTable(['workload', 'ours exec/s', 'aws-local-sfn exec/s', 'ours steps/s', 'aws-local-sfn steps/s', 'ours/aws-local-sfn'], rows);

  // 1,000 executions waiting for callbacks at once, then approved.
  const { backend, dir } = newBackend();
  await backend.open();
  const tokens: string[] = [];
  backend.onEvent((_f, _e, ev) => {
    if (ev.type === 'TaskScheduled' && ev.eventDetail) {
      const d = JSON.parse(ev.eventDetail);
      if (d.taskToken) tokens.push(d.taskToken);
    }
  });
  global.gc?.();
  const base = process.memoryUsage().rss;
  peakRss = base;
  const t0 = performance.now();
  const started = await Promise.all(Array.from({ length: 1000 }, (_, i) => backend.startExecution({ flowName: 'cb', definition: callbackFdl, executionName: `w${i}`, input: '{}' })));
  while (tokens.length < 1000) await new Promise((r) => setTimeout(r, 10));
  const waitingMs = performance.now() - t0;
  const waitingRss = process.memoryUsage().rss;
  const t1 = performance.now();
  for (const t of tokens) await backend.reportTaskSucceeded(t, '{"approved":true}');
  const done = await Promise.all(started.map((s) => backend.waitForExecution('cb', s.name)));
  const approveMs = performance.now() - t1;
  if (done.some((d) => d.status !== 'Succeeded')) throw new Error('not all approved executions succeeded');
  backend.close();
  rmSync(dir, { recursive: true, force: true });
  console.log('\n### 1,000 concurrent executions waiting for callbacks\n');
  printTable(
    ['metric', 'value'],
    [
      ['time until all 1,000 wait (ms)', waitingMs.toFixed(0)],
      ['RSS of the whole process while all wait (MB)', (waitingRss / 2 ** 20).toFixed(0)],
      ['RSS added by the 1,000 waiting executions (MB)', ((waitingRss - base) / 2 ** 20).toFixed(0)],
      ['peak RSS during the test (MB)', (peakRss / 2 ** 20).toFixed(0)],
      ['approve all 1,000 and finish (ms)', approveMs.toFixed(0)],
    ],
  );
  clearInterval(sampler);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
