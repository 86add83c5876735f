// Bundles the three entry points: the extension (client), the language server, and the CLI.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Minified (names kept, so error names and stacks still read): the .vsix stays small and loads
  // fast. The source maps (left out of the .vsix) map back to the sources.
  minify: true,
  keepNames: true,
  logLevel: 'warning',
  // JSON schemas are bundled so the server and CLI work from dist/ alone.
  loader: { '.json': 'json' },
};

const builds = [
  { ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/main.ts'], outfile: 'dist/server.js' },
  // The server's parse worker (a worker thread of dist/server.js), small so that it starts fast.
  { ...common, entryPoints: ['server/parse-worker-main.ts'], outfile: 'dist/parse-worker.js' },
  { ...common, entryPoints: ['engine/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The FC Node.js runtime the local code invoker starts as a child process (`node dist/fc-node-runtime.js`).
  { ...common, entryPoints: ['engine/invokers/local-runtime/fc-node-runtime.js'], outfile: 'dist/fc-node-runtime.js', sourcemap: false },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
