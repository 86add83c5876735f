/**
 * The flow graph's run overlay for cloud executions: the cloud knows a flow file by the name
 * flowStudio.cloud.flowNames maps it to, so the graph follows that name on the CloudBackend (here
 * against the local FnF-compatible API, the real SDK on the wire) beside the engine's own name.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudBackend } from '../../../client/cloud/cloud-backend';
import { mappedFlowName } from '../../../client/cloud/flow-name';
import { createFnfClient } from '../../../client/cloud/fnf-client';
import { GraphRunFollower, type FollowedRun, type RunSource } from '../../../client/graph/run-follower';
import { localFlowName } from '../../../client/model/local-flow-name';
import { startLocalFnfApi, type LocalFnfApi } from '../cloud/local-fnf-api';

let api: LocalFnfApi;
let cloud: CloudBackend;

// The workspace file `flows/order.flow.yaml` is deployed to the cloud as the flow `approval`.
const FILE = '/ws/flows/order.flow.yaml';
const FLOW_NAMES = { 'flows/order.flow.yaml': 'approval' };

before(async () => {
  api = await startLocalFnfApi();
  cloud = new CloudBackend({
    client: createFnfClient({ endpoint: api.endpoint, credentials: { accessKeyId: api.key.accessKeyId, accessKeySecret: api.key.accessKeySecret }, timeoutMs: 5000 }),
    endpoint: api.endpoint,
    region: 'cn-hangzhou',
    pollIntervalMs: 10,
    maxPollIntervalMs: 40,
  });
});
after(async () => {
  cloud.dispose();
  await api.close();
});

/** A follower whose every overlay change is recorded; `until` waits for one that holds. */
function recordingFollower() {
  const seen: (FollowedRun | undefined)[] = [];
  const follower = new GraphRunFollower((run) => seen.push(run && structuredClone(run)));
  return {
    follower,
    seen,
    async until(what: string, ok: (run: FollowedRun | undefined) => boolean): Promise<FollowedRun | undefined> {
      for (let i = 0; i < 400; i++) {
        if (ok(follower.run)) return follower.run;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`timed out waiting for ${what}; run: ${JSON.stringify(follower.run)}`);
    },
  };
}

function sources(flowNames: Record<string, string>): RunSource[] {
  return [
    // The engine of this window has never run the file: it shows nothing from there.
    { backend: emptyLocal, flowName: localFlowName(FILE) },
    { backend: cloud, flowName: mappedFlowName('flows/order.flow.yaml', FILE, flowNames) },
  ];
}

const emptyLocal = {
  kind: 'local' as const,
  onEvent: () => () => {},
  listExecutions: async () => [],
} as unknown as RunSource['backend'];

test('the mapping names the cloud flow; unmapped files keep their stem', () => {
  assert.equal(mappedFlowName('flows/order.flow.yaml', FILE, FLOW_NAMES), 'approval');
  assert.equal(mappedFlowName('flows\\order.flow.yaml', FILE, FLOW_NAMES), 'approval', 'Windows separators');
  assert.equal(mappedFlowName('flows/order.flow.yaml', FILE, {}), 'order');
  assert.equal(mappedFlowName('flows/order.flow.yaml', FILE, { 'flows/order.flow.yaml': '  ' }), 'order', 'a blank entry is ignored');
  assert.equal(localFlowName('/ws/flows/my order.flow.yaml'), 'my_order');
});

test('a cloud execution of the mapped flow name is overlaid live: waiting, then succeeded once approved', async () => {
  const { follower, until } = recordingFollower();
  await follower.follow(sources(FLOW_NAMES));
  await cloud.startExecution({ flowName: 'approval', executionName: 'graph-1', input: '{"request":"laptop"}' });
  const waiting = await until('approve waiting', (r) => r?.overlay.steps.approve === 'waiting');
  assert.deepEqual([waiting!.backendKind, waiting!.executionName], ['cloud', 'graph-1']);
  assert.equal(waiting!.overlay.steps.prepare, 'succeeded');
  const [callback] = await cloud.waitingCallbacks('approval', 'graph-1');
  await cloud.reportTaskSucceeded(callback.taskToken!, '{"decision":"yes"}');
  const done = await until('the run to succeed', (r) => r?.overlay.execution === 'succeeded');
  assert.deepEqual(done!.overlay.steps, { prepare: 'succeeded', approve: 'succeeded' });
  follower.dispose();
});

test('opened on a cloud run started elsewhere, the graph shows it and follows it live', async () => {
  // Started by another window's CloudBackend, which then closed: nobody here follows it yet.
  const otherWindow = new CloudBackend({
    client: createFnfClient({ endpoint: api.endpoint, credentials: { accessKeyId: api.key.accessKeyId, accessKeySecret: api.key.accessKeySecret }, timeoutMs: 5000 }),
    endpoint: api.endpoint,
    region: 'cn-hangzhou',
  });
  await otherWindow.startExecution({ flowName: 'approval', executionName: 'graph-2', input: '{}' });
  otherWindow.dispose();
  for (let i = 0; i < 200 && !(await api.engine.getExecutionHistory('approval', 'graph-2')).some((e) => e.type === 'TaskSubmitted'); i++)
    await new Promise((r) => setTimeout(r, 5));
  const { follower, until } = recordingFollower();
  await follower.follow(sources(FLOW_NAMES));
  assert.equal(follower.run?.executionName, 'graph-2', 'the newest execution of the mapped flow');
  assert.equal(follower.run?.overlay.steps.approve, 'waiting');
  const [callback] = await cloud.waitingCallbacks('approval', 'graph-2');
  await cloud.reportTaskFailed(callback.taskToken!, 'Rejected', 'no budget');
  const failed = await until('the run to fail', (r) => r?.overlay.execution === 'failed');
  assert.equal(failed!.overlay.steps.approve, 'failed');
  follower.dispose();
});

test('without the mapping the file stem names no cloud flow, and removing the mapping clears the overlay', async () => {
  const { follower, seen } = recordingFollower();
  await follower.follow(sources({}));
  assert.equal(follower.run, undefined, 'no cloud flow is called "order"');
  await follower.follow(sources(FLOW_NAMES));
  assert.equal((follower.run as FollowedRun | undefined)?.backendKind, 'cloud', 'the mapped name finds the cloud runs');
  await follower.follow(sources({}));
  assert.equal(follower.run, undefined);
  assert.equal(seen.at(-1), undefined, 'the panel was told the overlay is gone');
  follower.dispose();
});
