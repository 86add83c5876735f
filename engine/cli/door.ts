/**
 * `node dist/cli.js` (package.json "bin"): runs the CLI's bundle, dist/cli-main.js, through the V8
 * code cache (compile-cache.ts), so a command's start is not spent compiling the CLI again.
 */
import { join } from 'node:path';
import { requireWithCompileCache } from '../../startup/compile-cache';

// One cache per command: each holds the code its command compiles (`validate` never runs the engine).
const command = process.argv[2] ?? '';
requireWithCompileCache(join(__dirname, 'cli-main.js'), /^[a-z-]{1,20}$/.test(command) ? command : '');
