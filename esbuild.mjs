// Bundles the three entry points: the extension (client), the language server, and the CLI.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // JSON schemas are bundled so the server and CLI work from dist/ alone.
  loader: { '.json': 'json' },
};

// elkjs (the flow graph's layout engine, 1.6 MB) stays a file of its own beside the extension,
// required on the first graph drawn, so that activating the extension does not parse it.
const elkApart = {
  name: 'elk-apart',
  setup(build) {
    build.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, () => ({ path: './elk.bundled.js', external: true }));
  },
};

const builds = [
  { ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [elkApart], supported: { 'dynamic-import': false } },
  { ...common, entryPoints: ['node_modules/elkjs/lib/elk.bundled.js'], outfile: 'dist/elk.bundled.js', minify: true, sourcemap: false },
  // The graph's layout thread (client/graph/elk-worker-pool.ts); it requires the same dist/elk.bundled.js.
  { ...common, entryPoints: ['client/graph/elk-worker.ts'], outfile: 'dist/elk-worker.js', plugins: [elkApart], supported: { 'dynamic-import': false } },
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
