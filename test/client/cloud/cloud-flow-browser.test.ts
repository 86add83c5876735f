/**
 * Show Cloud Flows as a browser: the list with each flow's mode, the deployed definition as
 * DescribeFlow gives it (what the read-only document, the diff and the download show), the local
 * file it is compared with, and the flow's executions; through the real SDK against the
 * signature-checking stand-in of the service.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudBackend } from '../../../client/cloud/cloud-backend';
import { downloadFileName, localFilesFor } from '../../../client/cloud/cloud-flow-browser';
import { listCloudFlows } from '../../../client/cloud/cloud-flow-list';
import { createFnfClient } from '../../../client/cloud/fnf-client';
import { flowNameFromPath } from '../../../client/cloud/flow-name';
import { startFnfCloudStandIn, type FnfCloudStandIn } from './fnf-cloud-standin';

let cloud: FnfCloudStandIn;
let backend: CloudBackend;
const approvalPath = join(__dirname, 'fixtures', 'flows', 'approval.flow.yaml');
const greetPath = join(__dirname, 'fixtures', 'deploy', 'greet.flow.yaml');

before(async () => {
  cloud = await startFnfCloudStandIn();
  backend = new CloudBackend({
    client: createFnfClient({ endpoint: cloud.endpoint, credentials: { accessKeyId: cloud.key.accessKeyId, accessKeySecret: cloud.key.accessKeySecret }, timeoutMs: 5000 }),
    endpoint: cloud.endpoint,
    region: 'cn-hangzhou',
    pollIntervalMs: 10,
    maxPollIntervalMs: 40,
  });
  await backend.deployFlow({ name: 'approval', definition: readFileSync(approvalPath, 'utf8'), executionMode: 'Standard' });
  await backend.deployFlow({ name: 'greet', definition: readFileSync(greetPath, 'utf8'), executionMode: 'Express' });
});
after(async () => {
  backend.dispose();
  await cloud.close();
});

test('the browser lists every deployed flow with its execution mode', async () => {
  const rows = await listCloudFlows(backend);
  assert.deepEqual(rows.map((r) => [r.name, r.executionMode]).sort(), [
    ['approval', 'Standard'],
    ['greet', 'Express'],
  ]);
});

test('the deployed definition is the deployed text, byte for byte (the read-only document, the diff and the download show it)', async () => {
  assert.equal((await backend.describeFlow('approval'))?.Definition, readFileSync(approvalPath, 'utf8'));
  assert.equal(await backend.describeFlow('nope'), undefined);
  // A download lands where Deploy names it back to the same flow.
  assert.equal(flowNameFromPath(`/w/${downloadFileName('approval')}`), 'approval');
});

test('the local copy of a deployed flow: a flowNames mapping first, then files named after it', () => {
  const files = [
    { relativePath: 'flows/approval.flow.yaml', fsPath: '/w/flows/approval.flow.yaml' },
    { relativePath: 'old/approval.flow.yml', fsPath: '/w/old/approval.flow.yml' },
    { relativePath: 'flows/expense.flow.yaml', fsPath: '/w/flows/expense.flow.yaml' },
    { relativePath: 'flows/greet.flow.yaml', fsPath: '/w/flows/greet.flow.yaml' },
  ];
  const names = { 'flows/expense.flow.yaml': 'approval', 'flows/greet.flow.yaml': 'hello' };
  assert.deepEqual(
    localFilesFor('approval', files, names).map((f) => f.relativePath),
    ['flows/expense.flow.yaml', 'flows/approval.flow.yaml', 'old/approval.flow.yml'],
  );
  assert.deepEqual(localFilesFor('greet', files, names), [], 'mapped to another name');
  assert.deepEqual(
    localFilesFor('hello', files, names).map((f) => f.relativePath),
    ['flows/greet.flow.yaml'],
  );
});

test('a flow’s executions are listed for the Executions view over the cloud', async () => {
  assert.deepEqual(await backend.listExecutions('approval'), []);
  const started = await backend.startExecution({ flowName: 'approval', executionName: 'browse-1', input: '{"request":"pen"}' });
  const listed = await backend.listExecutions('approval');
  assert.deepEqual(
    listed.map((e) => [e.flowName, e.name]),
    [['approval', started.name]],
  );
  await backend.stopExecution('approval', 'browse-1');
});
