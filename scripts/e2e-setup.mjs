// Prepares the e2e run: code-server in .cache/code-server (installed once) and a fresh .vsix of the
// current build in .cache/flow-studio.vsix. Builds first when dist/ is missing.
// Usage: node scripts/e2e-setup.mjs
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from './code-server-install.mjs';
import { packageVsix } from './package-vsix.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function e2eSetup() {
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('build failed');
  }
  return { codeServerEntry: ensureCodeServer(), vsix: packageVsix() };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const started = Date.now();
    const r = e2eSetup();
    console.log(`[e2e-setup] ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${r.codeServerEntry}, ${r.vsix}`);
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(1);
  }
}
