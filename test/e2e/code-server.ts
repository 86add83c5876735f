/**
 * A code-server (real VS Code workbench + Node extension host) on 127.0.0.1 for the e2e suite:
 * fresh user-data and extensions folders, the packaged .vsix installed, settings that keep the
 * workbench quiet (no welcome page, no telemetry or update checks) and trust the workspace so the
 * engine may run local function code. Stopped by its pid.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  /** Everything code-server printed (and the extension host's log folder), for failure messages. */
  logFile: string;
  logsDir: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** `out/node/entry.js` of the cached code-server install. */
  entry: string;
  /** The packaged extension to install; none when the extension is loaded as a development path instead. */
  vsix?: string;
  /** Scratch folder for user data, extensions, config and logs. */
  scratch: string;
  workspace: string;
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for its extension host. */
  env?: Record<string, string>;
  /**
   * A display language other than English (e.g. `zh-cn`). VS Code only switches to a language a
   * language pack provides, and the marketplace is out of reach here, so the user-data folder gets
   * the record an installed pack leaves (languagepacks.json) pointing at an empty translation of
   * VS Code itself: the workbench stays English while extensions run in that language
   * (vscode.env.language, package.nls.<lang>.json, l10n bundles, walkthrough pages).
   */
  displayLanguage?: string;
}

/** Settings a newcomer would not change but a test run must: quiet, trusted, deterministic. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function installExtension(entry: string, vsix: string, extensionsDir: string, userDataDir: string): void {
  const r = spawnSync(process.execPath, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

function declareDisplayLanguage(userDataDir: string, language: string): void {
  const translations = join(userDataDir, `e2e-vscode.${language}.i18n.json`);
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(
    join(userDataDir, 'languagepacks.json'),
    JSON.stringify({
      [language]: {
        hash: `e2e-${language}`,
        extensions: [{ extensionIdentifier: { id: `flow-studio-e2e.display-language-${language}` }, version: '0.0.1' }],
        translations: { vscode: translations },
        label: language,
      },
    }),
  );
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const userDataDir = join(opts.scratch, 'user-data');
  const extensionsDir = join(opts.scratch, 'extensions');
  const configFile = join(opts.scratch, 'code-server.yaml');
  const logFile = join(opts.scratch, 'code-server.log');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...opts.settings }, null, 2));
  // An explicit config file keeps code-server from writing ~/.config/code-server/config.yaml.
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  if (opts.vsix) installExtension(opts.entry, opts.vsix, extensionsDir, userDataDir);
  if (opts.displayLanguage) declareDisplayLanguage(userDataDir, opts.displayLanguage);

  const port = await freePort();
  const args = [
    opts.entry,
    '--config',
    configFile,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...(opts.displayLanguage ? ['--locale', opts.displayLanguage] : []),
    opts.workspace,
  ];
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VSCODE_PROXY_URI: '', ...opts.env } });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (code ${child.exitCode}) before answering; see ${logFile}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`code-server did not answer on ${url} within 60 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    url,
    port,
    pid: child.pid!,
    logFile,
    logsDir: join(userDataDir, 'logs'),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
}
