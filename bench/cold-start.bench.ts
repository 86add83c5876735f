/**
 * Cold start (issue: "within 2x of bare node"): whole processes, as a user starts them, against
 * `node -e 0` on the same machine in the same run, interleaved so drift hits every row alike.
 * Rows: `fdl validate` of a one-step flow, `fdl run` of a one-step mocked flow (durable store), and
 * the language server from spawn to its first diagnostics for an opened flow, each
 * - as a user starts it again (V8's code cache filled by an earlier run, startup/compile-cache.ts);
 * - as the first run after `npm run build` (the user's cache empty; the build primed one beside the
 *   bundles for this Node, scripts/prime-compile-cache.mjs);
 * - with no cache that fits: the bundles copied without the build's cache, the user's cache empty:
 *   a first run under another Node than the build's, and the language server's first start under
 *   VS Code (the extension host's V8 is not the build's node's). It writes its cache as a real one does.
 * Needs `npm run build` first. BENCH_COLD_RUNS sets the runs per row (default 15).
 * BENCH_BASELINE_DIST=<another build's dist/> (its l10n/ beside it) adds that build's rows, interleaved
 * with these (how the README's before/after was measured): started again (its own cache), the first
 * run after its build (when its dist/ holds the cache its build primed) and with no cache that fits.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lspStart } from './lsp-start';
import { fmtMs, printTable } from './measure';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 15);
const BASELINE = process.env.BENCH_BASELINE_DIST;

const dir = mkdtempSync(join(tmpdir(), 'fdl-cold-'));
/** The bundles without the build's cache: what runs where that cache does not fit. */
const bare = join(dir, 'elsewhere', 'dist');
mkdirSync(bare, { recursive: true });
for (const f of readdirSync(join(ROOT, 'dist'))) if (f.endsWith('.js')) copyFileSync(join(ROOT, 'dist', f), join(bare, f));
symlinkSync(join(ROOT, 'l10n'), join(dir, 'elsewhere', 'l10n')); // the language core reads its translations from ../l10n
const CLI = join(ROOT, 'dist', 'cli.js');
const SERVER = join(ROOT, 'dist', 'server.js');
const flow = join(dir, 'one.flow.yaml');
writeFileSync(flow, 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: hello\n    resourceArn: acs:fc:::services/demo/functions/hello\n');
const mocks = join(dir, 'mocks.yaml');
writeFileSync(mocks, 'tasks:\n  hello:\n    - output: {greeting: hi}\n');

// The bench's own compile cache: a run's figures never depend on what the user's cache holds.
const compileCache = join(dir, 'compile-cache');
const baselineCache = join(dir, 'baseline-compile-cache');
/** The baseline's bundles without its build's cache (as `bare` is for this build's). */
const baselineBare = join(dir, 'baseline', 'dist');
if (BASELINE) {
  mkdirSync(baselineBare, { recursive: true });
  for (const f of readdirSync(BASELINE)) if (f.endsWith('.js')) copyFileSync(join(BASELINE, f), join(baselineBare, f));
  symlinkSync(join(BASELINE, '..', 'l10n'), join(dir, 'baseline', 'l10n'));
}
const baselineBuilt = BASELINE !== undefined && existsSync(join(BASELINE, 'compile-cache'));

function timed(args: string[], cache = compileCache): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NODE_COMPILE_CACHE: cache, NODE_DISABLE_COMPILE_CACHE: '' } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
}

/** Spawn → initialize answered → didOpen → the first publishDiagnostics, over stdio. */
async function serverFirstDiagnostics(server = SERVER, cache = compileCache): Promise<number> {
  const start = await lspStart(
    [server, '--stdio'],
    { uri: 'file:///one.flow.yaml', languageId: 'fdl', text: 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n' },
    { diagnosticsDelayMs: 0 },
    // Its code cache beside the CLI's; it is written once the first diagnostics are out (server/main.ts).
    { env: { ...process.env, FLOW_STUDIO_COMPILE_CACHE: cache, NODE_DISABLE_COMPILE_CACHE: '' }, lingerMs: 300 },
  );
  return start.diagnostics;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const rows: Record<string, number[]> = {};
  const push = (k: string, x: number) => (rows[k] ??= []).push(x);
  let n = 0;
  const runArgs = (cli: string) => [cli, 'run', flow, '--mocks', mocks, '--store', join(dir, `store${n++}`), '--json'];
  const empty = () => join(dir, `empty-cache${n++}`);
  for (let i = 0; i < RUNS + 1; i++) {
    const t = {
      bare: timed(['-e', '0']),
      validate: timed([CLI, 'validate', flow]),
      run: timed(runArgs(CLI)),
      server: await serverFirstDiagnostics(),
      validateBuilt: timed([CLI, 'validate', flow], empty()),
      runBuilt: timed(runArgs(CLI), empty()),
      serverBuilt: await serverFirstDiagnostics(SERVER, empty()),
      validateNone: timed([join(bare, 'cli.js'), 'validate', flow], empty()),
      runNone: timed(runArgs(join(bare, 'cli.js')), empty()),
      serverNone: await serverFirstDiagnostics(join(bare, 'server.js'), empty()),
      ...(BASELINE
        ? {
            validateBaselineAgain: timed([join(BASELINE, 'cli.js'), 'validate', flow], baselineCache),
            runBaselineAgain: timed(runArgs(join(BASELINE, 'cli.js')), baselineCache),
            serverBaselineAgain: await serverFirstDiagnostics(join(BASELINE, 'server.js'), baselineCache),
            ...(baselineBuilt
              ? {
                  validateBaselineBuilt: timed([join(BASELINE, 'cli.js'), 'validate', flow], empty()),
                  runBaselineBuilt: timed(runArgs(join(BASELINE, 'cli.js')), empty()),
                  serverBaselineBuilt: await serverFirstDiagnostics(join(BASELINE, 'server.js'), empty()),
                }
              : {}),
            validateBaseline: timed([join(baselineBare, 'cli.js'), 'validate', flow], empty()),
            runBaseline: timed(runArgs(join(baselineBare, 'cli.js')), empty()),
            serverBaseline: await serverFirstDiagnostics(join(baselineBare, 'server.js'), empty()),
          }
        : {}),
    };
    if (i === 0) continue; // warm-up: the file cache, and the code cache of the first rows
    for (const [k, x] of Object.entries(t)) push(k, x);
  }
  const bareMs = median(rows.bare);
  const row = (name: string, k: string) => [name, `${fmtMs(median(rows[k]))} ms`, `${(median(rows[k]) / bareMs).toFixed(2)}×`];
  console.log(
    `Cold start, ${RUNS} runs each (median wall time), node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  printTable(
    ['process', 'median', 'vs node -e 0'],
    [
      ['node -e 0', `${fmtMs(bareMs)} ms`, '1.00×'],
      row('fdl validate (one step)', 'validate'),
      row('fdl run (one mocked task, durable)', 'run'),
      row('language server: spawn → first diagnostics', 'server'),
      row('fdl validate, first run after a build (the build’s cache)', 'validateBuilt'),
      row('fdl run, first run after a build', 'runBuilt'),
      row('language server, first start after a build (same Node)', 'serverBuilt'),
      row('fdl validate, no cache that fits (another Node)', 'validateNone'),
      row('fdl run, no cache that fits', 'runNone'),
      row('language server, no cache that fits (first start in VS Code)', 'serverNone'),
      ...(BASELINE
        ? [
            row(`${BASELINE}: fdl validate`, 'validateBaselineAgain'),
            row(`${BASELINE}: fdl run`, 'runBaselineAgain'),
            row(`${BASELINE}: language server`, 'serverBaselineAgain'),
            ...(baselineBuilt
              ? [
                  row(`${BASELINE}: fdl validate, first run after its build`, 'validateBaselineBuilt'),
                  row(`${BASELINE}: fdl run, first run after its build`, 'runBaselineBuilt'),
                  row(`${BASELINE}: language server, first start after its build`, 'serverBaselineBuilt'),
                ]
              : []),
            row(`${BASELINE}: fdl validate, no cache that fits`, 'validateBaseline'),
            row(`${BASELINE}: fdl run, no cache that fits`, 'runBaseline'),
            row(`${BASELINE}: language server, no cache that fits`, 'serverBaseline'),
          ]
        : []),
    ],
  );
  rmSync(dir, { recursive: true, force: true });
}

void main();
