/**
 * Cold start (issue: "within 2x of bare node"): whole processes, as a user starts them, against
 * `node -e 0` on the same machine in the same run, interleaved so drift hits every row alike.
 * Rows: `fdl validate` of a one-step flow, `fdl run` of a one-step mocked flow (durable store),
 * each as a user runs it again (V8's code cache of the CLI filled by an earlier run,
 * startup/compile-cache.ts) and as the very first run after an install (an empty cache), and the
 * language server from spawn to its first diagnostics for an opened flow.
 * Needs `npm run build` first. BENCH_COLD_RUNS sets the runs per row (default 15).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lspStart } from './lsp-start';
import { fmtMs, printTable } from './measure';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SERVER = join(ROOT, 'dist', 'server.js');
const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 15);

const dir = mkdtempSync(join(tmpdir(), 'fdl-cold-'));
const flow = join(dir, 'one.flow.yaml');
writeFileSync(flow, 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: hello\n    resourceArn: acs:fc:::services/demo/functions/hello\n');
const mocks = join(dir, 'mocks.yaml');
writeFileSync(mocks, 'tasks:\n  hello:\n    - output: {greeting: hi}\n');

// The bench's own compile cache: a run's figures never depend on what the user's cache holds.
const compileCache = join(dir, 'compile-cache');

function timed(args: string[], cache = compileCache): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NODE_COMPILE_CACHE: cache, NODE_DISABLE_COMPILE_CACHE: '' } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
}

/** Spawn → initialize answered → didOpen → the first publishDiagnostics, over stdio. */
async function serverFirstDiagnostics(): Promise<number> {
  const start = await lspStart(
    [SERVER, '--stdio'],
    { uri: 'file:///one.flow.yaml', languageId: 'fdl', text: 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n' },
    { diagnosticsDelayMs: 0 },
    // Its code cache beside the CLI's; it is written once the first diagnostics are out (server/main.ts).
    { env: { ...process.env, FLOW_STUDIO_COMPILE_CACHE: compileCache, NODE_DISABLE_COMPILE_CACHE: '' }, lingerMs: 300 },
  );
  return start.diagnostics;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const rows: Record<string, number[]> = { bare: [], validate: [], run: [], validateFirst: [], runFirst: [], server: [] };
  let n = 0;
  for (let i = 0; i < RUNS + 1; i++) {
    const bare = timed(['-e', '0']);
    const validate = timed([CLI, 'validate', flow]);
    const run = timed([CLI, 'run', flow, '--mocks', mocks, '--store', join(dir, `store${n++}`), '--json']);
    const validateFirst = timed([CLI, 'validate', flow], join(dir, `empty-cache${n}`));
    const runFirst = timed([CLI, 'run', flow, '--mocks', mocks, '--store', join(dir, `store${n++}`), '--json'], join(dir, `empty-cache${n}`));
    const server = await serverFirstDiagnostics();
    if (i === 0) continue; // warm-up: the file cache
    rows.bare.push(bare);
    rows.validate.push(validate);
    rows.run.push(run);
    rows.validateFirst.push(validateFirst);
    rows.runFirst.push(runFirst);
    rows.server.push(server);
  }
  const bare = median(rows.bare);
  const row = (name: string, xs: number[]) => [name, `${fmtMs(median(xs))} ms`, `${(median(xs) / bare).toFixed(2)}×`];
  console.log(`Cold start, ${RUNS} runs each (median wall time), node ${process.version}`);
  printTable(
    ['process', 'median', 'vs node -e 0'],
    [
      ['node -e 0', `${fmtMs(bare)} ms`, '1.00×'],
      row('fdl validate (one step)', rows.validate),
      row('fdl run (one mocked task, durable)', rows.run),
      row('fdl validate, first run (empty code cache)', rows.validateFirst),
      row('fdl run, first run (empty code cache)', rows.runFirst),
      row('language server: spawn → first diagnostics', rows.server),
    ],
  );
  rmSync(dir, { recursive: true, force: true });
}

void main();
