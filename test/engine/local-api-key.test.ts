/**
 * The local API's key file: written whole (never half), and a damaged one (as a crash during its
 * creation by an older version left it) is reported with how to rotate it, not a raw EEXIST.
 */
import assert from 'node:assert/strict';
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadOrCreateLocalAccessKey, localApiKeyPath } from '../../engine/api/local-api-key';
import { fdl } from '../cli/fdl-process';
import { tempDir } from './helpers';

test('the key file is created whole, 0600, with nothing left beside it, and read back the same', (t) => {
  const store = join(tempDir(t), 'store');
  const key = loadOrCreateLocalAccessKey(store);
  assert.deepEqual(readdirSync(store), ['local-api-key.json']);
  if (process.platform !== 'win32') assert.equal(statSync(localApiKeyPath(store)).mode & 0o777, 0o600);
  assert.deepEqual(loadOrCreateLocalAccessKey(store), key);
});

test('an empty or half-written key file is reported, saying to delete it to rotate the key; deleting it makes a new key', (t) => {
  const store = join(tempDir(t), 'store');
  loadOrCreateLocalAccessKey(store);
  const file = localApiKeyPath(store);
  for (const [damage, why] of [
    ['', /it is empty/],
    ['{"accessKeyId": "LOCALab', /holds no accessKeyId and accessKeySecret/],
  ] as const) {
    writeFileSync(file, damage);
    assert.throws(
      () => loadOrCreateLocalAccessKey(store),
      (e: Error) => e.message.includes(file) && why.test(e.message) && /Delete it to create a new key/.test(e.message) && !/EEXIST/.test(e.message),
    );
  }
  rmSync(file);
  assert.match(loadOrCreateLocalAccessKey(store).accessKeyId, /^LOCAL/);
});

test("fdl serve on a store whose key file is empty says so, in the user's language, and exits", { timeout: 30_000 }, async (t) => {
  const store = join(tempDir(t), 'store');
  loadOrCreateLocalAccessKey(store);
  writeFileSync(localApiKeyPath(store), '');
  const en = await fdl(['serve', '--store', store, '--port', '0']);
  assert.notEqual(en.code, 0);
  assert.match(en.stderr, /local API key file .*local-api-key\.json cannot be used \(it is empty\)\. Delete it to create a new key/);
  assert.doesNotMatch(en.stderr, /EEXIST/);
  const zh = await fdl(['serve', '--store', store, '--port', '0'], { LANG: 'zh_CN.UTF-8' });
  assert.match(zh.stderr, /本地 API 密钥文件 .*local-api-key\.json 无法使用（文件为空）。删除该文件即可生成新密钥/);
});
