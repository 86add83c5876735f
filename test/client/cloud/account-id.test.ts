/**
 * The account ID the Function Compute catalog needs, without the setting: from the role ARN
 * setting or a deployed flow's execution role (FnF ListFlows answers), through the real SDK against
 * the local FnF-compatible API where the flows have no role.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountIdFromRoleArn, resolveAccountId } from '../../../client/cloud/account-id';
import type { CloudBackend } from '../../../client/cloud/cloud-backend';
import type { FnfFlow } from '../../../client/cloud/fnf-client';
import { cloudBackendOn, startLocalFnfApi, type LocalFnfApi } from './local-fnf-api';

let api: LocalFnfApi;
let cloud: CloudBackend;

before(async () => {
  api = await startLocalFnfApi();
  cloud = cloudBackendOn(api);
});
after(async () => {
  cloud.dispose();
  await api.close();
});

const noFlows = async (): Promise<FnfFlow[]> => [];

test('a RAM role ARN names its account; other text names none', () => {
  assert.equal(accountIdFromRoleArn('acs:ram::1234567890123456:role/fnf-execution-default-role'), '1234567890123456');
  for (const arn of [
    undefined,
    '',
    'acs:ram::abc:role/x',
    'acs:fc:cn-hangzhou:123:services/s/functions/f',
    'acs:ram::123:user/x',
    'acs:ram::123:role/',
    'acs:ram::123.evil.com:role/x',
  ])
    assert.equal(accountIdFromRoleArn(arn), undefined, String(arn));
});

test('the accountId setting wins, then the role ARN setting, then a deployed flow’s execution role', async () => {
  const flows = async (): Promise<FnfFlow[]> => [
    { Name: 'no-role', RoleArn: '' },
    { Name: 'orders', RoleArn: 'acs:ram::5550001:role/fnf-role' },
  ];
  assert.deepEqual(await resolveAccountId({ setting: '42', roleArn: 'acs:ram::7:role/r', listFlows: flows }), { accountId: '42', source: { kind: 'setting' } });
  assert.deepEqual(await resolveAccountId({ roleArn: 'acs:ram::7:role/r', listFlows: flows }), { accountId: '7', source: { kind: 'roleArnSetting' } });
  assert.deepEqual(await resolveAccountId({ listFlows: flows }), { accountId: '5550001', source: { kind: 'flowRole', flowName: 'orders' } });
  assert.equal(await resolveAccountId({ listFlows: noFlows }), undefined);
});

test('an account found from the flows before is used again without listing them; the role ARN setting still wins over it', async () => {
  const foundBefore = { accountId: '5550001', source: { kind: 'flowRole' as const, flowName: 'orders' } };
  let listed = 0;
  const flows = async (): Promise<FnfFlow[]> => (listed++, []);
  assert.deepEqual(await resolveAccountId({ listFlows: flows, foundBefore }), foundBefore);
  assert.equal(listed, 0);
  assert.deepEqual(await resolveAccountId({ roleArn: 'acs:ram::7:role/r', listFlows: flows, foundBefore }), { accountId: '7', source: { kind: 'roleArnSetting' } });
});

test('flows without a role (as the local API deploys them) or a failing ListFlows leave the account unknown, without throwing', async () => {
  assert.equal((await cloud.listFlows()).length, 2);
  assert.equal(await resolveAccountId({ listFlows: () => cloud.listFlows() }), undefined);
  assert.equal(
    await resolveAccountId({
      listFlows: async () => {
        throw new Error('Forbidden');
      },
    }),
    undefined,
  );
});
