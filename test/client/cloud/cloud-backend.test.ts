/**
 * CloudBackend against the local FnF-compatible API: the real @alicloud/fnf-2019-03-15 client
 * signs every request and the server verifies it, so what passes here is what the service sees.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEvent } from '../../../engine/backend';
import { CloudBackend } from '../../../client/cloud/cloud-backend';
import { CloudServiceError } from '../../../client/cloud/cloud-errors';
import { createFnfClient, type CloudCredentials } from '../../../client/cloud/fnf-client';
import { startLocalFnfApi, type LocalFnfApi } from './local-fnf-api';

let api: LocalFnfApi;
let cloud: CloudBackend;

function backendWith(credentials: CloudCredentials, extra: Partial<ConstructorParameters<typeof CloudBackend>[0]> = {}): CloudBackend {
  return new CloudBackend({
    client: createFnfClient({ endpoint: api.endpoint, credentials, timeoutMs: 5000 }),
    endpoint: api.endpoint,
    region: 'cn-hangzhou',
    accountId: '1234567890',
    pollIntervalMs: 10,
    maxPollIntervalMs: 40,
    ...extra,
  });
}

before(async () => {
  api = await startLocalFnfApi();
  cloud = backendWith({ accessKeyId: api.key.accessKeyId, accessKeySecret: api.key.accessKeySecret });
});
after(async () => {
  cloud.dispose();
  await api.close();
});

/** Collects one execution's live events until `until` holds. */
function eventsOf(backend: CloudBackend, executionName: string) {
  const events: HistoryEvent[] = [];
  const waiters: { until: (e: HistoryEvent[]) => boolean; resolve: () => void }[] = [];
  backend.onEvent((_flow, exec, e) => {
    if (exec !== executionName) return;
    events.push(e);
    for (const w of waiters.splice(0))
      if (w.until(events)) w.resolve();
      else waiters.push(w);
  });
  return {
    events,
    until: (pred: (e: HistoryEvent[]) => boolean) =>
      pred(events)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const t = setTimeout(() => reject(new Error(`timed out; saw ${events.map((e) => e.type).join(',')}`)), 5000);
            waiters.push({ until: pred, resolve: () => (clearTimeout(t), resolve()) });
          }),
  };
}

test('start, follow the history live, approve the waiting callback with its token, describe the result', async () => {
  const live = eventsOf(cloud, 'approve-1');
  const started = await cloud.startExecution({ flowName: 'approval', executionName: 'approve-1', input: JSON.stringify({ request: 'laptop' }) });
  assert.deepEqual([started.flowName, started.name, started.status], ['approval', 'approve-1', 'Running']);
  await live.until((es) => es.some((e) => e.type === 'TaskSubmitted'));
  const [waiting] = await cloud.waitingCallbacks('approval', 'approve-1');
  assert.equal(waiting.stepName, 'approve');
  assert.ok(waiting.taskToken && waiting.taskToken.length >= 16);
  await cloud.reportTaskSucceeded(waiting.taskToken, JSON.stringify({ decision: 'yes' }));
  await live.until((es) => es.some((e) => e.type === 'ExecutionSucceeded'));
  const types = live.events.map((e) => e.type);
  assert.equal(types[0], 'ExecutionStarted');
  assert.ok(types.indexOf('TaskScheduled') < types.indexOf('TaskSucceeded'));
  assert.deepEqual(
    live.events.map((e) => e.eventId),
    [...live.events.map((e) => e.eventId)].sort((a, b) => a - b),
    'in order, each once',
  );
  assert.equal(new Set(live.events.map((e) => e.eventId)).size, live.events.length);
  const done = await cloud.describeExecution('approval', 'approve-1');
  assert.equal(done.status, 'Succeeded');
  assert.equal(JSON.parse(done.output!).decision, 'yes');
  assert.deepEqual(await cloud.waitingCallbacks('approval', 'approve-1'), []);
});

test('reject fails the task with the error and cause given; answering twice gets TaskAlreadyCompleted with guidance', async () => {
  const live = eventsOf(cloud, 'reject-1');
  await cloud.startExecution({ flowName: 'approval', executionName: 'reject-1', input: '{"request":"yacht"}' });
  await live.until((es) => es.some((e) => e.type === 'TaskSubmitted'));
  const [waiting] = await cloud.waitingCallbacks('approval', 'reject-1');
  await cloud.reportTaskFailed(waiting.taskToken!, 'Rejected', 'no budget');
  await live.until((es) => es.some((e) => e.type === 'ExecutionFailed'));
  const failed = live.events.find((e) => e.type === 'TaskFailed')!;
  assert.deepEqual(JSON.parse(failed.eventDetail!), { error: 'Rejected', cause: 'no budget' });
  await assert.rejects(cloud.reportTaskSucceeded(waiting.taskToken!, '{}'), (e: unknown) => {
    assert.ok(e instanceof CloudServiceError);
    assert.equal(e.code, 'TaskAlreadyCompleted');
    assert.match(e.guidance, /already answered/);
    return true;
  });
});

test('stop ends a waiting execution and its live stream', async () => {
  const live = eventsOf(cloud, 'stop-1');
  await cloud.startExecution({ flowName: 'approval', executionName: 'stop-1', input: '{}' });
  await live.until((es) => es.some((e) => e.type === 'TaskSubmitted'));
  const stopped = await cloud.stopExecution('approval', 'stop-1', 'Cancelled', 'by the test');
  assert.ok(['Stopped', 'Running'].includes(stopped.status));
  await live.until((es) => es.some((e) => e.type === 'ExecutionStopped'));
  assert.equal((await cloud.describeExecution('approval', 'stop-1')).status, 'Stopped');
});

test('long histories are read page by page with NextToken, live and at once', async () => {
  const paged = backendWith({ accessKeyId: api.key.accessKeyId, accessKeySecret: api.key.accessKeySecret }, { historyPageSize: 7 });
  try {
    const live = eventsOf(paged, 'many-1');
    await paged.startExecution({ flowName: 'many-steps', executionName: 'many-1', input: JSON.stringify({ items: Array.from({ length: 12 }, (_, i) => i) }) });
    await live.until((es) => es.some((e) => e.type === 'ExecutionSucceeded'));
    const all = await paged.getExecutionHistory('many-steps', 'many-1');
    assert.ok(all.length > 40, `${all.length} events`);
    assert.deepEqual(
      live.events.map((e) => e.eventId),
      all.map((e) => e.eventId),
    );
  } finally {
    paged.dispose();
  }
});

test('the definition an execution ran is its DescribeExecution FlowDefinition; an unknown execution gets the service code', async () => {
  const definition = await cloud.executionDefinition('many-steps', 'many-1');
  assert.equal(definition, readFileSync(join(__dirname, 'fixtures', 'flows', 'many-steps.flow.yaml'), 'utf8'));
  await assert.rejects(cloud.executionDefinition('many-steps', 'no-such-run'), (e: unknown) => e instanceof CloudServiceError && e.code === 'ExecutionNotExists');
});

test('flows and executions are listed', async () => {
  const flows = (await cloud.listFlows()).map((f) => f.Name).sort();
  assert.deepEqual(flows, ['approval', 'many-steps']);
  const names = (await cloud.listExecutions('approval')).map((e) => e.name);
  for (const n of ['approve-1', 'reject-1', 'stop-1']) assert.ok(names.includes(n), names.join());
  const everything = await cloud.listExecutions();
  assert.ok(everything.some((e) => e.flowName === 'many-steps') && everything.some((e) => e.flowName === 'approval'));
});

test('a wrong secret is refused by the service as SignatureDoesNotMatch, surfaced with what to do and nothing secret', async () => {
  const wrong = backendWith({ accessKeyId: api.key.accessKeyId, accessKeySecret: 'not-the-secret' });
  await assert.rejects(wrong.describeExecution('approval', 'approve-1'), (e: unknown) => {
    assert.ok(e instanceof CloudServiceError);
    assert.equal(e.code, 'SignatureDoesNotMatch');
    assert.equal(e.action, 'DescribeExecution');
    assert.match(e.guidance, /Sign In to Alibaba Cloud/);
    assert.ok(!e.message.includes('not-the-secret') && !e.message.includes(api.key.accessKeySecret));
    assert.ok(!/URL:|Signature=/.test(e.message), e.message);
    return true;
  });
  const unknownKey = backendWith({ accessKeyId: 'LTAI-nobody', accessKeySecret: 'x' }, { locale: 'zh-cn' });
  await assert.rejects(unknownKey.listFlows(), (e: unknown) => e instanceof CloudServiceError && e.code === 'InvalidAccessKeyID' && /RAM 控制台/.test(e.guidance));
});

test('an unknown flow or execution gets the service code and a next step', async () => {
  await assert.rejects(
    cloud.startExecution({ flowName: 'nope', input: '{}' }),
    (e: unknown) => e instanceof CloudServiceError && e.code === 'FlowNotExists' && /Deploy the flow/.test(e.guidance),
  );
  await assert.rejects(cloud.describeExecution('approval', 'missing'), (e: unknown) => e instanceof CloudServiceError && e.code === 'ExecutionNotExists');
});

test('an unreachable endpoint is a network error naming the endpoint, not the request URL', async () => {
  const closed = new CloudBackend({
    client: createFnfClient({ endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKID', accessKeySecret: 's' }, timeoutMs: 2000 }),
    endpoint: 'http://127.0.0.1:9',
    region: 'cn-hangzhou',
  });
  await assert.rejects(closed.listFlows(), (e: unknown) => {
    assert.ok(e instanceof CloudServiceError);
    assert.equal(e.code, 'NetworkError');
    assert.match(e.message, /127\.0\.0\.1:9/);
    assert.ok(!e.message.includes('AKID'));
    return true;
  });
});
