/**
 * Step behaviour that fixtures cannot show: concurrency of parallel branches and foreach
 * iterations (maxConcurrency), and how the mock invoker hands out its entries.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TaskInvoker } from '../../engine/invoker';
import { loadMocksFile, MockInvoker } from '../../engine/invokers/mock-invoker';
import { LocalBackend } from '../../engine/local-backend';
import { tempDir } from './helpers';

/** An invoker that holds each call for `ms` and records the most calls in flight at once. */
function concurrencyProbe(ms: number): TaskInvoker & { max: number } {
  let inFlight = 0;
  const probe = {
    name: 'probe',
    max: 0,
    canInvoke: () => true,
    invoke: async () => {
      inFlight++;
      probe.max = Math.max(probe.max, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return { kind: 'succeeded' as const, output: {} };
    },
  };
  return probe;
}

const foreachFlow = (maxConcurrency?: number) => `version: v1
type: flow
steps:
  - type: foreach
    name: each
${maxConcurrency ? `    maxConcurrency: ${maxConcurrency}\n` : ''}    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: task
        name: work
        resourceArn: acs:fc:::services/s/functions/work
`;

async function runWith(t: Parameters<typeof tempDir>[0], invoker: TaskInvoker, definition: string, input: unknown) {
  const backend = new LocalBackend({ storeDir: tempDir(t), invokers: [invoker], timeScale: 0 });
  t.after(() => backend.close());
  await backend.startExecution({ flowName: 'f', definition, executionName: 'e', input: JSON.stringify(input) });
  return backend.waitForExecution('f', 'e');
}

test('foreach iterations run concurrently', async (t) => {
  const probe = concurrencyProbe(30);
  assert.equal((await runWith(t, probe, foreachFlow(), { items: [1, 2, 3, 4, 5] })).status, 'Succeeded');
  assert.equal(probe.max, 5);
});

test('foreach maxConcurrency caps the iterations in flight', async (t) => {
  const probe = concurrencyProbe(30);
  assert.equal((await runWith(t, probe, foreachFlow(2), { items: [1, 2, 3, 4, 5] })).status, 'Succeeded');
  assert.equal(probe.max, 2);
});

test('parallel branches run concurrently', async (t) => {
  const probe = concurrencyProbe(30);
  const branch = (n: number) => `      - steps:\n          - type: task\n            name: t${n}\n            resourceArn: acs:fc:::services/s/functions/t${n}\n`;
  const flow = `version: v1\ntype: flow\nsteps:\n  - type: parallel\n    name: p\n    branches:\n${branch(1)}${branch(2)}${branch(3)}`;
  assert.equal((await runWith(t, probe, flow, {})).status, 'Succeeded');
  assert.equal(probe.max, 3);
});

test('mock entries are used in order, the last repeats, and a step name wins over a resourceArn', async (t) => {
  const file = join(tempDir(t), 'mocks.json');
  writeFileSync(file, JSON.stringify({ tasks: { work: [{ output: { n: 1 } }, { output: { n: 2 } }], 'acs:fc:::services/s/functions/work': [{ output: { n: 99 } }] } }));
  const mocks = new MockInvoker(loadMocksFile(file));
  const call = async () => {
    const outcome = await mocks.invoke({
      flowName: 'f',
      executionName: 'e',
      stepName: 'work',
      resource: 'acs:fc:::services/s/functions/work',
      pattern: 'requestResponse',
      serviceParams: {},
      input: {},
      attempt: 1,
      signal: new AbortController().signal,
      log: () => {},
    });
    return outcome.kind === 'succeeded' ? outcome.output : outcome;
  };
  assert.deepEqual([await call(), await call(), await call()], [{ n: 1 }, { n: 2 }, { n: 2 }]);
  assert.equal(mocks.canInvoke({ stepName: 'other', resource: 'acs:fc:::services/s/functions/work' }), true);
  assert.equal(mocks.canInvoke({ stepName: 'other', resource: 'acs:fc:::services/s/functions/none' }), false);
});

test('a mocks file without `tasks:` is refused with a message saying what is expected', (t) => {
  const file = join(tempDir(t), 'mocks.yaml');
  writeFileSync(file, 'work:\n  - output: {}\n');
  assert.throws(() => loadMocksFile(file), /top-level `tasks:`/);
});
