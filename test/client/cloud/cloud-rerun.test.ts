/**
 * Re-run with the same input, for a cloud execution: a new execution of the deployed flow, with the
 * input DescribeExecution gives, through the real SDK against the local FnF-compatible API.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloudBackend } from '../../../client/cloud/cloud-backend';
import { rerunCloudExecution } from '../../../client/cloud/cloud-rerun';
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

test('re-running a cloud execution starts a new execution of the same flow with the same input', async () => {
  const input = JSON.stringify({ request: 'laptop', count: 2 });
  const first = await cloud.startExecution({ flowName: 'approval', executionName: 'first-run', input });
  const again = await rerunCloudExecution(cloud, first.flowName, first.name);
  assert.equal(again.flowName, 'approval');
  assert.notEqual(again.name, 'first-run');
  const described = await cloud.describeExecution('approval', again.name);
  assert.deepEqual(JSON.parse(described.input!), { request: 'laptop', count: 2 });
  assert.deepEqual((await cloud.listExecutions('approval')).map((e) => e.name).sort(), [again.name, 'first-run'].sort());
});

test('re-running an execution that does not exist fails with the service error, starting nothing', async () => {
  await assert.rejects(rerunCloudExecution(cloud, 'approval', 'no-such-execution'), (e: Error & { code?: string }) => /ExecutionNotExists/.test(String(e.code)));
  assert.equal((await cloud.listExecutions('approval')).length, 2);
});
