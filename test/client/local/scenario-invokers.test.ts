/**
 * The invokers a Testing-view scenario run gets (client/local/scenario-invokers.ts), on the
 * StateMachine example with real local functions: trusted, its tasks run the function code; not
 * trusted, the first task fails with the refusal's cause and nothing runs; a scenario's `*`
 * catch-all mock still answers what nothing else can.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { scenarioInvokers } from '../../../client/local/scenario-invokers';
import { NO_INVOKER_ERROR } from '../../../client/local/execution-invokers';
import { runScenario, type Scenario } from '../../../engine/scenario';

const ROOT = join(__dirname, '..', '..', '..');
const FLOW = join(ROOT, 'examples', 'statemachine', 'flows', 'order-fulfilment.flow.yaml');

function scenario(over: Partial<Scenario> = {}): Scenario {
  return { name: 'one order', flowPath: FLOW, input: { orders: [{ orderId: 'A-1', sku: 'tea-set', quantity: 1, amount: 10 }] }, expect: { status: 'Succeeded' }, ...over };
}

function run(s: Scenario, trusted: boolean) {
  const problems: string[] = [];
  const invokers = scenarioInvokers({
    scenario: s,
    trusted,
    workspaceRoot: join(ROOT, 'examples'),
    locale: 'en',
    noInvokerCause: (inv) => `nothing may run ${inv.stepName} here`,
    onProblem: (file, message) => problems.push(`${file}: ${message}`),
  });
  return runScenario(s, { invokers });
}

test('trusted: the tasks run the local function code found through s.yaml', { timeout: 60_000 }, async () => {
  const r = await run(scenario(), true);
  assert.deepEqual(r.failures, []);
  assert.deepEqual(r.result!.output, { results: [{ orderId: 'A-1', reservation: 'R-tea-set-1', receipt: 'receipt-A-1', status: 'fulfilled' }], count: 1 });
});

test('not trusted: the first task fails with the refusal, and no task runs', async () => {
  const r = await run(scenario(), false);
  assert.equal(r.result!.status, 'Failed');
  assert.equal(r.result!.error, NO_INVOKER_ERROR);
  assert.match(r.result!.cause ?? '', /^nothing may run (ReserveStock|ChargeCard) here$/);
  assert.ok(!r.result!.history.some((e) => e.type === 'TaskSucceeded'));
  assert.deepEqual(r.mismatches, [{ field: 'status', expected: 'Succeeded', actual: 'Failed' }]);
});

test("not trusted: a scenario's catch-all mock answers every task", async () => {
  const r = await run(scenario({ mocks: { tasks: { '*': [{ output: { reservation: 'R', receipt: 'C' } }] } } }), false);
  assert.deepEqual(r.failures, []);
  assert.deepEqual(r.result!.output, { results: [{ orderId: 'A-1', reservation: 'R', receipt: 'C', status: 'fulfilled' }], count: 1 });
});
