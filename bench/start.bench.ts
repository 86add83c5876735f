/**
 * Start-up a user waits for when opening a flow: the language server (spawn → initialize answered →
 * first diagnostics, over stdio) side by side with yaml-language-server's on the same flow (the
 * reference an editor of YAML files already pays; it reads no schema here), and the extension's
 * bundle load: dist/extension.js read, compiled and evaluated in a fresh node process, which is what
 * activation costs before activate() runs. VS Code alone provides the `vscode` module, so the
 * bundle gets an empty stand-in for it: nothing of it is called at load. Each row runs in fresh
 * processes, interleaved, with bare `node -e 0` beside them. Needs `npm run build` first.
 * BENCH_START_RUNS sets the runs per row (default 15); BENCH_BASELINE_DIST=<another build's dist/>
 * loads that build's extension bundle and starts its server beside this one's (how the README's
 * before/after was measured). Our server runs with a code cache of the bench's own, filled by the
 * warm-up run (server/main.ts); as the first start after `npm run build` (its own cache empty: the
 * one the build primed for this Node, scripts/prime-compile-cache.mjs); and without any (what the
 * very first start pays where the build's cache does not fit, as in VS Code's extension host).
 * Run: `npm run bench:start`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lspStart, type LspStart } from './lsp-start';
import { fmtMs, printTable } from './measure';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_START_RUNS ?? 15);
const FLOW = readFileSync(join(ROOT, 'examples', 'flows', 'order-approval.flow.yaml'), 'utf8');
/** Another build's dist/ (e.g. of an earlier commit) to load beside this one. */
const BASELINE = process.env.BENCH_BASELINE_DIST;
const dir = mkdtempSync(join(tmpdir(), 'fdl-start-'));
/** The server's code cache (server/main.ts), written by the warm-up run. */
const compileCache = join(dir, 'compile-cache');

/** A node process that requires the extension's bundle with `vscode` resolved to an inert stand-in, and prints how long the require took. */
function bundleLoadScript(distDir: string, name: string): string {
  const stand = join(dir, 'vscode.js');
  writeFileSync(
    stand,
    // Any property at any depth is a class, so the bundle's `class … extends vscode.X` and property reads at load succeed.
    "const make = () => new Proxy(class {}, { get: (t, k) => (k === 'prototype' ? t.prototype : k === '__esModule' ? true : (t[k] ??= make())) });\nmodule.exports = make();\n",
  );
  const script = join(dir, `load-${name}.js`);
  writeFileSync(
    script,
    `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? ${JSON.stringify(stand)} : resolve.call(this, request, ...rest); };
const t0 = process.hrtime.bigint();
require(${JSON.stringify(join(distDir, 'extension.js'))});
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));
`,
  );
  return script;
}

function timed(args: string[]): { wall: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { wall: performance.now() - t0, stdout: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const load = bundleLoadScript(join(ROOT, 'dist'), 'this');
  const baseline = BASELINE ? bundleLoadScript(BASELINE, 'baseline') : undefined;
  const yamlServer = require.resolve('yaml-language-server/bin/yaml-language-server');
  const rows = {
    bare: [] as number[],
    loadWall: [] as number[],
    loadRequire: [] as number[],
    baseline: [] as number[],
    ours: [] as LspStart[],
    afterBuild: [] as LspStart[],
    uncached: [] as LspStart[],
    baselineServer: [] as LspStart[],
    yaml: [] as LspStart[],
  };
  for (let i = 0; i < RUNS + 1; i++) {
    const bare = timed(['-e', '0']).wall;
    const loaded = timed([load]);
    const before = baseline ? Number(timed([baseline]).stdout) : 0;
    const ours = await lspStart(
      [join(ROOT, 'dist', 'server.js'), '--stdio'],
      { uri: 'file:///order-approval.flow.yaml', languageId: 'fdl', text: FLOW },
      { diagnosticsDelayMs: 0 },
      // The warm-up run lives on until it has written its code cache (server/main.ts).
      { env: { ...process.env, FLOW_STUDIO_COMPILE_CACHE: compileCache, NODE_DISABLE_COMPILE_CACHE: '' }, lingerMs: i === 0 ? 1000 : 0 },
    );
    const beforeServer = BASELINE
      ? await lspStart(
          [join(BASELINE, 'server.js'), '--stdio'],
          { uri: 'file:///order-approval.flow.yaml', languageId: 'fdl', text: FLOW },
          { diagnosticsDelayMs: 0 },
          { env: { ...process.env, FLOW_STUDIO_COMPILE_CACHE: join(dir, 'baseline-compile-cache'), NODE_DISABLE_COMPILE_CACHE: '' }, lingerMs: i === 0 ? 1000 : 0 },
        )
      : undefined;
    const afterBuild = await lspStart(
      [join(ROOT, 'dist', 'server.js'), '--stdio'],
      { uri: 'file:///order-approval.flow.yaml', languageId: 'fdl', text: FLOW },
      { diagnosticsDelayMs: 0 },
      { env: { ...process.env, FLOW_STUDIO_COMPILE_CACHE: join(dir, `empty-cache-${i}`), NODE_DISABLE_COMPILE_CACHE: '' } },
    );
    const uncached = await lspStart(
      [join(ROOT, 'dist', 'server.js'), '--stdio'],
      { uri: 'file:///order-approval.flow.yaml', languageId: 'fdl', text: FLOW },
      { diagnosticsDelayMs: 0 },
      { env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } },
    );
    const yaml = await lspStart([yamlServer, '--stdio'], { uri: 'file:///order-approval.flow.yaml', languageId: 'yaml', text: FLOW });
    if (i === 0) continue; // warm-up: the file cache
    rows.bare.push(bare);
    rows.loadWall.push(loaded.wall);
    rows.loadRequire.push(Number(loaded.stdout));
    rows.baseline.push(before);
    if (beforeServer) rows.baselineServer.push(beforeServer);
    rows.ours.push(ours);
    rows.afterBuild.push(afterBuild);
    rows.uncached.push(uncached);
    rows.yaml.push(yaml);
  }
  const ms = (x: number) => `${fmtMs(x)} ms`;
  console.log(
    `Start-up, ${RUNS} runs each (medians), node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  printTable(
    ['language server (stdio)', 'spawn → initialize answered', 'spawn → first diagnostics'],
    [
      ['Flow Studio (dist/server.js)', ms(median(rows.ours.map((r) => r.initialized))), ms(median(rows.ours.map((r) => r.diagnostics)))],
      ['the first start after a build (the build’s cache)', ms(median(rows.afterBuild.map((r) => r.initialized))), ms(median(rows.afterBuild.map((r) => r.diagnostics)))],
      ['the same without any code cache (a first start in VS Code)', ms(median(rows.uncached.map((r) => r.initialized))), ms(median(rows.uncached.map((r) => r.diagnostics)))],
      ...(BASELINE ? [[`${BASELINE}/server.js`, ms(median(rows.baselineServer.map((r) => r.initialized))), ms(median(rows.baselineServer.map((r) => r.diagnostics)))]] : []),
      ['yaml-language-server', ms(median(rows.yaml.map((r) => r.initialized))), ms(median(rows.yaml.map((r) => r.diagnostics)))],
    ],
  );
  printTable(
    ['extension', 'median'],
    [
      ['require(dist/extension.js): read, compile, evaluate', ms(median(rows.loadRequire))],
      ...(BASELINE ? [[`the same, ${BASELINE}/extension.js`, ms(median(rows.baseline))]] : []),
      ['the same as a whole process', ms(median(rows.loadWall))],
      ['node -e 0', ms(median(rows.bare))],
    ],
  );
  console.log(
    `First diagnostics / node -e 0: ${(median(rows.ours.map((r) => r.diagnostics)) / median(rows.bare)).toFixed(2)}× (first start after a build ${(median(rows.afterBuild.map((r) => r.diagnostics)) / median(rows.bare)).toFixed(2)}×, without any code cache ${(median(rows.uncached.map((r) => r.diagnostics)) / median(rows.bare)).toFixed(2)}×)`,
  );
  rmSync(dir, { recursive: true, force: true });
}

void main();
