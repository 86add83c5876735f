/**
 * The extension-host mocha suites (suite/*.test.ts) in the code-server the e2e suite already uses,
 * so CI runs them without downloading VS Code. VS Code's web workbench takes the development
 * options a desktop window gets from `--extensionDevelopmentPath` / `--extensionTestsPath` from
 * its `payload` query parameter; the paths are `vscode-remote://` URIs on code-server's Node
 * extension host, which loads the extension from the repository (dist/) and runs mocha there.
 * When the suites end, the workbench calls `window.codeAutomationExit(code)`, which the test
 * exposes through playwright. Mocha's report reaches the browser console; it is printed here.
 *
 * Run from test/e2e/run.mjs (after scripts/e2e-setup.mjs has installed code-server).
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { format } from 'node:util';
import { openBrowser, type OpenBrowser } from '../e2e/browser';
import { startCodeServer, type CodeServer } from '../e2e/code-server';

const repo = resolve(import.meta.dirname, '..', '..');
const results = join(repo, 'test-results', 'vscode');
const entry = join(repo, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const SUITES_TIMEOUT = 5 * 60_000;

let server: CodeServer | undefined;
let browser: OpenBrowser | undefined;
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the extension-host suites pass in code-server (VS Code 1.100)', { timeout: SUITES_TIMEOUT + 60_000 }, async () => {
  assert.ok(existsSync(entry), `code-server is missing at ${entry}: run \`node scripts/e2e-setup.mjs\` first`);
  assert.ok(existsSync(join(repo, 'dist', 'extension.js')), 'dist/extension.js is missing: run `node esbuild.mjs` first');
  // @ts-expect-error a plain .mjs module without declarations
  const { buildSuites } = (await import('./build-suites.mjs')) as { buildSuites(): Promise<string> };
  const testsEntry = await buildSuites();

  rmSync(results, { recursive: true, force: true });
  const workspace = join(results, 'workspace');
  const scratch = join(results, 'scratch');
  mkdirSync(scratch, { recursive: true });
  cpSync(join(repo, 'examples'), workspace, { recursive: true, filter: (src) => !src.includes(join('examples', '.fdl')) });
  const settings = JSON.parse(readFileSync(join(repo, 'test', 'vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
  server = await startCodeServer({ entry, scratch, workspace, settings, env: { FLOW_STUDIO_TESTS_IN_CODE_SERVER: '1', FLOW_STUDIO_TEST_WORKSPACE: workspace } });
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
  const payload = JSON.stringify([['extensionDevelopmentPath', remote(repo)], ['extensionTestsPath', remote(testsEntry)]]);
  const started = Date.now();
  await browser.page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
  const code = await Promise.race([ended, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), SUITES_TIMEOUT).unref())]);
  writeFileSync(join(results, 'report.txt'), report.join('\n'));
  await browser.page.screenshot({ path: join(results, 'last-window.png') }).catch(() => {});
  console.log(`[vscode] suites ended (${code}) in ${((Date.now() - started) / 1000).toFixed(1)} s; report in test-results/vscode/report.txt`);
  assert.notEqual(code, 'timeout', `the suites did not end within ${SUITES_TIMEOUT / 1000} s; code-server log: ${server.logFile}`);
  assert.equal(code, 0, `the extension-host suites failed (exit ${code}); mocha's report is above and in test-results/vscode/report.txt`);
  assert.ok(report.some((l) => /\d+ passing/.test(l)), 'mocha reported no passing tests');
});
