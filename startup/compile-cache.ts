/**
 * Loads CommonJS bundles with a V8 code cache, what Node ≥ 22.1 does with
 * `module.enableCompileCache()` and Node 20 (which we support) cannot: most of a start of the CLI or
 * the language server is V8 compiling bundles (docs/cold-start.md). The first run of a bundle
 * compiles it and then stores V8's code for every function the run compiled; later runs hand that
 * code back to V8 instead of compiling again. V8 checks the cache against its own version, its flags
 * and the source, and rejects a stale one (then it is written again), so a cache never changes
 * behaviour.
 *
 * Where: the caller's directory (the language server's, from the extension: a storage directory of
 * ours), else `NODE_COMPILE_CACHE` (Node's own variable) if set, else `<user cache dir>/flow-studio/
 * compile-cache`: a directory of the user's, never a shared temporary one (the cache is code).
 * `NODE_DISABLE_COMPILE_CACHE=1` (Node's too) turns it off. Any failure to read or write the cache
 * only costs the compile it would have saved.
 *
 * A top-level module of its own (Node built-ins only) because both the CLI (engine/) and the
 * language server (server/) load through it, and neither layer may import the other.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

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

/** Compiles `file` with its cache (if any) and runs it as the CommonJS module `module`. */
function runCached(module: NodeJS.Module, file: string, variant: string, cacheDir: string | undefined): CachedRun {
  const source = readFileSync(file, 'utf8');
  // One cache per bundle build and Node: a rebuilt bundle or another Node gets a file of its own,
  // and replaces the one it makes stale.
  const { size, mtimeMs } = statSync(file);
  const prefix = `${basename(file)}-${variant.replace(/[^\w-]/g, '_')}-`;
  const cacheFile = cacheDir && join(cacheDir, `${prefix}${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}.cache`);
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      /* the first run: nothing cached yet */
    }
  }
  const script = new Script(CjsModule.wrap(source), { filename: file, cachedData });
  const stale = cacheFile !== undefined && (!cachedData || script.cachedDataRejected === true);
  module.filename = file;
  module.paths = CjsModule._nodeModulePaths(dirname(file));
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  let written = !stale;
  return {
    write() {
      if (written || !cacheFile) return;
      written = true;
      writeCache(cacheFile, prefix, () => script.createCachedData());
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
