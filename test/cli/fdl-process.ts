/**
 * Runs `fdl` as a user does (`node --import tsx engine/cli/main.ts`, the code bundled as
 * dist/cli.js) in a controlled locale: every locale variable of the host is removed first, then
 * `env` adds what the test wants (LANG=zh_CN.UTF-8, VSCODE_NLS_CONFIG…).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const MAIN = join(ROOT, 'engine', 'cli', 'main.ts');
export const INTEGRATION_FIXTURES = join(ROOT, 'test', 'engine', 'integrations', 'fixtures');

const LOCALE_VARS = ['FDL_LOCALE', 'VSCODE_NLS_CONFIG', 'LC_ALL', 'LC_MESSAGES', 'LANG', 'LANGUAGE'];
const CREDENTIAL_VARS = ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN', 'ALIBABA_CLOUD_ACCOUNT_ID'];

export function cleanEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env };
  for (const k of [...LOCALE_VARS, ...CREDENTIAL_VARS]) delete out[k];
  return { ...out, LANG: 'C.UTF-8', ...env };
}

export interface FdlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function startFdl(args: string[], env: Record<string, string> = {}): ChildProcess & { result: Promise<FdlResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: cleanEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += String(d)));
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const result = new Promise<FdlResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return Object.assign(child, { result });
}

export function fdl(args: string[], env: Record<string, string> = {}): Promise<FdlResult> {
  return startFdl(args, env).result;
}

/** What `run --json` promises: stdout is exactly one line holding one JSON object. */
export function oneJsonObject(stdout: string): Record<string, unknown> {
  if (!/^[^\n]+\n$/.test(stdout)) throw new Error(`stdout is not exactly one line: ${JSON.stringify(stdout)}`);
  const v = JSON.parse(stdout) as unknown;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`stdout is not a JSON object: ${stdout}`);
  return v as Record<string, unknown>;
}
