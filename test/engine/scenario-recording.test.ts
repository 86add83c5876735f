/**
 * Save as Test Scenario's pure part (engine/scenario-recording.ts): an execution run by `fdl run`
 * with the examples' real local functions is recorded from its summary and history (read through
 * the Backend interface, as the extension reads it), written as a scenario file, and then
 *   - `fdl test` passes it, with no function available (the scenario replays from its mocks), and
 *   - running it again reproduces the execution: the same status, output or error, the same steps
 *     in the same order, and the same task outcomes.
 * One case per dialect, and a failed execution.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LocalBackend, toHistoryEvent } from '../../engine/local-backend';
import { loadScenario, runScenario } from '../../engine/scenario';
import { scenarioFromExecution, scenarioText, ScenarioRecordingError } from '../../engine/scenario-recording';
import type { HistoryEvent } from '../../engine/backend';
import { parse as parseYaml } from 'yaml';
import { tempDir } from './helpers';
import { fdl, ROOT } from '../cli/fdl-process';

const CLASSIC = join(ROOT, 'examples', 'flows', 'order-approval.flow.yaml');
const CLASSIC_FUNCTIONS = join(ROOT, 'examples', 's.yaml');
const SM = join(ROOT, 'examples', 'statemachine', 'flows', 'order-fulfilment.flow.yaml');
const SM_FUNCTIONS = join(ROOT, 'examples', 'statemachine', 's.yaml');

/** Runs the flow with its real local functions into a fresh store; returns the store's only execution. */
async function recordedRun(t: { after(fn: () => void): void }, flow: string, functions: string, input: unknown) {
  const dir = tempDir(t);
  const store = join(dir, 'store');
  const r = await fdl(['run', flow, '--functions', functions, '--input', JSON.stringify(input), '--store', store, '--json']);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const backend = new LocalBackend({ storeDir: store, invokers: [] });
  try {
    await backend.open({ resume: () => false });
    const [listed] = await backend.listExecutions();
    const summary = await backend.describeExecution(listed.flowName, listed.name);
    const history = await backend.getExecutionHistory(listed.flowName, listed.name);
    return { dir, summary, history };
  } finally {
    backend.close();
  }
}

/** Task outcomes in the order they were recorded: what a replay must give back. */
function taskOutcomes(history: readonly HistoryEvent[]): string[] {
  return history
    .filter((e) => /^Task(Succeeded|Failed|TimedOut|SubmitFailed)$/.test(e.type))
    .map((e) => {
      const d = JSON.parse(e.eventDetail ?? '{}') as { output?: unknown; error?: string };
      return `${e.stepName} ${e.type} ${e.type === 'TaskSucceeded' ? JSON.stringify(d.output) : d.error}`;
    })
    .sort();
}

async function saveAndReplay(t: { after(fn: () => void): void }, flow: string, functions: string, input: unknown) {
  const run = await recordedRun(t, flow, functions, input);
  const scenarioFile = join(run.dir, 'saved.scenario.yaml');
  const recorded = scenarioFromExecution({ summary: run.summary, history: run.history, flowFile: relative(run.dir, flow).split('\\').join('/') });
  writeFileSync(scenarioFile, scenarioText(recorded, ['recorded from a test run']));
  // `fdl test` with no --functions: only the recorded mocks answer the tasks.
  const cli = await fdl(['test', scenarioFile]);
  assert.equal(cli.code, 0, cli.stdout + cli.stderr);
  assert.match(cli.stdout, /^1 passed, 0 failed$/m);
  const replay = await runScenario(loadScenario(scenarioFile));
  assert.deepEqual(replay.failures, []);
  assert.equal(replay.result!.status, run.summary.status);
  assert.deepEqual(replay.result!.path, recorded.expect.path);
  // Every task outcome of the replay is one the execution had. (Not always all of them: a mocked
  // task still waiting when a sibling Parallel branch fails is cancelled, where local code ran on.)
  const original = taskOutcomes(run.history);
  for (const outcome of taskOutcomes(replay.result!.history.map(toHistoryEvent))) assert.ok(original.includes(outcome), `${outcome} is not in ${original.join(', ')}`);
  return { run, recorded, replay, text: parseYaml(scenarioTextOf(scenarioFile)) as Record<string, unknown> };
}

function scenarioTextOf(file: string): string {
  return readFileSync(file, 'utf8');
}

test('classic: an order approved by a local function calling back through the SDK is saved as a scenario that passes fdl test and replays it', { timeout: 120_000 }, async (t) => {
  const input = { orderId: 'A-1001', sku: 'tea-set', quantity: 2, amount: 42, card: '4111111111111111' };
  const { run, recorded, text, replay } = await saveAndReplay(t, CLASSIC, CLASSIC_FUNCTIONS, input);
  assert.deepEqual(taskOutcomes(replay.result!.history.map(toHistoryEvent)), taskOutcomes(run.history));
  assert.equal(run.summary.status, 'Succeeded');
  assert.deepEqual(text.input, input);
  assert.equal(text.flow, relative(run.dir, CLASSIC).split('\\').join('/'));
  const tasks = recorded.mocks!.tasks;
  // The function's return value, the callback's report and the asynchronous invocation's result, each recorded.
  assert.deepEqual(
    tasks.CheckInventory.map((e) => e.output),
    [{ inStock: true, lowStock: false, checkedBy: 'check-inventory' }],
  );
  assert.equal(typeof (tasks.AutoApprove[0].output as { approvedBy?: unknown }).approvedBy, 'string');
  assert.deepEqual(
    tasks.ChargePayment.map((e) => e.output),
    [{ paymentId: 'pay-A-1001', charged: 42 }],
  );
  // The parallel branches finish in either order; the path is the order this run recorded, which the replay gave back.
  assert.deepEqual([...recorded.expect.path].sort(), ['Approval', 'AutoApprove', 'ChargePayment', 'CheckInventory', 'Done', 'Fulfil', 'InStock', 'PrepareShipment', 'Reserve']);
  assert.deepEqual(text.expect, { status: 'Succeeded', output: recorded.expect.output, path: recorded.expect.path });
});

test('classic: a failed execution (sold out) is saved with its error and replays to the same failure', { timeout: 120_000 }, async (t) => {
  const input = { orderId: 'A-1002', sku: 'out-of-tea', quantity: 1, amount: 18, card: '4111111111111111' };
  const { recorded } = await saveAndReplay(t, CLASSIC, CLASSIC_FUNCTIONS, input);
  assert.deepEqual(recorded.expect, { status: 'Failed', error: 'OutOfStock', path: ['CheckInventory', 'SoldOut'] });
});

test('StateMachine: a Map of Parallel tasks with a declined card caught is saved as a scenario that passes fdl test and replays it', { timeout: 120_000 }, async (t) => {
  const input = {
    orders: [
      { orderId: 'A-2003', sku: 'tea-cups', quantity: 6, amount: 60 },
      { orderId: 'A-2004', sku: 'tea-set', quantity: 15, amount: 630 },
    ],
  };
  const { run, recorded } = await saveAndReplay(t, SM, SM_FUNCTIONS, input);
  assert.equal(run.summary.status, 'Succeeded');
  const tasks = recorded.mocks!.tasks;
  assert.equal(tasks.ReserveStock.length, 2);
  // One charge per order, in the order they were scheduled: a receipt, then the declined card.
  assert.equal(tasks.ChargeCard.length, 2);
  assert.deepEqual(tasks.ChargeCard[0].output, { receipt: 'receipt-A-2003' });
  assert.equal(tasks.ChargeCard[1].error, 'PaymentDeclined');
  const output = recorded.expect.output as { count: number; results: { orderId: string; status: string }[] };
  assert.equal(output.count, 2);
  assert.deepEqual(
    output.results.map((r) => [r.orderId, r.status]),
    [
      ['A-2003', 'fulfilled'],
      ['A-2004', 'declined'],
    ],
  );
});

test('a stopped or unfinished execution is refused with a reason, not written', () => {
  const summary = { flowName: 'f', name: 'e1', input: '{}' };
  assert.throws(
    () => scenarioFromExecution({ summary: { ...summary, status: 'Stopped' }, history: [], flowFile: 'f.flow.yaml' }),
    (e: Error) => e instanceof ScenarioRecordingError && /e1 was stopped/.test(e.message),
  );
  assert.throws(
    () => scenarioFromExecution({ summary: { ...summary, status: 'Running' }, history: [], flowFile: 'f.flow.yaml' }),
    (e: Error) => e instanceof ScenarioRecordingError && /e1 is Running/.test(e.message),
  );
});

test('a task that timed out is recorded as an answer later than its timeout, so the replay times out the same way', async (t) => {
  const dir = tempDir(t);
  const flow = join(dir, 'slow.flow.yaml');
  writeFileSync(
    flow,
    `version: v1
type: flow
steps:
  - type: task
    name: Slow
    resourceArn: acs:fc:::services/s/functions/slow
    pattern: waitForCallback
    timeoutSeconds: 30
    catch:
      - errors: [FnF.TaskTimeout]
        goto: Late
  - type: succeed
    name: OnTime
  - type: pass
    name: Late
`,
  );
  // The original: a callback that never comes (a mock answering after an hour of flow time).
  const original = join(dir, 'original.scenario.yaml');
  writeFileSync(original, `flow: slow.flow.yaml\nmocks: {tasks: {Slow: [{output: {}, delayMs: 3600000}]}}\n`);
  const first = await runScenario(loadScenario(original));
  const history = first.result!.history.map(toHistoryEvent);
  assert.ok(history.some((e) => e.type === 'TaskTimedOut'));
  const recorded = scenarioFromExecution({
    summary: { flowName: 'slow', name: first.result!.executionName, status: first.result!.status, input: '{}', output: JSON.stringify(first.result!.output) },
    history,
    flowFile: 'slow.flow.yaml',
  });
  assert.deepEqual(recorded.mocks!.tasks.Slow, [{ output: {}, delayMs: 31_000 }]);
  const saved = join(dir, 'saved.scenario.yaml');
  writeFileSync(saved, scenarioText(recorded));
  const replay = await runScenario(loadScenario(saved));
  assert.deepEqual(replay.failures, []);
  assert.deepEqual(replay.result!.path, ['Slow', 'Late']);
});

test('a cloud history (GetExecutionHistory: results scheduled by TaskStarted, not TaskScheduled) pairs each result with its step’s oldest open task, in order', async (t) => {
  const dir = tempDir(t);
  writeFileSync(
    join(dir, 'two-calls.flow.yaml'),
    `version: v1
type: flow
steps:
  - type: task
    name: Call
    resourceArn: acs:fc:::services/s/functions/f
    retry:
      - errors: [FC.ResourceThrottled]
        intervalSeconds: 1
        maxAttempts: 2
  - type: task
    name: Notify
    resourceArn: acs:fc:::services/s/functions/n
    pattern: waitForCallback
`,
  );
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ms)).toISOString();
  let id = 0;
  const ev = (type: string, stepName: string | undefined, ms: number, detail: unknown, scheduleEventId?: number): HistoryEvent => ({
    eventId: ++id,
    type,
    ...(stepName ? { stepName } : {}),
    time: at(ms),
    eventDetail: JSON.stringify(detail),
    ...(scheduleEventId !== undefined ? { scheduleEventId } : {}),
  });
  // As the service returns it: each result's ScheduleEventId names its TaskStarted.
  const history = [
    ev('ExecutionStarted', undefined, 0, { input: { n: 1 } }, 0),
    ev('StepEntered', 'Call', 1, { input: { n: 1 } }, 1),
    ev('TaskScheduled', 'Call', 2, { resource: 'acs:fc:::services/s/functions/f', pattern: 'requestResponse', input: {} }, 2),
    ev('TaskStarted', 'Call', 3, {}, 3),
    ev('TaskFailed', 'Call', 40, { error: 'FC.ResourceThrottled', cause: 'busy' }, 4),
    ev('TaskScheduled', 'Call', 1040, { resource: 'acs:fc:::services/s/functions/f', pattern: 'requestResponse', input: {} }, 2),
    ev('TaskStarted', 'Call', 1041, {}, 6),
    ev('TaskSucceeded', 'Call', 1090, { output: { ok: true } }, 7),
    ev('StepSucceeded', 'Call', 1091, { output: { ok: true } }, 2),
    ev('TaskScheduled', 'Notify', 1092, { resource: 'acs:fc:::services/s/functions/n', pattern: 'waitForCallback', input: {} }, 9),
    ev('TaskStarted', 'Notify', 1093, {}, 10),
    ev('TaskSubmitted', 'Notify', 1094, {}, 11),
    ev('TaskSucceeded', 'Notify', 60_000, { output: { approved: 'yes' } }, 11),
    ev('StepSucceeded', 'Notify', 60_001, { output: { approved: 'yes' } }, 9),
    ev('ExecutionSucceeded', undefined, 60_002, { output: { ok: true, approved: 'yes' } }, 1),
  ];
  const recorded = scenarioFromExecution({
    summary: { flowName: 'two-calls', name: 'cloud-1', status: 'Succeeded', input: '{"n":1}', output: '{"ok":true,"approved":"yes"}' },
    history,
    flowFile: 'two-calls.flow.yaml',
  });
  assert.deepEqual(recorded.mocks!.tasks, {
    Call: [
      { error: 'FC.ResourceThrottled', cause: 'busy', delayMs: 40 },
      // Invoked when the failure came back (40 ms), answered at its recorded 1090 ms.
      { output: { ok: true }, delayMs: 1050 },
    ],
    Notify: [{ output: { approved: 'yes' }, delayMs: 60_000 - 1090 }],
  });
  assert.deepEqual(recorded.expect, { status: 'Succeeded', output: { ok: true, approved: 'yes' }, path: ['Call', 'Notify'] });
  const saved = join(dir, 'cloud.scenario.yaml');
  writeFileSync(saved, scenarioText(recorded));
  const replay = await runScenario(loadScenario(saved));
  assert.deepEqual(replay.failures, []);
});

/**
 * A hand-written StateMachine history (order-fulfilment, one order) in which ReserveStock's answer
 * came after its sibling ChargeCard had failed the Parallel's branch, as a local function's late
 * result is recorded. Events follow from their scheduleEventId, as the engine records them.
 */
function lateSiblingHistory(): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const order = { orderId: 'A-2004', sku: 'tea-set', quantity: 15, amount: 630 };
  const declined = { orderId: 'A-2004', status: 'declined' };
  const output = { results: [declined], count: 1 };
  const payment = { error: 'PaymentDeclined', cause: 'order A-2004: 630 is above the limit' };
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
  const ev = (type: string, stepName: string | undefined, scheduleEventId: number | undefined, ms: number, detail: unknown = {}) => {
    events.push({ eventId: events.length + 1, type, stepName, scheduleEventId, time: at(ms), eventDetail: JSON.stringify(detail) });
    return events.length;
  };
  const started = ev('ExecutionStarted', undefined, undefined, 0, { input: { orders: [order] } });
  const mapEntered = ev('StateEntered', 'EachOrder', started, 1, { input: { orders: [order] } });
  const mapStarted = ev('StateStarted', 'EachOrder', mapEntered, 1, { input: { orders: [order] } });
  const iteration = ev('IterationEntered', 'EachOrder', mapStarted, 1, { index: 0, input: order });
  const parEntered = ev('StateEntered', 'ReserveAndCharge', iteration, 1, { input: order });
  const parStarted = ev('StateStarted', 'ReserveAndCharge', parEntered, 1, { input: order });
  const branch0 = ev('BranchEntered', 'ReserveAndCharge', parStarted, 1, { index: 0 });
  const rsEntered = ev('StateEntered', 'ReserveStock', branch0, 1, { input: order });
  const rsStarted = ev('StateStarted', 'ReserveStock', rsEntered, 1, { input: order });
  const rsTask = ev('TaskScheduled', 'ReserveStock', rsStarted, 1, { resource: 'acs:fc:::functions/reserve-stock/LATEST', pattern: 'requestResponse' });
  const branch1 = ev('BranchEntered', 'ReserveAndCharge', parStarted, 1, { index: 1 });
  const ccEntered = ev('StateEntered', 'ChargeCard', branch1, 1, { input: order });
  const ccStarted = ev('StateStarted', 'ChargeCard', ccEntered, 1, { input: order });
  const ccTask = ev('TaskScheduled', 'ChargeCard', ccStarted, 1, { resource: 'acs:fc:::functions/charge-card/LATEST', pattern: 'requestResponse' });
  // ChargeCard is declined; ReserveStock's result arrives 2 ms later, before the Parallel fails.
  ev('TaskFailed', 'ChargeCard', ccTask, 50, payment);
  ev('StateFailed', 'ChargeCard', ccStarted, 50, payment);
  ev('TaskSucceeded', 'ReserveStock', rsTask, 52, { output: { Body: { reservation: 'R-tea-set-15' } } });
  const rsDone = ev('StateSucceeded', 'ReserveStock', rsStarted, 52, { output: { reservation: 'R-tea-set-15' } });
  ev('BranchExited', 'ReserveAndCharge', branch0, 52, { index: 0, output: { reservation: 'R-tea-set-15' } });
  const parFailed = ev('StateFailed', 'ReserveAndCharge', parStarted, 52, payment);
  const dEntered = ev('StateEntered', 'Declined', parFailed, 52, { input: declined });
  const dStarted = ev('StateStarted', 'Declined', dEntered, 52, { input: declined });
  ev('StateSucceeded', 'Declined', dStarted, 52, { output: declined });
  ev('IterationExited', 'EachOrder', iteration, 52, { index: 0, local: declined });
  ev('StateSucceeded', 'EachOrder', mapStarted, 53, { output });
  ev('ExecutionSucceeded', undefined, started, 53, { output });
  assert.equal(events[rsDone - 1].type, 'StateSucceeded');
  return events;
}

test('a sibling task answered after its Parallel branch failed is left out of the path, so the replay matches it every time', { timeout: 120_000 }, async (t) => {
  const history = lateSiblingHistory();
  const dir = tempDir(t);
  const ended = JSON.parse(history[history.length - 1].eventDetail!) as { output: unknown };
  const recorded = scenarioFromExecution({
    summary: {
      flowName: 'order-fulfilment',
      name: 'late-sibling',
      status: 'Succeeded',
      input: JSON.stringify({ orders: [{ orderId: 'A-2004', sku: 'tea-set', quantity: 15, amount: 630 }] }),
      output: JSON.stringify(ended.output),
    },
    history,
    flowFile: relative(dir, SM).split('\\').join('/'),
  });
  // The replay's mock for ReserveStock is cancelled by the failure, as CloudFlow cancels the branch:
  // its late StateSucceeded is not expected; the failure's own states are, in the recorded order.
  assert.deepEqual(recorded.expect.path, ['ChargeCard', 'ReserveAndCharge', 'Declined', 'EachOrder']);
  const scenarioFile = join(dir, 'late.scenario.yaml');
  writeFileSync(scenarioFile, scenarioText(recorded));
  for (let i = 0; i < 10; i++) {
    const replay = await runScenario(loadScenario(scenarioFile));
    assert.deepEqual(replay.failures, [], `run ${i + 1}`);
    assert.deepEqual(replay.result!.path, recorded.expect.path, `run ${i + 1}`);
    // ReserveStock was cut short by the abort, not answered.
    const replayed = replay.result!.history.map(toHistoryEvent);
    assert.ok(
      replayed.some((e) => e.type === 'StateAborted' && e.stepName === 'ReserveStock'),
      `run ${i + 1}`,
    );
  }
});

test('a failure caught inside its branch does not cut its sibling short: the sibling stays in the path', () => {
  // The same history, but ChargeCard's failure is followed by a state (a Catch in its branch took it).
  const history = lateSiblingHistory();
  const failed = history.find((e) => e.type === 'StateFailed' && e.stepName === 'ChargeCard')!;
  const recovered: HistoryEvent[] = [
    ...history,
    { eventId: history.length + 1, type: 'StateEntered', stepName: 'Recover', scheduleEventId: failed.eventId, time: history[history.length - 1].time },
  ];
  const recorded = scenarioFromExecution({ summary: { flowName: 'f', name: 'e', status: 'Succeeded', input: '{}', output: '{}' }, history: recovered, flowFile: 'f.flow.yaml' });
  assert.deepEqual(recorded.expect.path, ['ChargeCard', 'ReserveStock', 'ReserveAndCharge', 'Declined', 'EachOrder']);
});

test('classic: a sibling answered after its branch failed stays in the path, where the replay records it cut short as StepFailed', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  writeFileSync(
    join(dir, 'both.flow.yaml'),
    `version: v1
type: flow
steps:
  - type: parallel
    name: Both
    branches:
      - steps:
          - type: task
            name: Slow
            resourceArn: acs:fc:::services/s/functions/slow
      - steps:
          - type: task
            name: Bad
            resourceArn: acs:fc:::services/s/functions/bad
    catch:
      - errors: [Boom]
        goto: Caught
  - type: succeed
    name: Fine
  - type: pass
    name: Caught
`,
  );
  // Bad fails at 50 ms; Slow's local function answers at 60 ms, before the parallel step fails.
  const boom = { error: 'Boom', cause: 'x' };
  const rows: [string, string | undefined, number | undefined, number, unknown][] = [
    ['ExecutionStarted', undefined, undefined, 0, { input: {} }],
    ['StepEntered', 'Both', 1, 1, { input: {}, local: {} }],
    ['StepStarted', 'Both', 2, 1, { input: {} }],
    ['BranchEntered', 'Both', 3, 1, { index: 0 }],
    ['StepEntered', 'Slow', 4, 1, { input: {}, local: {} }],
    ['StepStarted', 'Slow', 5, 1, { input: {} }],
    ['TaskScheduled', 'Slow', 6, 1, { resource: 'acs:fc:::services/s/functions/slow', pattern: 'requestResponse' }],
    ['BranchEntered', 'Both', 3, 1, { index: 1 }],
    ['StepEntered', 'Bad', 8, 1, { input: {}, local: {} }],
    ['StepStarted', 'Bad', 9, 1, { input: {} }],
    ['TaskScheduled', 'Bad', 10, 1, { resource: 'acs:fc:::services/s/functions/bad', pattern: 'requestResponse' }],
    ['TaskFailed', 'Bad', 11, 50, boom],
    ['StepFailed', 'Bad', 10, 50, boom],
    ['TaskSucceeded', 'Slow', 7, 60, { output: {} }],
    ['StepSucceeded', 'Slow', 6, 60, { output: {} }],
    ['StepExited', 'Slow', 15, 60, { local: {} }],
    ['BranchExited', 'Both', 4, 60, { index: 0, output: {} }],
    ['StepFailed', 'Both', 3, 60, boom],
    ['StepExited', 'Both', 18, 60, { local: {} }],
    ['StepEntered', 'Caught', 19, 60, { input: {}, local: {} }],
    ['StepStarted', 'Caught', 20, 60, { input: {} }],
    ['StepSucceeded', 'Caught', 21, 60, { output: {} }],
    ['StepExited', 'Caught', 22, 60, { local: {} }],
    ['ExecutionSucceeded', undefined, 1, 61, { output: {} }],
  ];
  const history: HistoryEvent[] = rows.map(([type, stepName, scheduleEventId, ms, detail], i) => ({
    eventId: i + 1,
    type,
    stepName,
    scheduleEventId,
    time: new Date(Date.UTC(2026, 0, 1) + ms).toISOString(),
    eventDetail: JSON.stringify(detail),
  }));
  const recorded = scenarioFromExecution({ summary: { flowName: 'both', name: 'e', status: 'Succeeded', input: '{}', output: '{}' }, history, flowFile: 'both.flow.yaml' });
  assert.deepEqual(recorded.expect.path, ['Bad', 'Slow', 'Both', 'Caught']);
  const scenarioFile = join(dir, 'both.scenario.yaml');
  writeFileSync(scenarioFile, scenarioText(recorded));
  for (let i = 0; i < 5; i++) {
    const replay = await runScenario(loadScenario(scenarioFile));
    assert.deepEqual(replay.failures, [], `run ${i + 1}`);
    assert.deepEqual(replay.result!.path, recorded.expect.path, `run ${i + 1}`);
  }
});

test('what followed a late sibling comes, as in a replay, before an answer recorded between the failure and it', { timeout: 120_000 }, async (t) => {
  // Two orders: A-2004's card is declined at 50 ms; A-2003's charge succeeds at 55 ms; A-2004's
  // ReserveStock answers late, at 60 ms, and only then does its Parallel fail and Declined run.
  const o1 = { orderId: 'A-2003', sku: 'tea-cups', quantity: 6, amount: 60 };
  const o2 = { orderId: 'A-2004', sku: 'tea-set', quantity: 15, amount: 630 };
  const fulfilled = { orderId: 'A-2003', reservation: 'R-tea-cups-6', receipt: 'receipt-A-2003', status: 'fulfilled' };
  const declined = { orderId: 'A-2004', status: 'declined' };
  const output = { results: [fulfilled, declined], count: 2 };
  const payment = { error: 'PaymentDeclined', cause: 'order A-2004: 630 is above the limit' };
  const events: HistoryEvent[] = [];
  const ev = (type: string, stepName: string | undefined, scheduleEventId: number | undefined, ms: number, detail: unknown = {}) => {
    events.push({ eventId: events.length + 1, type, stepName, scheduleEventId, time: new Date(Date.UTC(2026, 0, 1) + ms).toISOString(), eventDetail: JSON.stringify(detail) });
    return events.length;
  };
  const started = ev('ExecutionStarted', undefined, undefined, 0, { input: { orders: [o1, o2] } });
  const mapEntered = ev('StateEntered', 'EachOrder', started, 1, { input: { orders: [o1, o2] } });
  const mapStarted = ev('StateStarted', 'EachOrder', mapEntered, 1, { input: { orders: [o1, o2] } });
  const open = (order: typeof o1, index: number) => {
    const iteration = ev('IterationEntered', 'EachOrder', mapStarted, 1, { index, input: order });
    const parStarted = ev('StateStarted', 'ReserveAndCharge', ev('StateEntered', 'ReserveAndCharge', iteration, 1, { input: order }), 1, { input: order });
    const branch = (index: number, name: string, fn: string) => {
      const b = ev('BranchEntered', 'ReserveAndCharge', parStarted, 1, { index });
      const st = ev('StateStarted', name, ev('StateEntered', name, b, 1, { input: order }), 1, { input: order });
      return { b, st, task: ev('TaskScheduled', name, st, 1, { resource: `acs:fc:::functions/${fn}/LATEST`, pattern: 'requestResponse' }) };
    };
    return { iteration, parStarted, rs: branch(0, 'ReserveStock', 'reserve-stock'), cc: branch(1, 'ChargeCard', 'charge-card') };
  };
  const first = open(o1, 0);
  const second = open(o2, 1);
  const succeed = (x: { b: number; st: number; task: number }, name: string, ms: number, body: Record<string, unknown>, out: Record<string, unknown>, index: number) => {
    ev('TaskSucceeded', name, x.task, ms, { output: { Body: body } });
    ev('StateSucceeded', name, x.st, ms, { output: out });
    ev('BranchExited', 'ReserveAndCharge', x.b, ms, { index, output: out });
  };
  succeed(first.rs, 'ReserveStock', 40, { reservation: 'R-tea-cups-6' }, { reservation: 'R-tea-cups-6' }, 0);
  ev('TaskFailed', 'ChargeCard', second.cc.task, 50, payment);
  ev('StateFailed', 'ChargeCard', second.cc.st, 50, payment);
  succeed(first.cc, 'ChargeCard', 55, { receipt: 'receipt-A-2003' }, { receipt: 'receipt-A-2003' }, 1);
  ev('StateSucceeded', 'ReserveAndCharge', first.parStarted, 55, { output: fulfilled });
  ev('IterationExited', 'EachOrder', first.iteration, 55, { index: 0, local: fulfilled });
  succeed(second.rs, 'ReserveStock', 60, { reservation: 'R-tea-set-15' }, { reservation: 'R-tea-set-15' }, 0);
  const parFailed = ev('StateFailed', 'ReserveAndCharge', second.parStarted, 60, payment);
  ev('StateSucceeded', 'Declined', ev('StateStarted', 'Declined', ev('StateEntered', 'Declined', parFailed, 60, { input: declined }), 60, { input: declined }), 60, {
    output: declined,
  });
  ev('IterationExited', 'EachOrder', second.iteration, 60, { index: 1, local: declined });
  ev('StateSucceeded', 'EachOrder', mapStarted, 61, { output });
  ev('ExecutionSucceeded', undefined, started, 61, { output });

  const dir = tempDir(t);
  const recorded = scenarioFromExecution({
    summary: { flowName: 'order-fulfilment', name: 'interleaved', status: 'Succeeded', input: JSON.stringify({ orders: [o1, o2] }), output: JSON.stringify(output) },
    history: events,
    flowFile: relative(dir, SM).split('\\').join('/'),
  });
  // A-2004's Parallel fails, and Declined runs, at its card's failure; A-2003's charge comes after.
  assert.deepEqual(recorded.expect.path, ['ReserveStock', 'ChargeCard', 'ReserveAndCharge', 'Declined', 'ChargeCard', 'ReserveAndCharge', 'EachOrder']);
  const scenarioFile = join(dir, 'interleaved.scenario.yaml');
  writeFileSync(scenarioFile, scenarioText(recorded));
  for (let i = 0; i < 10; i++) {
    const replay = await runScenario(loadScenario(scenarioFile));
    assert.deepEqual(replay.failures, [], `run ${i + 1}`);
    assert.deepEqual(replay.result!.path, recorded.expect.path, `run ${i + 1}`);
  }
});
