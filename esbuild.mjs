// Bundles the entry points: the extension (client), the language server, its parse worker, the CLI
// and the Function Compute runtime stand-in.
//
// The extension and the language server both hold the whole language core (fdl/: the parser, the
// schemas, ajv, re2js, yaml, ~0.7 MB minified). Rather than a copy in each, both load it from one
// shared bundle, dist/fdl.js: an import of an fdl/ module from outside fdl/ becomes
// `require('./fdl.js')['fdl/<module>']`, and dist/fdl.js holds every fdl/ module under that key,
// evaluated on first use (one instance per process, as in a single bundle), `yaml` under its own
// name (the extension's engine reads mocks and scenarios with it; from dist/yaml.js, LAZY_MODULES), and
// the LSP protocol the language client and server share (LSP_SHARED). A new fdl/ file needs a
// restart of --watch. The CLI is self-contained; the parse worker holds the few fdl/ modules it runs
// (it starts faster without the whole core) and requires yaml from dist/yaml.js too.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

const root = dirname(fileURLToPath(import.meta.url));
const requireHere = createRequire(import.meta.url);
const fdlDir = join(root, 'fdl');
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

// elkjs (the flow graph's layout engine, 1.5 MB) and the cloud SDKs stay files of their own, read
// on the first graph drawn or the first use of the cloud, so that activating the extension does
// not parse them. Most of the .vsix, they ship Brotli-compressed (dist/<file>.br): the extension's
// bundles require them through client/brotli-bundle.ts, which decompresses them in memory
// (docs/packaging.md). The CLI keeps requiring dist/cloud-sdks.js (CLOUD_SDKS below).
const brotliBundle = join(root, 'client', 'brotli-bundle.ts');
const packedApart = {
  name: 'packed-apart',
  setup(build) {
    const load = (file) => `require(${JSON.stringify(brotliBundle)}).requireBundle(${JSON.stringify(file)})`;
    build.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, () => ({ path: 'elk', namespace: 'packed' }));
    build.onResolve({ filter: /^@(alicloud|darabonba)\// }, (args) => (CLOUD_SDKS.includes(args.path) ? { path: args.path, namespace: 'packed' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'packed' }, (args) => ({
      contents: `module.exports = ${args.path === 'elk' ? load('elk.bundled.js') : `${load('cloud-sdks.js')}[${JSON.stringify(args.path)}]`};`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};
const PACKED_FILES = ['dist/elk.bundled.js', 'dist/cloud-sdks.js'];

// The cloud SDKs (client/cloud/cloud-sdks.ts requires each on first use) stay a file of their own,
// dist/cloud-sdks.js, so that activating the extension neither reads nor compiles them.
const CLOUD_SDKS = [
  '@alicloud/credentials',
  '@alicloud/fc-open20210406',
  '@alicloud/fc20230330',
  '@alicloud/openapi-client',
  '@alicloud/openapi-core',
  '@alicloud/fnf-2019-03-15',
  '@alicloud/tea-util',
  '@darabonba/typescript',
];
const cloudSdksApart = {
  name: 'cloud-sdks-apart',
  setup(build) {
    build.onResolve({ filter: /^@(alicloud|darabonba)\// }, (args) => (CLOUD_SDKS.includes(args.path) ? { path: args.path, namespace: 'cloud-sdks' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'cloud-sdks' }, (args) => ({
      contents: `module.exports = require('./cloud-sdks.js')[${JSON.stringify(args.path)}];`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

// The translation bundles (l10n/bundle.l10n.<locale>.json, which fdl/translations.ts imports) are read
// when a text is first translated, not when the bundle is evaluated: English needs none, and reading
// and parsing the 235 KB Chinese one took 2–6 ms of every start (docs/cold-start.md). An import of one
// becomes an object that stands for it (a Proxy: every read, `in` and key listing goes to the bundle,
// loaded on the first). The bundle stays a file of its own beside dist/ (the .vsix ships them for
// vscode.l10n anyway), which the shared language core, the parse worker and the CLI require from there
// instead of each holding a copy (the CLI held its text as a string: a quarter of its bundle, pre-parsed
// at every start; docs/cold-start.md).
const L10N_BUNDLE = /(^|\/)l10n\/bundle\.l10n\.[^/]+\.json$/;
const l10nApart = {
  name: 'lazy-l10n',
  setup(build) {
    build.onResolve({ filter: L10N_BUNDLE }, (args) =>
      args.namespace === 'lazy-l10n' ? { path: args.path, external: true } : { path: resolve(args.resolveDir, args.path), namespace: 'lazy-l10n' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-l10n' }, (args) => {
      const read = `require(${JSON.stringify(`../l10n/${basename(args.path)}`)})`;
      return {
        contents: `let real;
const load = () => (real ??= ${read});
const standIn = new Proxy({}, {
  get: (_, k) => load()[k],
  has: (_, k) => k in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, k) => Reflect.getOwnPropertyDescriptor(load(), k),
});
module.exports = { __esModule: true, default: standIn };
`,
        loader: 'js',
        resolveDir: root,
      };
    });
  },
};

// Packages evaluated on first use rather than at start, from a file of their own beside the bundles
// (dist/<file>.js, one per group below): an import of one becomes an object of getters that requires
// that file when first read, so a start that never uses it neither reads, parses nor evaluates it, and
// the bundles that use it share one copy. re2js (CloudFlow's regular-expression built-ins, 156 KB):
// its module evaluation was the largest single compile of a mocked run and of the language server's
// start, and its pre-parse a large one; @noble/hashes (the `hash` built-in): its SHA-2 tables, built
// when it is evaluated, took 1–2 ms of every start; yaml (119 KB): the language core reads a block
// YAML flow with its own reader and needs yaml only for what that reader declines (flow collections,
// anchors, tags…), formatting, conversion and the CLI's mocks and scenarios, so the language server's
// start and `fdl validate` of such a flow neither parse nor evaluate it (docs/cold-start.md). yaml's
// file loads through the code cache as the bundles do (startup/compile-cache.ts, its callers).
const LAZY_MODULES = {
  re2js: ['re2js'],
  yaml: ['yaml'],
  'noble-hashes': ['@noble/hashes/legacy.js', '@noble/hashes/sha2.js', '@noble/hashes/utils.js'],
};
const lazyModuleFileOf = new Map(Object.entries(LAZY_MODULES).flatMap(([file, specs]) => specs.map((m) => [m, `./${file}.js`])));
const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    const filter = new RegExp(`^(${[...lazyModuleFileOf.keys()].map((m) => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-module' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => {
      const names = Object.keys(requireHere(args.path)).filter((n) => n !== 'default' && n !== '__esModule');
      const getters = names.map((n) => `  get ${n}() { return load().${n}; },`).join('\n');
      const file = JSON.stringify(lazyModuleFileOf.get(args.path));
      return {
        contents: `let real;\nconst load = () => (real ??= require(${file})[${JSON.stringify(args.path)}]);\nmodule.exports = {\n  __esModule: true,\n${getters}\n};\n`,
        loader: 'js',
        resolveDir: root,
      };
    });
  },
};
const lazyModuleFiles = Object.keys(LAZY_MODULES).map((f) => `./${f}.js`);

// Files of the language core the CLI evaluates on first use, from a file of their own beside its
// bundle, as LAZY_MODULES are (by the file a relative import resolves to, rather than a package
// name): the StateMachine schema and its precompiled validator (180 KB minified) are read, pre-parsed
// and evaluated only when a StateMachine document is first checked, not at every start of the CLI
// (docs/cold-start.md). Both go to the one file, so that the validator's errors point into the very
// schema object the schema check reads (it names definitions by identity). Not for dist/fdl.js: in
// the .vsix a file of its own compresses 2.5 KB worse, and the .vsix is at its size limit.
const APART_FILES = {
  'statemachine-schema': ['schemas/cloudflow-statemachine.schema.json', 'fdl/schema/generated/statemachine-validator.js'],
};
const apartFileOf = new Map(Object.entries(APART_FILES).flatMap(([file, paths]) => paths.map((p) => [join(root, p), { file: `./${file}.js`, key: p }])));
const apartFiles = {
  name: 'apart-files',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = resolve(args.resolveDir, args.path);
      const hit = apartFileOf.get(target) ?? apartFileOf.get(`${target}.js`);
      return hit && args.namespace !== 'apart-file' ? { path: hit.key, namespace: 'apart-file' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'apart-file' }, (args) => {
      const { file } = apartFileOf.get(join(root, args.path));
      const names = args.path.endsWith('.json') ? ['default'] : Object.keys(requireHere(join(root, args.path)));
      const getters = names.map((n) => `  get ${n}() { return load()${n === 'default' ? '' : `.${n}`}; },`).join('\n');
      return {
        contents: `let real;\nconst load = () => (real ??= require(${JSON.stringify(file)})[${JSON.stringify(args.path)}]);\nmodule.exports = {\n  __esModule: true,\n${getters}\n};\n`,
        loader: 'js',
        resolveDir: root,
      };
    });
  },
};
const apartFileNames = Object.keys(APART_FILES).map((f) => `./${f}.js`);

// Node built-ins a start seldom needs, required on first use rather than when the bundle is evaluated:
// an import of one becomes an object of getters (one per export under the building Node) that
// requires the built-in when a property is first read. The language server's vscode-languageserver
// requires child_process and crypto at load, the CLI's engine http, child_process and readline (its
// local API and code invoker), and loading them took 5–6 ms of a start that uses none of them
// (docs/cold-start.md). Only modules whose export is a plain object (not `stream`, a class).
const LAZY_BUILTINS = ['child_process', 'crypto', 'http', 'https', 'readline', 'worker_threads', 'fs/promises'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.map((m) => m.replace('/', '\\/')).join('|')})$`);
    // (The getters' own require of the built-in is left to Node.)
    build.onResolve({ filter }, (args) =>
      args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      // Every own name, enumerable or not (crypto's deprecated createCipher, fips… are not).
      const names = Object.getOwnPropertyNames(requireHere(`node:${args.path}`)).filter((n) => n !== 'default' && n !== '__esModule');
      const getters = names.map((n) => `  get ${n}() { return load().${n}; },`).join('\n');
      return { contents: `let real;\nconst load = () => (real ??= require(${JSON.stringify(`node:${args.path}`)}));\nmodule.exports = {\n${getters}\n};\n`, loader: 'js' };
    });
  },
};

/** Every module of fdl/, as `fdl/<path without .ts>`. */
function fdlModules(dir = fdlDir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? fdlModules(join(dir, d.name))
      : d.name.endsWith('.ts') && !d.name.endsWith('.d.ts')
        ? [relative(root, join(dir, d.name)).split(sep).join('/').slice(0, -3)]
        : [],
  );
}

/** Imports of fdl/ modules from outside fdl/ read them from dist/fdl.js. */
const sharedFdl = {
  name: 'shared-fdl',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: 'yaml', namespace: 'shared-fdl' }));
    build.onResolve({ filter: /(^|\/)fdl(\/|$)/ }, (args) => {
      if (args.kind === 'entry-point' || args.importer.startsWith(fdlDir + sep)) return undefined;
      const target = resolve(args.resolveDir, args.path);
      if (!target.startsWith(fdlDir + sep) && target !== fdlDir) return undefined;
      const file = [`${target}.ts`, join(target, 'index.ts')].find((f) => existsSync(f));
      if (!file) return undefined;
      return { path: relative(root, file).split(sep).join('/').slice(0, -3), namespace: 'shared-fdl' };
    });
    build.onLoad({ filter: /.*/, namespace: 'shared-fdl' }, (args) => ({
      contents: `module.exports = require('./fdl.js')[${JSON.stringify(args.path)}];`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};
const usesSharedFdl = { plugins: [sharedFdl], external: ['./fdl.js'] };

// The LSP protocol (vscode-languageserver-protocol, with vscode-jsonrpc and vscode-languageserver-types)
// and the text document the client and the server both use, in one copy: the extension's language client
// and the language server are a release pair on one protocol version (package.json), and both take it
// from dist/fdl.js, which both load anyway (a file of its own cost the server's start 1–5 ms of CPU:
// docs/packaging.md). Each entry evaluated on first use.
const LSP_SHARED = ['vscode-languageserver-protocol', 'vscode-languageserver-protocol/node', 'vscode-languageserver-textdocument'];
const sharedLsp = {
  name: 'shared-lsp',
  setup(build) {
    build.onResolve({ filter: /^vscode-languageserver-(protocol|textdocument)(\/|$)/ }, (args) => {
      if (!LSP_SHARED.includes(args.path)) return { errors: [{ text: `${args.path}: not in dist/fdl.js (LSP_SHARED in esbuild.mjs)` }] };
      // A package that needs another version (its own copy under its node_modules) would get this one.
      if (requireHere.resolve(args.path, { paths: [args.resolveDir] }) !== requireHere.resolve(args.path)) {
        return { errors: [{ text: `${args.importer} needs its own ${args.path}: the language client and server must be a pair on one protocol version` }] };
      }
      return { path: args.path, namespace: 'shared-lsp' };
    });
    build.onLoad({ filter: /.*/, namespace: 'shared-lsp' }, (args) => ({
      contents: `module.exports = require('./fdl.js')[${JSON.stringify(args.path)}];`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

const builds = [
  {
    ...common,
    ...usesSharedFdl,
    entryPoints: ['client/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', './fdl.js'],
    plugins: [sharedFdl, sharedLsp, packedApart],
    supported: { 'dynamic-import': false },
    // When the bundle starts evaluating: activate() reports its cost from here (client/extension.ts).
    // ("use strict" first, or the bundle would run in sloppy mode.)
    banner: { js: '"use strict";var __flowStudioBundleStart = require("node:perf_hooks").performance.now();' },
  },
  {
    ...common,
    stdin: {
      // Each SDK evaluated when it is first asked for.
      contents: `module.exports = {\n${CLOUD_SDKS.map((m) => `  get ${JSON.stringify(m)}() { return require(${JSON.stringify(m)}); },`).join('\n')}\n};\n`,
      resolveDir: root,
      sourcefile: 'cloud-sdks-entry.js',
      loader: 'js',
    },
    outfile: 'dist/cloud-sdks.js',
  },
  // The graph's layout thread (client/graph/elk-worker-pool.ts); it loads the same dist/elk.bundled.js.
  { ...common, entryPoints: ['client/graph/elk-worker.ts'], outfile: 'dist/elk-worker.js', plugins: [packedApart], supported: { 'dynamic-import': false } },
  // The language server: dist/server.js (server/main.ts) loads dist/server-main.js and dist/fdl.js
  // through the code cache (startup/compile-cache.ts, docs/cold-start.md).
  { ...common, entryPoints: ['server/main.ts'], outfile: 'dist/server.js' },
  { ...common, ...usesSharedFdl, entryPoints: ['server/server-main.ts'], outfile: 'dist/server-main.js', plugins: [sharedFdl, sharedLsp, lazyBuiltins] },
  {
    ...common,
    stdin: {
      // Each module evaluated when a bundle first asks for it (then kept: one instance per process),
      // so that the language server's start evaluates only what it imports (docs/cold-start.md).
      contents: `const once = (key, load) => { const value = load(); Object.defineProperty(module.exports, key, { value, enumerable: true }); return value; };\nmodule.exports = {\n${[
        ...fdlModules(),
        'yaml',
        ...LSP_SHARED,
      ]
        .map(
          (m) =>
            `  get ${JSON.stringify(m)}() { return once(${JSON.stringify(m)}, () => require(${JSON.stringify(m.includes('/') && !LSP_SHARED.includes(m) ? `./${m}` : m)})); },`,
        )
        .join('\n')}\n};\n`,
      resolveDir: root,
      sourcefile: 'fdl-shared-entry.js',
      loader: 'js',
    },
    outfile: 'dist/fdl.js',
    external: lazyModuleFiles,
    plugins: [l10nApart, lazyModules, lazyBuiltins],
  },
  // The server's parse worker (a worker thread of dist/server.js), small so that it starts fast.
  // yaml from dist/yaml.js (LAZY_MODULES), the copy the language core reads: only a text the core's own block reader declines loads it.
  { ...common, entryPoints: ['server/parse-worker-main.ts'], outfile: 'dist/parse-worker.js', external: lazyModuleFiles, plugins: [l10nApart, lazyModules] },
  // The CLI: one CommonJS bundle (each command's module is evaluated only when that command runs,
  // engine/cli/main.ts) loaded by the door dist/cli.js through a V8 code cache (engine/cli/door.ts,
  // compile-cache.ts), so a command's start is not spent compiling it: docs/cold-start.md says why one
  // bundle with a code cache, and not split ES modules (which Node 20 cannot cache). Beside the other
  // bundles, so code that finds a sibling file (fc-node-runtime.js) through __dirname finds it.
  // The cloud SDKs (a run given --fc) come from dist/cloud-sdks.js, as the extension's do: a mocked
  // run does not read them.
  {
    ...common,
    entryPoints: ['engine/cli/main.ts'],
    outfile: 'dist/cli-main.js',
    external: ['./cloud-sdks.js', ...lazyModuleFiles, ...apartFileNames],
    plugins: [cloudSdksApart, lazyModules, lazyBuiltins, l10nApart, apartFiles],
  },
  // The packages of LAZY_MODULES, each group a file of its own (above), each package evaluated when first asked for.
  ...Object.entries(LAZY_MODULES).map(([file, specs]) => ({
    ...common,
    stdin: {
      contents: `module.exports = {\n${specs.map((m) => `  get ${JSON.stringify(m)}() { return require(${JSON.stringify(m)}); },`).join('\n')}\n};\n`,
      resolveDir: root,
      sourcefile: `${file}-entry.js`,
      loader: 'js',
    },
    outfile: `dist/${file}.js`,
  })),
  // The files of APART_FILES, each evaluating a file when first asked for.
  ...Object.entries(APART_FILES).map(([file, paths]) => ({
    ...common,
    stdin: {
      contents: `module.exports = {\n${paths.map((p) => `  get ${JSON.stringify(p)}() { return require(${JSON.stringify(`./${p}`)}); },`).join('\n')}\n};\n`,
      resolveDir: root,
      sourcefile: `${file}-entry.js`,
      loader: 'js',
    },
    outfile: `dist/${file}.js`,
  })),
  { ...common, entryPoints: ['engine/cli/door.ts'], outfile: 'dist/cli.js', sourcemap: false, banner: { js: '#!/usr/bin/env node' } },
  // The FC Node.js runtime the local code invoker starts as a child process (`node dist/fc-node-runtime.js`).
  { ...common, entryPoints: ['engine/invokers/local-runtime/fc-node-runtime.js'], outfile: 'dist/fc-node-runtime.js', sourcemap: false },
];

// Earlier builds split the CLI into ES module chunks: drop them, so dist/ holds one CLI.
mkdirSync('dist', { recursive: true });
for (const f of readdirSync('dist')) if (/^cli-.*\.mjs(\.map)?$/.test(f)) rmSync(join('dist', f));

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
// (Under --watch the first build may still be running: `node dist/cli.js` needs no mode anyway.)
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
// elkjs's single-file build, minified again (its compiler's output loses 6% compressed).
await esbuild.build({ entryPoints: ['node_modules/elkjs/lib/elk.bundled.js'], outfile: 'dist/elk.bundled.js', minify: true, logLevel: 'warning' });
// Their Brotli files (not under --watch: the plain files are required then). Quality 11 and a 16 MB
// window: 2 s each, once per build.
if (!watch) {
  await Promise.all(
    PACKED_FILES.map(async (f) => {
      const source = readFileSync(f);
      const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length };
      writeFileSync(`${f}.br`, await promisify(zlib.brotliCompress)(source, { params }));
    }),
  );
} else for (const f of PACKED_FILES) rmSync(`${f}.br`, { force: true });
// V8's code cache of the CLI and the language server, primed for this Node (docs/cold-start.md); not
// under --watch, whose bundles change on every save.
if (!watch) {
  const { primeCompileCache } = await import('./scripts/prime-compile-cache.mjs');
  await primeCompileCache().catch((e) => console.warn(`[esbuild] code cache not primed: ${e.message}`));
}
