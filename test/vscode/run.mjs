// Bundles the mocha suite and runs it in a VS Code downloaded by @vscode/test-electron, for
// contributors whose machine can download VS Code. CI runs the same suites in code-server instead
// (code-server.test.ts, from test/e2e/run.mjs); see README.md.
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildSuites, repoRoot } from './build-suites.mjs';

const extensionTestsPath = await buildSuites();

// A scratch copy of the examples, trusted, with a fast clock for local runs.
const workspace = mkdtempSync(join(tmpdir(), 'flow-studio-vscode-'));
cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
const userData = mkdtempSync(join(tmpdir(), 'flow-studio-vscode-user-'));
mkdirSync(join(userData, 'User'), { recursive: true });
cpSync(join(repoRoot, 'test', 'vscode', 'settings.json'), join(userData, 'User', 'settings.json'));

const code = await runTests({
  version: process.env.VSCODE_VERSION || 'stable',
  extensionDevelopmentPath: repoRoot,
  extensionTestsPath,
  launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userData}`],
  extensionTestsEnv: { FLOW_STUDIO_TEST_WORKSPACE: workspace },
}).catch((e) => {
  console.error(e);
  return 1;
});
process.exit(code);
