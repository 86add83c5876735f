// `npm start`: builds, then opens a real VS Code with the extension and a copy of examples/ on the
// embedded engine. The copy (.cache/start/examples, made afresh from examples/ at every start, its
// .fdl/ execution history kept) is what you edit: VS Code in the browser saves as you type, and the
// repository's examples stay as committed.
// - With desktop VS Code (`code` on PATH): `code --extensionDevelopmentPath=<repo> <the copy>`.
// - Otherwise: code-server (VS Code in the browser; installed into .cache/code-server on first use)
//   with the packaged extension, on 127.0.0.1 only. Prints the URL, opens a browser when one is
//   available, and runs until Ctrl+C.
// Before anything slow it checks what the code-server build needs (a C++ toolchain, Python, the
// Kerberos headers) and prints the one apt-get command when something is missing.
// Options: --port N (default 8080, or a free one if taken), --no-open (print the URL only),
// --code-server (skip desktop). Through npm: `npm start -- --no-open`.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(repoRoot, 'examples');
const startHome = join(repoRoot, '.cache', 'start');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function step(what, cmd, cmdArgs) {
  console.log(`[start] ${what}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[start] ${what} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

function portIsFree(port) {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

async function choosePort() {
  const wanted = Number(option('--port') ?? process.env.PORT ?? 8080);
  if (await portIsFree(wanted)) return wanted;
  for (let p = wanted + 1; p < wanted + 50; p++) if (await portIsFree(p)) return p;
  throw new Error(`no free port from ${wanted}`);
}

function openBrowser(url) {
  const graphical = process.platform === 'darwin' || process.platform === 'win32' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  if (!graphical) return false;
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : onPath('xdg-open');
  if (!opener) return false;
  spawn(opener, [url], { stdio: 'ignore', detached: true }).unref();
  return true;
}

/**
 * A fresh copy of examples/ to open (so edits never touch the tracked files), keeping the copy's
 * `.fdl/` (its local executions) from the last start. Returns the copy's path.
 */
function freshExamplesCopy() {
  const copy = join(startHome, 'examples');
  mkdirSync(copy, { recursive: true });
  for (const entry of readdirSync(copy)) if (entry !== '.fdl') rmSync(join(copy, entry), { recursive: true, force: true });
  cpSync(examples, copy, { recursive: true, filter: (src) => !relative(examples, src).split(/[\\/]/).includes('.fdl') });
  return copy;
}

function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    console.error(`[start] Node.js ${process.versions.node} is too old: Flow Studio needs Node.js 20 or later.`);
    process.exit(1);
  }
}

async function main() {
  checkNode();
  const code = flag('--code-server') ? undefined : onPath('code');
  const installer = await import('./code-server-install.mjs');
  if (!code && !installer.codeServerReady()) {
    const missing = installer.missingBuildPackages();
    if (missing.length) {
      console.error(
        `[start] code-server (VS Code in the browser) is built on first use and needs ${missing.join(', ')}. Install with:\n\n    ${installer.aptInstallCommand(missing)}\n\nthen run \`npm start\` again.`,
      );
      process.exit(1);
    }
  }
  if (!existsSync(join(repoRoot, 'node_modules', 'esbuild'))) step('installing dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);
  step('building (node esbuild.mjs)', process.execPath, ['esbuild.mjs']);
  const workspace = freshExamplesCopy();
  console.log(`[start] examples copied to ${workspace} (edit freely; examples/ stays as committed, the copy is made afresh at each start)`);

  if (code) {
    console.log(`[start] opening desktop VS Code (${code}) with the extension under development and the examples copy`);
    const r = spawnSync(code, [`--extensionDevelopmentPath=${repoRoot}`, workspace], { stdio: 'inherit' });
    process.exit(r.status ?? 0);
  }

  const { packageVsix } = await import('./package-vsix.mjs');
  console.log('[start] no `code` on PATH: using code-server (VS Code in the browser)');
  const entry = installer.ensureCodeServer();
  const vsix = packageVsix();

  // A profile of its own, kept between runs (installed extension, settings, window state).
  const home = startHome;
  const userDataDir = join(home, 'user-data');
  const extensionsDir = join(home, 'extensions');
  const configFile = join(home, 'code-server.yaml');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settings)) {
    writeFileSync(
      settings,
      JSON.stringify(
        {
          'workbench.startupEditor': 'none',
          'telemetry.telemetryLevel': 'off',
          'update.mode': 'none',
          'extensions.autoCheckUpdates': false,
          'extensions.autoUpdate': false,
        },
        null,
        2,
      ),
    );
  }
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  step('installing the extension into code-server', process.execPath, [
    entry,
    '--extensions-dir',
    extensionsDir,
    '--user-data-dir',
    userDataDir,
    '--install-extension',
    vsix,
    '--force',
  ]);

  const port = await choosePort();
  // Loopback only, no password: nothing outside this machine can reach it.
  const child = spawn(
    process.execPath,
    [
      entry,
      '--config',
      configFile,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      workspace,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  for (let i = 0; i < 240 && child.exitCode === null; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (child.exitCode !== null) {
    console.error(`[start] code-server exited (code ${child.exitCode})`);
    process.exit(1);
  }
  console.log(`\n  Flow Studio in VS Code: ${url}\n`);
  if (!flag('--no-open') && openBrowser(url)) console.log('[start] opened it in your browser');
  console.log('[start] trust the examples folder when VS Code asks (local functions run only in a trusted workspace); Ctrl+C stops.');
  child.on('exit', (codeNumber) => process.exit(codeNumber ?? 0));
}

main().catch((e) => {
  console.error(`[start] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
