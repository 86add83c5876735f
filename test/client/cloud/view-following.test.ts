/**
 * The Executions view on the cloud follows the running executions it lists, not only those started
 * in this window: one started straight through the API (another window, the console) and found by
 * ListExecutions updates live to its end — its callback appears, Approve from here finishes it —
 * without Refresh. Run against the local FnF-compatible API with the real SDK on the wire.
 *
 * ExecutionsView needs vscode, so this drives its model the way the view does (executions-view.ts
 * show → loadHistory → onChange): list, load the running histories, feed live events, and let
 * RunningFollows decide what the backend follows.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloudBackend } from '../../../client/cloud/cloud-backend';
import type { FnfClient } from '../../../client/cloud/fnf-client';
import { ExecutionsModel } from '../../../client/model/executions-model';
import { RunningFollows } from '../../../client/model/running-follows';
import { clientFor, cloudBackendOn, startLocalFnfApi, type LocalFnfApi } from './local-fnf-api';

let api: LocalFnfApi;
/** Another client of the same account: what the console or another window does. */
let elsewhere: FnfClient;

before(async () => {
  api = await startLocalFnfApi();
  elsewhere = clientFor(api);
});
after(() => api.close());

function windowBackend(): CloudBackend {
  return cloudBackendOn(api);
}

/** What ExecutionsView.show does with a backend: list, load the running histories, stay live. */
async function showView(cloud: CloudBackend) {
  const model = new ExecutionsModel();
  const follows = new RunningFollows(cloud);
  const followIfRunning = (flowName: string, executionName: string) => {
    const tree = model.tree(flowName, executionName);
    if (tree && model.isLoaded(flowName, executionName)) follows.update(tree);
  };
  cloud.onEvent((flowName, executionName, e) => {
    const change = model.onEvent(flowName, executionName, e);
    const root = model.tree(flowName, executionName)?.root;
    if (root && change.nodes.includes(root)) followIfRunning(flowName, executionName);
  });
  model.setSummaries(await cloud.listExecutions('approval'));
  for (const n of model.unloadedRunning()) {
    assert.ok(model.beginLoad(n.flowName, n.executionName));
    model.load(n.flowName, n.executionName, await cloud.getExecutionHistory(n.flowName, n.executionName));
    followIfRunning(n.flowName, n.executionName);
  }
  return { model, follows };
}

async function until(what: string, predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function startedElsewhere(name: string): Promise<void> {
  await elsewhere.startExecution({ FlowName: 'approval', ExecutionName: name, Input: '{"request":"laptop"}' });
  // Listed once it waits for its callback (the history shows the task submitted).
  await until(`${name} to wait`, () => api.engine.running().some((r) => r.executionName === name));
  const deadline = Date.now() + 5000;
  while (!(await elsewhere.getExecutionHistory({ FlowName: 'approval', ExecutionName: name })).Events?.some((e) => e.Type === 'TaskSubmitted')) {
    if (Date.now() > deadline) throw new Error(`${name} never waited`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('an execution started elsewhere and listed is followed live: Approve from here finishes it in the tree without Refresh, then the follow ends', async () => {
  await startedElsewhere('outside-1');
  const cloud = windowBackend();
  try {
    const { model, follows } = await showView(cloud);
    const tree = model.tree('approval', 'outside-1')!;
    const [waiting] = model.pendingCallbacks();
    assert.equal(waiting.executionName, 'outside-1');
    assert.ok(cloud.isFollowing('approval', 'outside-1'), 'the listed running execution is followed');

    await cloud.reportTaskSucceeded(waiting.token, '{"decision":"yes"}');
    await until('the tree to show the end', () => tree.root.status === 'Succeeded');
    assert.deepEqual(model.pendingCallbacks(), []);
    assert.deepEqual(tree.root.output, { decision: 'yes' });
    assert.deepEqual(
      tree.root.children.map((c) => [c.stepName, c.status]),
      [
        ['prepare', 'succeeded'],
        ['approve', 'succeeded'],
      ],
    );
    assert.equal(follows.size, 0, 'released once ended');
    assert.ok(!cloud.isFollowing('approval', 'outside-1'));
  } finally {
    cloud.dispose();
  }
});

test('answered from the console, a listed execution still ends in the tree; another backend shown stops the follow', async () => {
  await startedElsewhere('outside-2');
  await startedElsewhere('outside-3');
  const cloud = windowBackend();
  try {
    const { model, follows } = await showView(cloud);
    const [two, three] = ['outside-2', 'outside-3'].map((n) => model.pendingCallbacks().find((c) => c.executionName === n)!);
    await elsewhere.reportTaskFailed({ TaskToken: two.token, Error: 'Rejected', Cause: 'no budget' });
    await until('outside-2 to fail in the tree', () => model.tree('approval', 'outside-2')!.root.status === 'Failed');
    assert.equal(model.tree('approval', 'outside-2')!.root.error, 'Rejected');
    assert.ok(three, 'outside-3 waits');
    assert.ok(cloud.isFollowing('approval', 'outside-3'));
    // The view shows another backend: what it followed is let go.
    follows.dispose();
    assert.ok(!cloud.isFollowing('approval', 'outside-3'));
    await elsewhere.stopExecution({ FlowName: 'approval', ExecutionName: 'outside-3' });
  } finally {
    cloud.dispose();
  }
});

test('the local engine is never polled: its events stream on their own', () => {
  const follows = new RunningFollows(api.engine);
  follows.update({ root: { id: 'a/b', flowName: 'a', executionName: 'b', status: 'Running' }, lastEventId: 3 } as never);
  assert.equal(follows.size, 0);
});
