// Installs code-server (a real VS Code served to a browser) into a cache folder, once.
//
// Why not `npm install code-server` with its own postinstall: on this kind of machine only the npm
// registry and Debian apt are reachable, and the postinstall (a) refuses to run as root unless
// npm_config_unsafe_perm=true, (b) needs libkrb5-dev for the `kerberos` native module, and
// (c) lets @vscode/ripgrep download its binary from GitHub, which fails. So we install with
// --ignore-scripts and do the postinstall's work ourselves: install VS Code's server dependencies,
// rebuild only the native modules Linux needs (node-gyp against Node's headers), take ripgrep from
// the npm package that ships the binary (@vscode/ripgrep-linux-x64) or from `rg` on PATH, and
// create the symlinks the postinstall would. See test/e2e/README.md for the measured times.
//
// Usage: node scripts/code-server-install.mjs   (prints the code-server entry path)
import { spawnSync } from 'node:child_process';
import { copyFileSync, chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const RIPGREP_BINARY_PACKAGE = '@vscode/ripgrep-linux-x64@1.18.0';
/** Native modules of VS Code's server that Linux needs (the others are Windows-only). */
const VSCODE_NATIVE_MODULES = ['@parcel/watcher', '@vscode/spdlog', 'kerberos', 'native-watchdog', 'node-pty', '@vscode/deviceid'];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultCacheDir = join(repoRoot, '.cache', 'code-server');

function run(cmd, args, cwd, extraEnv = {}) {
  const started = Date.now();
  console.log(`[code-server-install] ${cwd}$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed in ${cwd} (exit ${r.status}). ` +
        'If a native module failed to compile, install its headers (e.g. `apt-get install -y libkrb5-dev` for kerberos).',
    );
  }
  console.log(`[code-server-install]   done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * What building code-server's native modules needs on Linux and is missing, as Debian/Ubuntu
 * packages: a C++ toolchain and Python for node-gyp, and the Kerberos headers (`gssapi/gssapi.h`)
 * for the `kerberos` module. Checked before anything is downloaded, so a stock machine learns the
 * one command to run at once rather than after minutes of npm output. Empty elsewhere than Linux
 * (macOS ships these with its command-line tools) and when everything is there.
 */
export function missingBuildPackages({ has = (cmd) => onPath(cmd), exists = existsSync } = {}) {
  if (process.platform !== 'linux') return [];
  const missing = [];
  if (!has('make') || !(has('g++') || has('c++'))) missing.push('build-essential');
  if (!has('python3')) missing.push('python3');
  const gssapi = ['/usr/include/gssapi/gssapi.h', '/usr/include/gssapi.h', '/usr/local/include/gssapi/gssapi.h'];
  if (!gssapi.some((f) => exists(f))) missing.push('libkrb5-dev');
  return missing;
}

/** The one command that installs `packages` (sudo unless root). */
export function aptInstallCommand(packages) {
  const sudo = typeof process.getuid === 'function' && process.getuid() === 0 ? '' : 'sudo ';
  return `${sudo}apt-get install -y ${packages.join(' ')}`;
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() !== '';
}

/** True when code-server is installed in `cacheDir` (nothing to build). */
export function codeServerReady(cacheDir = defaultCacheDir) {
  return existsSync(join(cacheDir, `.ready-${CODE_SERVER_VERSION}`)) && existsSync(join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'));
}

function forceSymlink(target, link) {
  rmSync(link, { recursive: true, force: true });
  symlinkSync(target, link);
}

/** Returns the absolute path of code-server's entry script, installing it first if needed. */
export function ensureCodeServer(cacheDir = defaultCacheDir) {
  const pkgDir = join(cacheDir, 'node_modules', 'code-server');
  const entry = join(pkgDir, 'out', 'node', 'entry.js');
  const marker = join(cacheDir, `.ready-${CODE_SERVER_VERSION}`);
  if (codeServerReady(cacheDir)) return entry;
  const missing = missingBuildPackages();
  if (missing.length) {
    throw new Error(
      `code-server's native modules cannot be built here: missing ${missing.join(', ')}. Install them with:\n\n    ${aptInstallCommand(missing)}\n\nthen run the command again.`,
    );
  }

  const started = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }, null, 2));
  const npm = 'npm';
  const quiet = ['--no-audit', '--no-fund', '--no-save', '--loglevel=error'];

  // 1. code-server itself (and the ripgrep binary package), no scripts.
  run(
    npm,
    ['install', ...quiet, '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`, ...(process.platform === 'linux' && process.arch === 'x64' ? [RIPGREP_BINARY_PACKAGE] : [])],
    cacheDir,
  );
  // argon2 is loaded at start-up (password auth); it builds from source when its prebuilt download fails.
  run(npm, ['rebuild', '--foreground-scripts', 'argon2'], cacheDir, { npm_config_ignore_scripts: 'false' });

  // 2. VS Code's server dependencies (lib/vscode has an npm-shrinkwrap.json), then the native ones.
  const vscodeDir = join(pkgDir, 'lib', 'vscode');
  run(npm, ['install', ...quiet, '--omit=dev', '--ignore-scripts'], vscodeDir);
  // npm_config_yes: node-pty's postinstall runs `npx node-gyp configure` (for compile_commands.json).
  run(npm, ['rebuild', '--foreground-scripts', ...VSCODE_NATIVE_MODULES], vscodeDir, { npm_config_ignore_scripts: 'false', npm_config_yes: 'true' });
  placeRipgrep(cacheDir, vscodeDir);

  // 3. What postinstall.sh does besides installing.
  forceSymlink('node_modules', join(vscodeDir, 'node_modules.asar'));
  forceSymlink('code-server-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  forceSymlink('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));

  // 4. Dependencies shared by the built-in extensions (TypeScript for the TS/JS features).
  run(npm, ['install', ...quiet, '--omit=dev'], join(vscodeDir, 'extensions'), { npm_config_ignore_scripts: 'false' });

  writeFileSync(marker, new Date().toISOString() + '\n');
  console.log(`[code-server-install] code-server ${CODE_SERVER_VERSION} ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return entry;
}

function placeRipgrep(cacheDir, vscodeDir) {
  const binDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  const target = join(binDir, 'rg');
  const fromNpm = join(cacheDir, 'node_modules', '@vscode', 'ripgrep-linux-x64', 'bin', 'rg');
  const onPath = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  const source = existsSync(fromNpm) ? fromNpm : onPath;
  mkdirSync(binDir, { recursive: true });
  if (source) {
    copyFileSync(source, target);
    chmodSync(target, 0o755);
  } else {
    // Search in files will not work, everything else does.
    console.warn('[code-server-install] no ripgrep binary found (npm package or `rg` on PATH); text search is disabled');
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureCodeServer(process.argv[2] ? resolve(process.argv[2]) : defaultCacheDir));
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(1);
  }
}

export function readCodeServerVersion(cacheDir = defaultCacheDir) {
  return JSON.parse(readFileSync(join(cacheDir, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
}
