/**
 * The bundles the extension loads only when a feature first needs them, ELK (the graph's layout)
 * and the cloud SDKs, are most of the .vsix; they ship Brotli-compressed (`dist/<name>.br`, made by
 * esbuild.mjs), a quarter smaller than the .vsix's own compression leaves them. On first use the
 * file is decompressed in memory (6–9 ms in a fresh process, beside the 50 ms of loading ELK)
 * and run as the CommonJS module it is, once per process; nothing is written anywhere. Without the
 * `.br` (a `--watch` build) the plain file is required. docs/packaging.md has the measurements.
 */
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compileFunction } from 'node:vm';
import { brotliDecompressSync } from 'node:zlib';

/** Node's module constructor and search paths: public, but missing from the type declarations. */
const CjsModule = Module as unknown as {
  new (id: string, parent?: NodeJS.Module): NodeJS.Module;
  _nodeModulePaths(dir: string): string[];
};

/**
 * The exports of `dist/<name>` (beside the bundle this module is part of), run once per process.
 * It is kept in `require.cache` under the plain file's name, as `require` would keep it, so what
 * looks there (the activation test: no SDK loaded) sees it.
 */
export function requireBundle(name: string, dir: string = __dirname): unknown {
  const file = join(dir, name);
  const cached = require.cache[file];
  if (cached) return cached.exports;
  const packed = `${file}.br`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return existsSync(packed) ? runPacked(file, readFileSync(packed)) : require(file);
}

/** Runs the Brotli-compressed `packed` as the module `file` would be (its own `require`, `__dirname`, stack frames). */
function runPacked(file: string, packed: Buffer): unknown {
  const source = brotliDecompressSync(packed).toString('utf8');
  const module = new CjsModule(file, require.main);
  module.filename = file;
  require.cache[file] = module;
  module.paths = CjsModule._nodeModulePaths(dirname(file));
  try {
    // The module's function, compiled as Node's own loader compiles a CommonJS file.
    const wrapper = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
    wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  } catch (e) {
    delete require.cache[file]; // as require does: the next call tries again
    throw e;
  }
  module.loaded = true;
  return module.exports;
}
