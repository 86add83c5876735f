// Primes V8's code cache of the CLI and the language server at build time, as Python compiles .pyc
// files at install: the first `fdl validate` or `fdl run` after a build then starts as fast as a
// later one (docs/cold-start.md). It runs the built bundles on the examples with the cache directory
// set to dist/compile-cache, where startup/compile-cache.ts looks when the user's own cache holds
// none. A cache there is named after its bundle's content hash, the Node version and architecture
// and V8's version, and V8 rejects one made under other flags: under another runtime (the VS Code
// extension host, another Node) it is never used. A failure here costs only that head start.
// Usage: node scripts/prime-compile-cache.mjs (esbuild.mjs runs it after a build).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const cacheDir = join(dist, 'compile-cache');
const flows = join(root, 'examples', 'flows');
const env = { ...process.env, NODE_COMPILE_CACHE: cacheDir, FLOW_STUDIO_COMPILE_CACHE: cacheDir, NODE_DISABLE_COMPILE_CACHE: '' };

function node(args, stdio = 'ignore') {
  return spawn(process.execPath, args, { cwd: root, env, stdio });
}

/** Runs `fdl <args>`; the cache is written at its exit, whatever its exit code (a flow may have findings). */
function cli(args) {
  return new Promise((resolve, reject) => {
    const child = node([join(dist, 'cli.js'), ...args]);
    child.on('error', reject);
    child.on('exit', resolve);
  });
}

/** Starts the language server over stdio, opens a flow, and stops it once it has written its caches. */
function server(file) {
  return new Promise((resolve, reject) => {
    const child = node([join(dist, 'server.js'), '--stdio'], ['pipe', 'pipe', 'ignore']);
    const send = (m) => {
      const body = JSON.stringify(m);
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    const written = () => existsSync(cacheDir) && readdirSync(cacheDir).filter((f) => /-server-.*\.cache$/.test(f)).length >= 2;
    const deadline = Date.now() + 15_000;
    const poll = setInterval(() => {
      if (!written() && Date.now() < deadline) return;
      clearInterval(poll);
      child.kill();
      if (written()) resolve();
      else reject(new Error('the language server wrote no code cache'));
    }, 50);
    let out = '';
    child.stdout.on('data', (b) => {
      if (out === null) return;
      out += String(b);
      if (/"id":1,"result"/.test(out)) {
        out = null;
        send({ jsonrpc: '2.0', method: 'initialized', params: {} });
        const text = readFileSync(file, 'utf8');
        send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: `file://${file}`, languageId: 'fdl', version: 1, text } } });
      }
    });
    child.on('error', reject);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  });
}

export async function primeCompileCache() {
  rmSync(cacheDir, { recursive: true, force: true });
  const store = mkdtempSync(join(tmpdir(), 'fdl-prime-'));
  const sm = join(root, 'examples', 'statemachine', 'flows');
  const flowsIn = (dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.flow.yaml'))
      .map((f) => join(dir, f));
  try {
    await Promise.all([
      // Both dialects, so that the cache holds the checks of each.
      cli(['validate', ...flowsIn(flows), ...flowsIn(sm)]),
      cli([
        'run',
        join(flows, 'batch-thumbnails.flow.yaml'),
        '--input',
        `@${join(flows, 'batch-thumbnails.input.json')}`,
        '--mocks',
        join(flows, 'batch-thumbnails.mocks.yaml'),
        '--store',
        store,
        '--json',
        // Its wait step skipped rather than waited for.
        '--time-scale',
        '0',
      ]),
      cli(['test', join(flows, 'batch-thumbnails.scenario.yaml')]),
      server(join(flows, 'order-approval.flow.yaml')),
    ]);
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  primeCompileCache().catch((e) => {
    console.warn(`[prime-compile-cache] skipped: ${e.message}`);
  });
}
