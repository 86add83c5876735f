/**
 * A language server's start as an editor sees it, over stdio: spawn → the initialize request
 * answered → the first publishDiagnostics for a document opened right after `initialized`.
 * Shared by bench/cold-start.bench.ts and bench/start.bench.ts.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface LspStart {
  /** Spawn → the initialize response. */
  initialized: number;
  /** Spawn → the first publishDiagnostics. */
  diagnostics: number;
}

export interface LspDocument {
  uri: string;
  languageId: string;
  text: string;
}

export interface LspStartOptions {
  /** The server's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** How long the server lives on after its first diagnostics (ours writes its code cache then). */
  lingerMs?: number;
}

export function lspStart(args: string[], document: LspDocument, initializationOptions: unknown = {}, options: LspStartOptions = {}): Promise<LspStart> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'ignore'], env: options.env ?? process.env });
    const send = (m: unknown) => {
      const body = JSON.stringify(m);
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    let out = '';
    let initialized: number | undefined;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${args.join(' ')}: no diagnostics within 30 s`));
    }, 30_000);
    child.stdout.on('data', (b) => {
      out += String(b);
      if (initialized === undefined && /"id":1,"result"|"result":\{"capabilities"/.test(out)) {
        initialized = performance.now() - t0;
        send({ jsonrpc: '2.0', method: 'initialized', params: {} });
        send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { ...document, version: 1 } } });
      }
      if (initialized !== undefined && out.includes('"textDocument/publishDiagnostics"')) {
        const result = { initialized, diagnostics: performance.now() - t0 };
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        setTimeout(() => {
          child.kill();
          resolve(result);
        }, options.lingerMs ?? 0);
      }
    });
    child.on('error', reject);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions } });
  });
}
