/**
 * Waiting callbacks of CLOUD executions, from histories shaped as the service returns them
 * (test/client/fixtures/cloud-history/): the tree marks the step waiting with its token, the
 * "Waiting for callback" group (ExecutionsModel.pendingCallbacks) lists it with its timeout, and
 * the editor hover (which reads the step's `pending`) can offer Approve/Reject — whether the
 * history is loaded at once or arrives live, and through the CloudBackend on the wire format.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { waitingCallbacks } from '../../../client/cloud/callback-tokens';
import { CloudBackend, toHistoryEvent } from '../../../client/cloud/cloud-backend';
import type { FnfClient, FnfEvent } from '../../../client/cloud/fnf-client';
import { timeoutLeftMs } from '../../../client/model/durations';
import { executionTreeFromHistory, type ExecutionTreeNode } from '../../../client/model/execution-tree';
import { ExecutionsModel } from '../../../client/model/executions-model';
import { stepMarks } from '../../../client/model/step-marks';
import type { HistoryEvent } from '../../../engine/backend';

const DIR = join(__dirname, '..', 'fixtures', 'cloud-history');

interface Expected {
  running: boolean;
  outline: string[];
  pending: { stepName: string; token: string; scheduleEventId: number; scheduledTime: string; timeoutSeconds?: number; input?: unknown }[];
}

const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.history.json'))
  .map((f) => {
    const name = f.replace(/\.history\.json$/, '');
    const raw = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { Events: FnfEvent[] };
    const expected = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) as Expected;
    return { name, raw: raw.Events, events: raw.Events.map(toHistoryEvent), expected };
  });

function outline(node: ExecutionTreeNode): string[] {
  return node.children.flatMap((c) => (c.kind === 'step' ? [`${c.stepName} [${c.status}]`, ...outline(c)] : outline(c)));
}

const summary = (name: string) => ({ flowName: 'approval', name, status: 'Running' as const, startedTime: '2026-11-29T10:00:01.000Z' });
const pendingOf = (p: { stepName: string; token: string; scheduleEventId: number; scheduledTime: string; timeoutSeconds?: number; input?: unknown }) => ({
  stepName: p.stepName,
  token: p.token,
  scheduleEventId: p.scheduleEventId,
  scheduledTime: p.scheduledTime,
  ...(p.timeoutSeconds !== undefined ? { timeoutSeconds: p.timeoutSeconds } : {}),
  input: p.input,
});

test('fixtures are present', () => assert.ok(fixtures.length >= 2));

for (const f of fixtures) {
  test(`${f.name}: the tree, the waiting group and the hover find the service's callback`, () => {
    const tree = executionTreeFromHistory(summary(f.name), f.events);
    assert.deepEqual(outline(tree.root), f.expected.outline);
    assert.deepEqual(tree.pendingCallbacks().map(pendingOf), f.expected.pending);

    // The editor's mark on the step and its hover (Approve/Reject links carry `visit.pending.token`).
    const [mark] = stepMarks([{ name: 'approve', nameSpan: { start: 0, end: 7 } }], tree.root);
    assert.equal(mark.status, 'waiting');
    assert.equal(mark.visit?.pending?.token, f.expected.pending[0].token);
    assert.equal(mark.visit?.pending?.stepId, mark.visit?.id);

    // "timeout left" where the service's events give the step timeout, none otherwise.
    const p = tree.pendingCallbacks()[0];
    const left = timeoutLeftMs(p.scheduledTime, p.timeoutSeconds, Date.parse(p.scheduledTime) + 60_000);
    assert.equal(left, p.timeoutSeconds === undefined ? undefined : (p.timeoutSeconds - 60) * 1000);

    // The group: a listed execution whose history is loaded, then the same events arriving live.
    const loaded = new ExecutionsModel();
    loaded.setSummaries([summary(f.name)]);
    assert.ok(loaded.beginLoad('approval', f.name));
    loaded.load('approval', f.name, f.events);
    assert.deepEqual(loaded.pendingCallbacks().map(pendingOf), f.expected.pending);
    const live = new ExecutionsModel();
    for (const e of f.events) live.onEvent('approval', f.name, e);
    assert.deepEqual(live.pendingCallbacks().map(pendingOf), f.expected.pending);

    // Answered: the group empties and the step runs on.
    const last = f.events[f.events.length - 1];
    const answer: HistoryEvent = {
      eventId: last.eventId + 1,
      type: 'TaskSucceeded',
      stepName: p.stepName,
      time: last.time,
      scheduleEventId: last.eventId,
      eventDetail: '{"output":{"approved":true}}',
    };
    live.onEvent('approval', f.name, answer);
    assert.deepEqual(live.pendingCallbacks(), []);
    assert.equal(live.tree('approval', f.name)!.root.children.at(-1)!.status, 'running');

    // The cloud backend's own list (used to answer from a command) agrees.
    assert.deepEqual(
      waitingCallbacks(f.events).map((w) => [w.stepName, w.taskToken, w.scheduleEventId]),
      f.expected.pending.map((e) => [e.stepName, e.token, e.scheduleEventId]),
    );
  });
}

test('a requestResponse task whose input carries some token is not a callback; a waitForCallback task without a readable token waits, unanswerable', () => {
  const ev = (eventId: number, type: string, stepName: string, detail: object, scheduleEventId?: number): HistoryEvent => ({
    eventId,
    type,
    stepName,
    time: `2026-11-29T10:00:0${eventId}.000Z`,
    eventDetail: JSON.stringify(detail),
    ...(scheduleEventId ? { scheduleEventId } : {}),
  });
  const tree = executionTreeFromHistory(summary('x'), [
    ev(1, 'ExecutionStarted', '', { input: {} }),
    ev(2, 'StepEntered', 'call', {}, 1),
    ev(3, 'TaskScheduled', 'call', { pattern: 'requestResponse', input: { token: 'an-api-token-not-a-callback' } }, 2),
    ev(4, 'StepEntered', 'wait', {}, 1),
    ev(5, 'TaskScheduled', 'wait', { pattern: 'waitForCallback', input: { request: 'x' } }, 4),
  ]);
  assert.deepEqual(outline(tree.root), ['call [running]', 'wait [waiting]']);
  assert.deepEqual(tree.pendingCallbacks(), []);
  assert.deepEqual(waitingCallbacks([]), []);
});

test('the cloud backend reads the service-shaped history on the wire and streams it live into the group', async () => {
  const f = fixtures.find((x) => x.name === 'token-in-submitted')!;
  const client = {
    getExecutionHistory: async () => ({ Events: f.raw }),
    describeExecution: async () => ({ Name: 'x', FlowName: 'approval', Status: 'Running', StartedTime: '2026-11-29T10:00:01.000Z' }),
  } as unknown as FnfClient;
  const cloud = new CloudBackend({ client, endpoint: 'https://cn-hangzhou.fnf.aliyuncs.com', region: 'cn-hangzhou', pollIntervalMs: 5, maxPollIntervalMs: 10 });
  try {
    assert.deepEqual(
      (await cloud.waitingCallbacks('approval', 'x')).map((w) => w.taskToken),
      [f.expected.pending[0].token],
    );
    const model = new ExecutionsModel();
    cloud.onEvent((flow, exec, e) => model.onEvent(flow, exec, e));
    await cloud.describeExecution('approval', 'x');
    const deadline = Date.now() + 3000;
    while (model.pendingCallbacks().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(model.pendingCallbacks().map(pendingOf), f.expected.pending);
  } finally {
    cloud.dispose();
  }
});
