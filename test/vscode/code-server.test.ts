/**
 * The extension-host mocha suites (suite/*.test.ts) in the code-server the e2e suite already uses,
 * so CI runs them without downloading VS Code. VS Code's web workbench takes the development
 * options a desktop window gets from `--extensionDevelopmentPath` / `--extensionTestsPath` from
 * its `payload` query parameter; the paths are `vscode-remote://` URIs on code-server's Node
 * extension host, which loads the extension from the repository (dist/) and runs mocha there.
 * When the suites end, the workbench calls `window.codeAutomationExit(code)`, which the test
 * exposes through playwright. Mocha's report reaches the browser console; it is printed here.
 *
 * A second launch runs the `*.untrusted.ts` suites with Workspace Trust on and the workspace not
 * trusted (Restricted Mode): startCodeServer always passes --disable-workspace-trust, so that launch
 * starts code-server through a two-line wrapper that drops the flag before code-server reads it.
 *
 * A third launch opens a workspace of plain YAML files (plain-yaml-workspace/) and runs the
 * `*.plain-yaml.ts` suites: what activating on a YAML file that is no flow costs and starts.
 *
 * Run from test/e2e/run.mjs (after scripts/e2e-setup.mjs has installed code-server).
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { after, test } from 'node:test';
import { format } from 'node:util';
import * as esbuild from 'esbuild';
import { openBrowser, type OpenBrowser } from '../e2e/browser';
import { startCodeServer, type CodeServer } from '../e2e/code-server';

const repo = resolve(import.meta.dirname, '..', '..');
const results = join(repo, 'test-results', 'vscode');
const entry = join(repo, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const SUITES_TIMEOUT = 5 * 60_000;

let server: CodeServer | undefined;
let browser: OpenBrowser | undefined;
async function closeLaunch(): Promise<void> {
  await browser?.close();
  await server?.stop();
  browser = undefined;
  server = undefined;
}
after(closeLaunch);

interface Launch {
  /** Folder under test-results/ for the workspace copy, the report and the last screenshot. */
  results: string;
  /** The bundled extensionTestsPath module. */
  testsEntry: string;
  /** code-server's entry script (the real one, or the wrapper of the untrusted launch). */
  serverEntry: string;
  settings?: Record<string, unknown>;
  /** The folder copied as the workspace (default: examples/). */
  workspaceFrom?: string;
}

/** One code-server on a fresh copy of examples/ (or `workspaceFrom`), the suites of `testsEntry` run, its exit code and mocha's report. */
async function runSuites(launch: Launch): Promise<{ code: number | 'timeout'; report: string[] }> {
  const { results } = launch;
  rmSync(results, { recursive: true, force: true });
  const workspace = join(results, 'workspace');
  const scratch = join(results, 'scratch');
  mkdirSync(scratch, { recursive: true });
  cpSync(launch.workspaceFrom ?? join(repo, 'examples'), workspace, { recursive: true, filter: (src) => !src.includes(join('examples', '.fdl')) });
  const settings = { ...(JSON.parse(readFileSync(join(repo, 'test', 'vscode', 'settings.json'), 'utf8')) as Record<string, unknown>), ...launch.settings };
  server = await startCodeServer({
    entry: launch.serverEntry,
    scratch,
    workspace,
    settings,
    env: { FLOW_STUDIO_TESTS_IN_CODE_SERVER: '1', FLOW_STUDIO_TEST_WORKSPACE: workspace },
  });
  browser = await openBrowser();

  const report: string[] = [];
  let mochaStarted = false; // before mocha's first (empty) line, the console carries the workbench's own log
  const ended = new Promise<number>((resolveEnd) => {
    void browser!.page.exposeFunction('codeAutomationExit', (code: number) => resolveEnd(code));
  });
  // The workbench forwards the extension host's console (mocha's spec reporter) to this hook.
  await browser.page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
    const line = format(...(args as [unknown, ...unknown[]]));
    mochaStarted ||= line.trim() === '';
    if (!mochaStarted) return;
    report.push(line);
    console.log(`[vscode] ${line}`);
  });

  const remote = (path: string) => `vscode-remote://127.0.0.1:${server!.port}${path}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(repo)],
    ['extensionTestsPath', remote(launch.testsEntry)],
  ]);
  const started = Date.now();
  await browser.page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
  const code = await Promise.race([ended, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), SUITES_TIMEOUT).unref())]);
  writeFileSync(join(results, 'report.txt'), report.join('\n'));
  await browser.page.screenshot({ path: join(results, 'last-window.png') }).catch(() => {});
  console.log(`[vscode] suites ended (${code}) in ${((Date.now() - started) / 1000).toFixed(1)} s; report in ${relative(repo, join(results, 'report.txt'))}`);
  return { code, report };
}

test('the extension-host suites pass in code-server (VS Code 1.100)', { timeout: SUITES_TIMEOUT + 60_000 }, async () => {
  assert.ok(existsSync(entry), `code-server is missing at ${entry}: run \`node scripts/e2e-setup.mjs\` first`);
  assert.ok(existsSync(join(repo, 'dist', 'extension.js')), 'dist/extension.js is missing: run `node esbuild.mjs` first');
  // @ts-expect-error a plain .mjs module without declarations
  const { buildSuites } = (await import('./build-suites.mjs')) as { buildSuites(): Promise<string> };
  const { code, report } = await runSuites({ results, testsEntry: await buildSuites(), serverEntry: entry });
  await closeLaunch();
  assert.notEqual(code, 'timeout', `the suites did not end within ${SUITES_TIMEOUT / 1000} s`);
  assert.equal(code, 0, `the extension-host suites failed (exit ${code}); mocha's report is above and in test-results/vscode/report.txt`);
  assert.ok(
    report.some((l) => /\d+ passing/.test(l)),
    'mocha reported no passing tests',
  );
});

/** Bundles a launch's own mocha entry and its `*<suffix>` suites into .cache/vscode-tests-<name>/. */
async function buildSuffixSuites(name: string, index: string, suffix: string): Promise<string> {
  const outDir = join(repo, '.cache', `vscode-tests-${name}`);
  const suiteDir = join(repo, 'test', 'vscode', 'suite');
  await esbuild.build({
    entryPoints: [
      join(suiteDir, index),
      ...readdirSync(suiteDir)
        .filter((f) => f.endsWith(suffix))
        .map((f) => join(suiteDir, f)),
    ],
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    sourcemap: true,
    logLevel: 'warning',
  });
  return outDir;
}

test('the untrusted-workspace suites pass in code-server with Workspace Trust on', { timeout: SUITES_TIMEOUT + 60_000 }, async () => {
  const untrustedResults = join(repo, 'test-results', 'vscode-untrusted');
  const outDir = await buildSuffixSuites('untrusted', 'untrusted-index.ts', '.untrusted.ts');
  // startCodeServer always passes --disable-workspace-trust; this entry drops it before code-server parses its arguments.
  mkdirSync(outDir, { recursive: true });
  const trustingEntry = join(outDir, 'code-server-with-trust.cjs');
  writeFileSync(trustingEntry, `const i = process.argv.indexOf('--disable-workspace-trust');\nif (i >= 0) process.argv.splice(i, 1);\nrequire(${JSON.stringify(entry)});\n`);
  const { code, report } = await runSuites({
    results: untrustedResults,
    testsEntry: join(outDir, 'untrusted-index.js'),
    serverEntry: trustingEntry,
    // QUIET_SETTINGS turn trust off; here it is on, and the never-trusted folder opens in Restricted Mode without asking.
    settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' },
  });
  await closeLaunch();
  assert.notEqual(code, 'timeout', `the untrusted suites did not end within ${SUITES_TIMEOUT / 1000} s`);
  assert.equal(code, 0, `the untrusted-workspace suites failed (exit ${code}); mocha's report is above and in test-results/vscode-untrusted/report.txt`);
  assert.ok(
    report.some((l) => /\d+ passing/.test(l)),
    'mocha reported no passing tests',
  );
});

test('the plain-YAML-workspace suites pass in code-server', { timeout: SUITES_TIMEOUT + 60_000 }, async () => {
  const outDir = await buildSuffixSuites('plain-yaml', 'plain-yaml-index.ts', '.plain-yaml.ts');
  const { code, report } = await runSuites({
    results: join(repo, 'test-results', 'vscode-plain-yaml'),
    testsEntry: join(outDir, 'plain-yaml-index.js'),
    serverEntry: entry,
    workspaceFrom: join(repo, 'test', 'vscode', 'plain-yaml-workspace'),
  });
  await closeLaunch();
  assert.notEqual(code, 'timeout', `the plain-YAML suites did not end within ${SUITES_TIMEOUT / 1000} s`);
  assert.equal(code, 0, `the plain-YAML-workspace suites failed (exit ${code}); mocha's report is above and in test-results/vscode-plain-yaml/report.txt`);
  assert.ok(
    report.some((l) => /\d+ passing/.test(l)),
    'mocha reported no passing tests',
  );
});
