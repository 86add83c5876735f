// Bundles the mocha suite and runs it in a VS Code downloaded by @vscode/test-electron.
// Not part of `npm test` (the CI machine cannot download VS Code); see README.md.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(repoRoot, '.cache', 'vscode-tests');
await esbuild.build({
  entryPoints: ['index', 'activation.test', 'run-flow.test'].map((f) => join(repoRoot, 'test', 'vscode', 'suite', `${f}.ts`)),
  outdir: outDir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'mocha'],
  sourcemap: true,
  logLevel: 'warning',
});

// A scratch copy of the examples, trusted, with a fast clock for local runs.
const workspace = mkdtempSync(join(tmpdir(), 'flow-studio-vscode-'));
cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
const userData = mkdtempSync(join(tmpdir(), 'flow-studio-vscode-user-'));
cpSync(join(repoRoot, 'test', 'vscode', 'settings.json'), join(userData, 'settings.json'));
writeFileSync(join(outDir, 'workspace.txt'), workspace);

const code = await runTests({
  version: process.env.VSCODE_VERSION || 'stable',
  extensionDevelopmentPath: repoRoot,
  extensionTestsPath: join(outDir, 'index.js'),
  launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userData}`],
  extensionTestsEnv: { FLOW_STUDIO_TEST_WORKSPACE: workspace },
}).catch((e) => {
  console.error(e);
  return 1;
});
process.exit(code);
