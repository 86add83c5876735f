/**
 * Entry point of the language server: `node dist/server.js --stdio` (or IPC, as VS Code starts it).
 * It loads the server (dist/server-main.js) and the language core (dist/fdl.js) through V8's code
 * cache (startup/compile-cache.ts), so that a start is not spent compiling them again
 * (docs/cold-start.md). The cache goes to FLOW_STUDIO_COMPILE_CACHE (the extension passes a storage
 * directory of its own), else where the CLI keeps its own. A server is killed rather than exits, so
 * the cache is written once its first diagnostics are out, when idle.
 */
import { join } from 'node:path';
import { cacheRequires, compileCacheDir } from '../startup/compile-cache';
import type { runServer } from './server-main';

/** After the first diagnostics, how long the server waits before it writes the cache (it answers nothing meanwhile). */
const WRITE_AFTER_MS = 200;

const serverMain = join(__dirname, 'server-main.js');
const cacheDir = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : process.env.FLOW_STUDIO_COMPILE_CACHE || compileCacheDir();
// yaml is a file of its own, required when first needed (esbuild.mjs, LAZY_MODULES): often not by the first diagnostics.
const caches = cacheRequires([serverMain, join(__dirname, 'fdl.js'), join(__dirname, 'yaml.js')], 'server', cacheDir);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle beside this one, loaded through the cache above
const server = require(serverMain) as { runServer: typeof runServer };
// Parses run in a worker thread (parse-worker.ts), bundled beside this file.
server.runServer(join(__dirname, 'parse-worker.js'), {
  afterFirstDiagnostics: () => setTimeout(() => caches.write(), WRITE_AFTER_MS),
});
