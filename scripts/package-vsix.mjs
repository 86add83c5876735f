// Packages the extension into .cache/flow-studio.vsix with @vscode/vsce (a pinned devDependency),
// then deflates its entries again with Zopfli (scripts/zopfli-vsix.mjs). The bundles in dist/ carry
// every runtime dependency, so node_modules is left out (--no-dependencies).
// Usage: node scripts/package-vsix.mjs   (expects `npm run build` to have run; prints the .vsix path)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function packageVsix(out = join(repoRoot, '.cache', 'flow-studio.vsix')) {
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `npm run build` first');
  }
  // The .vsix holds ELK and the cloud SDKs only as their Brotli files, which `--watch` does not make.
  for (const f of ['elk.bundled.js.br', 'cloud-sdks.js.br']) {
    if (!existsSync(join(repoRoot, 'dist', f))) throw new Error(`dist/${f} is missing: run \`npm run build\` (a --watch build does not make it)`);
  }
  mkdirSync(dirname(out), { recursive: true });
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const started = Date.now();
  // The Marketplace page is MARKETPLACE.md (what a user needs), packed as the extension's readme.md;
  // README.md stays the repository's, for developers. vsce rewrites its relative links and images
  // (docs/screenshots/…, which the .vsix leaves out) to the package.json `repository` on GitHub, the
  // one place their URLs come from, so the Marketplace page shows the screenshots.
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--readme-path', 'MARKETPLACE.md', '--out', out], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status})`);
  // Its entries deflated again, smaller (scripts/zopfli-vsix.mjs).
  const z = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'zopfli-vsix.mjs'), out], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (z.status !== 0) throw new Error(`recompressing the .vsix failed (exit ${z.status})`);
  // (vsce's "Packaged" line gives the size before that.)
  console.log(`[package-vsix] ${out}: ${(statSync(out).size / 1024 / 1024).toFixed(2)} MB, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(packageVsix(process.argv[2] ? resolve(process.argv[2]) : undefined));
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(1);
  }
}
