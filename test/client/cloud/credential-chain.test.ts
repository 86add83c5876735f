/**
 * Credentials users already have: the default chain (environment variables first, then the aliyun
 * CLI's current profile) and a named aliyun CLI profile, through `@alicloud/credentials` and the
 * real FnF SDK against the signature-checking stand-in; and nothing secret leaks into what is
 * remembered, listed or reported.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudBackend } from '../../../client/cloud/cloud-backend';
import { CredentialChainError, listCliProfiles, safeChainMessage, supplierFor } from '../../../client/cloud/credential-chain';
import { createFnfClient, type CloudKey } from '../../../client/cloud/fnf-client';
import { startFnfCloudStandIn, type FnfCloudStandIn } from './fnf-cloud-standin';

let cloud: FnfCloudStandIn;
let home: string;
const saved = { ...process.env };
const CHAIN_VARS = [
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'ALIBABA_CLOUD_PROFILE',
  'ALIBABA_CLOUD_ROLE_ARN',
  'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
  'ALIBABA_CLOUD_CREDENTIALS_FILE',
  'ALIBABA_CLOUD_CREDENTIALS_URI',
];

function writeCliConfig(conf: object): string {
  const path = join(home, '.aliyun', 'config.json');
  writeFileSync(path, JSON.stringify(conf, null, 2));
  return path;
}

function backendWith(key: CloudKey): CloudBackend {
  return new CloudBackend({ client: createFnfClient({ endpoint: cloud.endpoint, credentials: key, timeoutMs: 5000 }), endpoint: cloud.endpoint, region: 'cn-hangzhou' });
}

before(async () => {
  cloud = await startFnfCloudStandIn();
  home = mkdtempSync(join(tmpdir(), 'cred-home-'));
  mkdirSync(join(home, '.aliyun'));
});
beforeEach(() => {
  for (const v of CHAIN_VARS) delete process.env[v];
  process.env.HOME = home;
  // No instance metadata probe (100.100.100.200) from a test machine.
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  writeCliConfig({
    current: 'dev',
    profiles: [
      { name: 'dev', mode: 'AK', access_key_id: cloud.key.accessKeyId, access_key_secret: cloud.key.accessKeySecret, region_id: 'cn-hangzhou' },
      {
        name: 'temp',
        mode: 'StsToken',
        access_key_id: cloud.key.accessKeyId,
        access_key_secret: cloud.key.accessKeySecret,
        sts_token: 'sts-token-value-0123456789',
        region_id: 'cn-shanghai',
      },
      { name: 'stale', mode: 'AK', access_key_id: cloud.key.accessKeyId, access_key_secret: 'stale-secret-not-valid-anymore' },
    ],
  });
});
after(async () => {
  process.env = saved;
  await cloud.close();
  rmSync(home, { recursive: true, force: true });
});

test('the profile picker lists the aliyun CLI profiles by name, mode and region, and never their keys', () => {
  const listed = listCliProfiles(home);
  assert.deepEqual(listed, {
    current: 'dev',
    profiles: [
      { name: 'dev', mode: 'AK', region: 'cn-hangzhou' },
      { name: 'temp', mode: 'StsToken', region: 'cn-shanghai' },
      { name: 'stale', mode: 'AK' },
    ],
  });
  const text = JSON.stringify(listed);
  for (const secret of [cloud.key.accessKeySecret, cloud.key.accessKeyId, 'sts-token-value']) assert.ok(!text.includes(secret));
  assert.deepEqual(listCliProfiles(join(home, 'nowhere')), { profiles: [] });
});

test('a named aliyun CLI profile signs real requests; a profile with a wrong key is refused by the service', async () => {
  const dev = backendWith(supplierFor({ kind: 'cliProfile', profile: 'dev' }));
  assert.deepEqual(await dev.listFlows(), []);
  const temp = await supplierFor({ kind: 'cliProfile', profile: 'temp' }).getCredentials();
  assert.equal(temp.securityToken, 'sts-token-value-0123456789');
  const stale = backendWith(supplierFor({ kind: 'cliProfile', profile: 'stale' }));
  await assert.rejects(stale.listFlows(), (e: unknown) => (e as { code?: string }).code === 'SignatureDoesNotMatch');
  dev.dispose();
  stale.dispose();
});

test('the default chain takes environment variables before the aliyun CLI current profile', async () => {
  writeCliConfig({ current: 'stale', profiles: [{ name: 'stale', mode: 'AK', access_key_id: cloud.key.accessKeyId, access_key_secret: 'stale-secret-not-valid-anymore' }] });
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = cloud.key.accessKeyId;
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = cloud.key.accessKeySecret;
  const fromEnv = backendWith(supplierFor({ kind: 'chain' }));
  assert.deepEqual(await fromEnv.listFlows(), []);
  fromEnv.dispose();
  delete process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  const fromCli = backendWith(supplierFor({ kind: 'chain' }));
  await assert.rejects(fromCli.listFlows(), (e: unknown) => (e as { code?: string }).code === 'SignatureDoesNotMatch', 'the CLI current profile (stale) was used');
  fromCli.dispose();
});

test('no key anywhere, an unknown profile or a broken config: a clear error that quotes no secret', async () => {
  await assert.rejects(supplierFor({ kind: 'cliProfile', profile: 'nope' }).getCredentials(), (e: unknown) => e instanceof CredentialChainError && /nope/.test(e.message));
  const secret = 'VerySecretKeyValue0123456789abcdef';
  const path = writeCliConfig({ current: 'dev' });
  writeFileSync(path, `{ "profiles": [ { "name": "dev", "access_key_secret": "${secret}" ,, ] }`);
  for (const source of [{ kind: 'cliProfile', profile: 'dev' }, { kind: 'chain' }] as const) {
    await assert.rejects(supplierFor(source).getCredentials(), (e: unknown) => {
      assert.ok(e instanceof CredentialChainError);
      assert.ok(!e.message.includes(secret), e.message);
      assert.ok(!e.message.includes('VerySecret'), e.message);
      return true;
    });
  }
  assert.equal(readFileSync(path, 'utf8').includes(secret), true, 'the user’s file is left as it was');
  assert.ok(!safeChainMessage(new Error(`get sts token failed, httpStatus: 400, message = {"AccessKeySecret":"${secret}"}`)).includes(secret));
  assert.ok(!safeChainMessage(new Error(`x: ${secret}`)).includes(secret), 'long key-like tokens are masked');
});

test('using a profile reads the aliyun CLI config and never writes it', async () => {
  const path = join(home, '.aliyun', 'config.json');
  const before = readFileSync(path, 'utf8');
  await supplierFor({ kind: 'cliProfile', profile: 'temp' }).getCredentials();
  await supplierFor({ kind: 'chain' }).getCredentials();
  assert.equal(readFileSync(path, 'utf8'), before);
});
