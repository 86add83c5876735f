// The e2e entry point used by `npm test`: prepares code-server and the .vsix (scripts/e2e-setup.mjs),
// then runs the suite with node:test. Set FLOW_STUDIO_SKIP_E2E=1 to skip it (e.g. a machine
// without Chromium); CI does not set it.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
if (process.env.FLOW_STUDIO_SKIP_E2E === '1') {
  console.log('[e2e] skipped: FLOW_STUDIO_SKIP_E2E=1');
  process.exit(0);
}
const t0 = Date.now();
const setup = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'e2e-setup.mjs')], { cwd: repoRoot, stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 1);
const t1 = Date.now();
// While developing: FLOW_STUDIO_E2E_ONLY=<regexp> runs only the browser stages whose names match
// (e.g. "reject|walkthrough"); the full suite (and the extension-host suites) otherwise.
const only = process.env.FLOW_STUDIO_E2E_ONLY;
const files = only
  ? [`--test-name-pattern=${only}`, join('test', 'e2e', 'e2e.test.ts'), join('test', 'e2e', 'zh-cn.test.ts')]
  : [
      join('test', 'e2e', 'e2e.test.ts'),
      // The same extension with VS Code's display language set to Simplified Chinese.
      join('test', 'e2e', 'zh-cn.test.ts'),
      // The extension-host mocha suites of test/vscode, in the same code-server (no VS Code download).
      join('test', 'vscode', 'code-server.test.ts'),
    ];
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files], { cwd: repoRoot, stdio: 'inherit' });
console.log(
  `[e2e] setup ${((t1 - t0) / 1000).toFixed(1)} s, suite ${((Date.now() - t1) / 1000).toFixed(1)} s; screenshots in test-results/e2e/, extension-host report in test-results/vscode/`,
);
process.exit(r.status ?? 1);
