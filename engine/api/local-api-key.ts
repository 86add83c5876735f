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
 * Delete the file to rotate the key. It is written whole or not at all (a temporary file, fsynced,
 * then linked into place, which also refuses to replace a key another process created meanwhile),
 * so a crash never leaves a half-written key; one damaged otherwise is reported, never replaced
 * behind the user's back (clients holding the old key would fail without saying why).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { engineText } from '../messages';

export const LOCAL_API_KEY_FILE = 'local-api-key.json';

export interface LocalAccessKey {
  accessKeyId: string;
  accessKeySecret: string;
}

export function localApiKeyPath(storeDir: string): string {
  return join(storeDir, LOCAL_API_KEY_FILE);
}

/** Reads the store's key pair, creating it (0600) on first use; throws, saying how to rotate it, if it is damaged. */
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
  if (!createWhole(file, JSON.stringify({ ...key, createdTime: new Date().toISOString() }, null, 2) + '\n')) {
    // Another process created it meanwhile: keep theirs.
    return readKey(file) ?? key;
  }
  return key;
}

/** Writes `file` atomically and only if it does not exist yet; false if it does. */
function createWhole(file: string, text: string): boolean {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    linkSync(temp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** The key in `file`; undefined if there is none; throws if the file exists but holds no key. */
function readKey(file: string): LocalAccessKey | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(engineText('localApiKeyDamaged', file, (e as NodeJS.ErrnoException).code ?? (e as Error).message));
  }
  try {
    const v = JSON.parse(text) as Partial<LocalAccessKey>;
    if (typeof v.accessKeyId === 'string' && v.accessKeyId && typeof v.accessKeySecret === 'string' && v.accessKeySecret) {
      return { accessKeyId: v.accessKeyId, accessKeySecret: v.accessKeySecret };
    }
  } catch {
    /* reported below */
  }
  throw new Error(engineText('localApiKeyDamaged', file, text.trim() === '' ? engineText('localApiKeyEmpty') : engineText('localApiKeyNoKey')));
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
