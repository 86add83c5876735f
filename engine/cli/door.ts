/**
 * `node dist/cli.js` (package.json "bin"): runs the CLI's bundle, dist/cli-main.js, through the V8
 * code cache (compile-cache.ts), so a command's start is not spent compiling the CLI again.
 */
import { join } from 'node:path';
import { cacheRequires, requireWithCompileCache } from '../../startup/compile-cache';

// One cache per command: each holds the code its command compiles (`validate` never runs the engine).
const command = process.argv[2] ?? '';
const variant = /^[a-z-]{1,20}$/.test(command) ? command : '';
// yaml and the StateMachine schema with its validator, files of their own that the bundle requires on
// first use (esbuild.mjs, LAZY_MODULES and APART_FILES): through the cache too when a command needs
// them (a mocks file yaml's block reader declines, a StateMachine flow), written at exit with the bundle's.
const apart = cacheRequires([join(__dirname, 'yaml.js'), join(__dirname, 'statemachine-schema.js')], variant);
process.once('exit', () => apart.write());
requireWithCompileCache(join(__dirname, 'cli-main.js'), variant);
