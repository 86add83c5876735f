// Bundles the extension-host mocha suites (suite/*.ts) into .cache/vscode-tests/ for either runner:
// run.mjs (@vscode/test-electron, a downloaded VS Code) or run-code-server.mjs (the cached code-server).
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const suitesOutDir = join(repoRoot, '.cache', 'vscode-tests');

/**
 * Builds index.js (the extensionTestsPath module) and every suite/*.test.ts beside it (only those
 * whose file name matches the regexp in FLOW_STUDIO_SUITES, when set); returns index.js.
 */
export async function buildSuites() {
  const suiteDir = join(repoRoot, 'test', 'vscode', 'suite');
  const only = process.env.FLOW_STUDIO_SUITES ? new RegExp(process.env.FLOW_STUDIO_SUITES) : undefined;
  // Bundles of an earlier build would run too: index.js loads every *.test.js it finds.
  rmSync(suitesOutDir, { recursive: true, force: true });
  const entries = readdirSync(suiteDir)
    .filter((f) => f === 'index.ts' || (f.endsWith('.test.ts') && (!only || only.test(f))))
    .map((f) => join(suiteDir, f));
  await esbuild.build({
    entryPoints: entries,
    outdir: suitesOutDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    sourcemap: true,
    logLevel: 'warning',
  });
  return join(suitesOutDir, 'index.js');
}
