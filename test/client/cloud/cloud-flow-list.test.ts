/**
 * "Show Cloud Flows": every deployed flow, executions or not, the most recently modified first,
 * through the real SDK against the local FnF-compatible API.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloudBackend } from '../../../client/cloud/cloud-backend';
import { listCloudFlows } from '../../../client/cloud/cloud-flow-list';
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

test('deployed flows without any execution are listed, with their last-modified time, and can be started from the list', async () => {
  assert.deepEqual(await cloud.listExecutions(), [], 'nothing has run: the Executions view would be empty');
  const rows = await listCloudFlows(cloud);
  assert.deepEqual(rows.map((r) => r.name).sort(), ['approval', 'many-steps']);
  for (const r of rows) assert.ok(r.lastModifiedTime && Number.isFinite(Date.parse(r.lastModifiedTime)), `${r.name}: ${r.lastModifiedTime}`);
  const started = await cloud.startExecution({ flowName: rows[0].name, input: '{"from":"list"}' });
  assert.equal((await cloud.describeExecution(rows[0].name, started.name)).input, '{"from":"list"}');
});

test('the most recently modified flow comes first; flows without a time come last, by name', async () => {
  const flows: FnfFlow[] = [
    { Name: 'old', LastModifiedTime: '2024-01-01T00:00:00Z' },
    { Name: 'b-untimed' },
    { Name: 'new', LastModifiedTime: '2026-05-01T10:00:00Z', Description: 'orders' },
    { Name: 'created-only', CreatedTime: '2025-03-01T00:00:00Z' },
    { Name: 'a-untimed' },
  ];
  const rows = await listCloudFlows({ listFlows: async () => flows });
  assert.deepEqual(
    rows.map((r) => r.name),
    ['new', 'created-only', 'old', 'a-untimed', 'b-untimed'],
  );
  assert.equal(rows[0].description, 'orders');
});
