/**
 * The AccessKey pair of the local FnF-compatible API.
 *
 * A local-only credential: it authorises calls to the loopback API of one store and nothing else,
 * so it is generated (128+ random bits) rather than taken from the user's cloud AccessKeys, which
 * live only in VS Code SecretStorage and never reach the local engine or workspace functions.
 * It is kept in `<store>/local-api-key.json` with permissions 0600 so that (a) the VS Code client
 * and `fdl serve` running on the same store agree on it, and (b) functions started by the engine
 * get it via environment variables. Format:
 *   { "accessKeyId": "LOCAL…", "accessKeySecret": "…", "createdTime": "ISO-8601" }
 * Delete the file to rotate the key.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCAL_API_KEY_FILE = 'local-api-key.json';

export interface LocalAccessKey {
  accessKeyId: string;
  accessKeySecret: string;
}

export function localApiKeyPath(storeDir: string): string {
  return join(storeDir, LOCAL_API_KEY_FILE);
}

/** Reads the store's key pair, creating it (0600) on first use. */
export function loadOrCreateLocalAccessKey(storeDir: string): LocalAccessKey {
  const file = localApiKeyPath(storeDir);
  const existing = readKey(file);
  if (existing) {
    tightenPermissions(file);
    return existing;
  }
  mkdirSync(storeDir, { recursive: true });
  const key: LocalAccessKey = {
    accessKeyId: `LOCAL${alnum(19)}`,
    accessKeySecret: alnum(30),
  };
  try {
    // 'wx': if another process created it meanwhile, keep theirs.
    writeFileSync(file, JSON.stringify({ ...key, createdTime: new Date().toISOString() }, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const theirs = readKey(file);
    if (theirs) return theirs;
    throw e;
  }
  tightenPermissions(file);
  return key;
}

function readKey(file: string): LocalAccessKey | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalAccessKey>;
    if (typeof v.accessKeyId === 'string' && v.accessKeyId && typeof v.accessKeySecret === 'string' && v.accessKeySecret) {
      return { accessKeyId: v.accessKeyId, accessKeySecret: v.accessKeySecret };
    }
  } catch {
    /* missing or unreadable: create a new one */
  }
  return undefined;
}

function tightenPermissions(file: string): void {
  if (process.platform === 'win32') return;
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch {
    /* best effort */
  }
}

/** Letters and digits, like Alibaba Cloud AccessKeys; ~5.95 bits each. */
function alnum(length: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    if (bytes[i] < 248) out += chars[bytes[i] % 62]; // 248 = 4 × 62: no modulo bias
  }
  while (out.length < length) out += chars[randomBytes(1)[0] % 62];
  return out;
}
