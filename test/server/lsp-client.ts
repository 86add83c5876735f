/**
 * A real LSP client for tests: spawns `node dist/server.js --stdio` and speaks JSON-RPC to it
 * with vscode-jsonrpc, the way an editor does.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  ExitNotification,
  ShutdownRequest,
  type Diagnostic,
  type InitializeParams,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';

export const ROOT = join(__dirname, '..', '..');

let built = false;
/**
 * Builds dist/ when a source is newer than the bundles (`npm test` builds first, so then never).
 * Test files run in parallel processes: a lock directory keeps two of them from writing dist/ at once.
 */
export function buildOnce(): void {
  if (built) return;
  const lock = join(tmpdir(), `fdl-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  try {
    if (isStale()) {
      const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
      if (r.status !== 0) throw new Error('build failed');
    }
    built = true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function isStale(): boolean {
  try {
    const built = Math.min(...['server.js', 'server-main.js', 'parse-worker.js', 'cli.js'].map((f) => statSync(join(ROOT, 'dist', f)).mtimeMs));
    const sources = Math.max(...['fdl', 'server', 'engine', 'startup', 'schemas'].map((d) => newest(join(ROOT, d))));
    return sources > built;
  } catch {
    return true;
  }
}

export class LspClient {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  stderr = '';

  /** `env`: the server's environment (default: this process's). */
  constructor(options: { env?: NodeJS.ProcessEnv } = {}) {
    this.child = spawn(process.execPath, [join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    this.child.stderr!.on('data', (b) => (this.stderr += String(b)));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.publications.push({ uri: p.uri, version: p.version });
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    this.connection.listen();
  }

  /** Every publishDiagnostics received, in order. */
  readonly publications: { uri: string; version?: number }[] = [];

  /** Capabilities the server registered dynamically (e.g. file watchers). */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];

  async initialize(overrides: Partial<InitializeParams> = {}): Promise<void> {
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
      workspaceFolders: null,
      // Tests wait for diagnostics of each version; the editor's typing pause would only slow them down.
      initializationOptions: { diagnosticsDelayMs: 0 },
      ...overrides,
    } as InitializeParams);
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'fdl', version: 1, text } });
  }

  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Sends incremental changes (ranges in the text each follows), as an editor does while typing. */
  async changeRanges(
    uri: string,
    contentChanges: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[],
  ): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  /** Waits for the diagnostics of the document's current version. */
  async diagnosticsOf(uri: string, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const want = this.versions.get(uri);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.diagnostics.get(uri);
      if (got && (got.version === undefined || got.version === want)) return got.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} v${want}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      /* already gone */
    }
    this.connection.dispose();
    if (!this.exited) this.child.kill();
  }
}

/** Text with a `|` cursor marker → the text without it and the marker's LSP position. */
export function withCursor(src: string): { text: string; position: { line: number; character: number } } {
  const i = src.indexOf('|');
  const text = src.slice(0, i) + src.slice(i + 1);
  const before = text.slice(0, i).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** LSP position of the n-th occurrence (0-based) of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`not found: ${needle}`);
  const before = text.slice(0, i + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
