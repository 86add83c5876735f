/**
 * Loads CommonJS bundles with a V8 code cache, what Node ≥ 22.1 does with
 * `module.enableCompileCache()` and Node 20 (which we support) cannot: most of a start of the CLI or
 * the language server is V8 compiling bundles (docs/cold-start.md). The first run of a bundle
 * compiles it and then stores V8's code for every function the run compiled; later runs hand that
 * code back to V8 instead of compiling again.
 *
 * A cache is used only for the bundle it was made from: its file name holds the bundle's content
 * hash, the Node version, architecture and V8 version, and V8 itself rejects a cache made under
 * other V8 flags or for a source of another length (then it is written again). V8 does not compare
 * the source itself (a cache of another text of the same length is accepted and runs the old code),
 * hence the content hash in the name.
 *
 * Where: the caller's directory (the language server's, from the extension: a storage directory of
 * ours), else `NODE_COMPILE_CACHE` (Node's own variable) if set, else `<user cache dir>/flow-studio/
 * compile-cache`: a directory of the user's, never a shared temporary one (the cache is code). When
 * that holds none, the cache `npm run build` primed beside the bundle (`<bundle dir>/compile-cache`,
 * scripts/prime-compile-cache.mjs) is tried: the .pyc of a build, used only under the same runtime.
 * `NODE_DISABLE_COMPILE_CACHE=1` (Node's too) turns all of it off. Any failure to read or write a
 * cache only costs the compile it would have saved.
 *
 * A top-level module of its own (Node built-ins only) because both the CLI (engine/) and the
 * language server (server/) load through it, and neither layer may import the other.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { debuglog } from 'node:util';
import { Script } from 'node:vm';
import * as zlib from 'node:zlib';

/** Node's module wrapper, search paths and loaders: public, but missing from the type declarations. */
const CjsModule = Module as unknown as {
  new (id: string, parent?: NodeJS.Module): NodeJS.Module;
  wrap(source: string): string;
  _nodeModulePaths(dir: string): string[];
  _extensions: Record<string, (module: NodeJS.Module, filename: string) => void>;
};

export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (env.NODE_COMPILE_CACHE) return env.NODE_COMPILE_CACHE;
  const base = process.platform === 'win32' ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local')) : (env.XDG_CACHE_HOME ?? join(homedir(), '.cache'));
  return join(base, 'flow-studio', 'compile-cache');
}

/** A bundle run from its cache: `write` stores the code compiled so far if the cache was missing or rejected. */
interface CachedRun {
  write(): void;
}

/** `NODE_DEBUG=fdl-compile-cache` says which cache each bundle was loaded with, and whether V8 took it. */
const debug = debuglog('fdl-compile-cache');

/** The directory, beside the bundles, that holds the caches `npm run build` primed. */
export const BUILT_CACHE_DIR = 'compile-cache';

/**
 * The hash of a bundle's content in its cache's name. CRC-32 (zlib's, Node ≥ 20.15: 0.2 ms for the
 * CLI's 1.2 MB) guards against a changed bundle, not against an attacker (who could change the
 * bundle itself); SHA-1 on an older Node 20.
 */
function contentHash(source: Buffer): string {
  const crc32 = (zlib as { crc32?: (data: Buffer) => number }).crc32;
  if (crc32) return crc32(source).toString(16).padStart(8, '0');
  // Required here: loading node:crypto costs 2 ms of every start that needs it for nothing else.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha1').update(source).digest('hex').slice(0, 16);
}

/** The cache file name of `file` with content `source`, used as `variant`, under this runtime. */
export function cacheFileName(file: string, variant: string, source: Buffer): string {
  return `${cachePrefix(file, variant)}${process.version}-${process.arch}-v8_${process.versions.v8.replace(/[^\w.]/g, '_')}-${contentHash(source)}.cache`;
}

function cachePrefix(file: string, variant: string): string {
  return `${basename(file)}-${variant.replace(/[^\w-]/g, '_')}-`;
}

function readCache(path: string | undefined): Buffer | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch {
    return undefined; // not made yet
  }
}

/**
 * Compiles `file` with its cache (if any) and runs it as the CommonJS module `module`. The cache is
 * the user's (in `cacheDir`), else the one the build primed beside the bundle. `write` stores the
 * user's when it was missing or rejected: after a run from the build's cache too, so that it holds
 * what the user's own runs compile (a flow of the other dialect, another step type) besides.
 */
function runCached(module: NodeJS.Module, file: string, variant: string, cacheDir: string | undefined): CachedRun {
  const bytes = readFileSync(file);
  const name = cacheDir === undefined ? undefined : cacheFileName(file, variant, bytes);
  const cacheFile = cacheDir === undefined || name === undefined ? undefined : join(cacheDir, name);
  const own = readCache(cacheFile);
  const builtFile = name && join(dirname(file), BUILT_CACHE_DIR, name);
  const cachedData = own ?? readCache(builtFile);
  const script = new Script(CjsModule.wrap(bytes.toString('utf8')), { filename: file, cachedData });
  if (cachedData === undefined) debug('%s: no cache (%s)', file, cacheFile ?? 'turned off');
  else debug('%s: %s %s', file, script.cachedDataRejected === true ? 'rejected' : 'accepted', own ? cacheFile : builtFile);
  module.filename = file;
  module.paths = CjsModule._nodeModulePaths(dirname(file));
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  let written = own !== undefined && script.cachedDataRejected !== true;
  return {
    write() {
      if (written || !cacheFile) return;
      written = true;
      writeCache(cacheFile, cachePrefix(file, variant), () => script.createCachedData());
    },
  };
}

/**
 * Runs `file` as the CommonJS module it is (its `require`, `module`, `__dirname` its own), and
 * writes its cache at exit. `variant` keeps one cache per use of the bundle (the CLI's command),
 * each holding what that use compiles.
 */
export function requireWithCompileCache(file: string, variant = '', cacheDir = compileCacheDir()): unknown {
  const module = new CjsModule(file, require.main);
  const run = runCached(module, file, variant, cacheDir);
  // At exit the cache holds the code of every function the run compiled, not only the top level.
  process.once('exit', () => run.write());
  return module.exports;
}

/** The bundles loaded through `cacheRequires`; `write` stores their caches (once, when missing or rejected). */
export interface CompileCaches {
  write(): void;
}

/**
 * From now on, a `require` of one of `files` (absolute paths) loads it through its code cache; any
 * other file loads as Node loads it. For a process that may be killed rather than exit (the
 * language server): the caller says when to `write`, e.g. once its first answer is out.
 */
export function cacheRequires(files: readonly string[], variant = '', cacheDir = compileCacheDir()): CompileCaches {
  const runs: CachedRun[] = [];
  if (cacheDir) {
    const load = CjsModule._extensions['.js'];
    CjsModule._extensions['.js'] = function (module, filename) {
      if (!files.includes(filename)) return load.call(this, module, filename);
      runs.push(runCached(module, filename, variant, cacheDir));
    };
  }
  return { write: () => runs.forEach((r) => r.write()) };
}

function writeCache(cacheFile: string, prefix: string, data: () => Buffer): void {
  try {
    const dir = dirname(cacheFile);
    mkdirSync(dir, { recursive: true });
    // Another build's cache of this variant (`test`'s prefix also begins `test-step`'s: the version follows).
    // (Not the file being replaced: the rename replaces it whole, so a concurrent start never finds it missing.)
    const stale = (f: string) => f !== basename(cacheFile) && f.startsWith(prefix) && /^v\d/.test(f.slice(prefix.length)) && f.endsWith('.cache');
    for (const f of readdirSync(dir)) if (stale(f)) rmSync(join(dir, f), { force: true });
    // Written aside and renamed: a concurrent run reads a whole cache or none.
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, data());
    renameSync(partial, cacheFile);
  } catch {
    /* a read-only or full disk: the next run compiles again */
  }
}
