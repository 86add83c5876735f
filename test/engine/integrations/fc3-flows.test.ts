/**
 * Classic flows calling Function Compute 3.0 functions, run by the embedded engine (LocalBackend)
 * with Fc3Invoker — the unmodified `@alicloud/fc20230330` SDK — against the loopback FC 3.0
 * stand-in. One folder per flow in fixtures/fc3-flows (README there lists the functions); each
 * execution's status, output, error and cause must be its expected.json.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Fc3Invoker } from '../../../engine/invokers/fc3-invoker';
import type { FcCredentials } from '../../../engine/invokers/fc-invoker-base';
import { LocalBackend } from '../../../engine/local-backend';
import { tempDir, until } from '../helpers';
import { Fc3Standin } from './fc3-standin';

const root = join(__dirname, 'fixtures', 'fc3-flows');
const CREDENTIALS: FcCredentials = { accessKeyId: 'LTAIflows', accessKeySecret: 'flows-secret' };
const standin = new Fc3Standin({ [CREDENTIALS.accessKeyId]: CREDENTIALS.accessKeySecret });
/** The backend of the running test: `approve` reports to it, as a real function reports to FnF. */
let backend: LocalBackend | undefined;
let busyCalls = 0;
const audited: unknown[] = [];

const eventOf = (event: Buffer) => JSON.parse(event.toString()) as Record<string, unknown>;

before(async () => {
  await standin.start();
  standin
    .define('price', (event, req) => {
      const e = eventOf(event);
      return { body: { total: Number(e.quantity) * Number(e.unitPrice), qualifier: new URL(req.url!, 'http://x').searchParams.get('qualifier') ?? 'LATEST' } };
    })
    .define('ship', (event) => ({ body: { tracking: `T-${String(eventOf(event).orderId)}` } }))
    .define('audit', (event) => (audited.push(eventOf(event)), { body: {} }))
    .define('approve', (event) => {
      const { taskToken, amount } = eventOf(event) as { taskToken: string; amount: number };
      setTimeout(() => {
        backend!.report(taskToken, amount > 1000 ? { kind: 'failed', error: 'Rejected', cause: 'over budget' } : { kind: 'succeeded', output: { approved: true, by: 'reviewer' } });
      }, 20);
      return { body: {} };
    })
    .define('charge', () => ({ errorType: 'HandledInvocationError', body: { errorType: 'CardDeclined', errorMessage: 'insufficient funds' } }))
    .define('busy', () => (++busyCalls === 1 ? { serviceError: { status: 429, code: 'ResourceThrottled', message: 'Reserve resource exceeded limit' } } : { body: { ok: true } }))
    .define('hang', () => new Promise(() => {}));
});
after(() => standin.stop());

const readJson = (dir: string, file: string) => (existsSync(join(dir, file)) ? JSON.parse(readFileSync(join(dir, file), 'utf8')) : undefined);

/** What the user sees besides the result, per fixture. */
const alsoCheck: Record<string, () => void | Promise<void>> = {
  'async-fire-and-forget': () => {
    const sent = standin.requests.find((r) => r.url === '/2023-03-30/functions/audit/invocations')!;
    assert.equal(sent.headers['x-fc-invocation-type'], 'Async');
    assert.deepEqual(audited, [{ orderId: 'order-8' }]);
  },
  'request-response-and-sync': () => {
    assert.ok(standin.requests.some((r) => r.url === '/2023-03-30/functions/price/invocations?qualifier=prod' && r.headers['x-fc-invocation-type'] === 'Sync'));
    assert.equal(standin.task('ship', 'order-7')?.status, 'Succeeded', 'sync runs an async task named by StatefulAsyncInvocationID');
  },
  'throttled-retried': () => assert.equal(busyCalls, 2),
  // The engine gives up on the step; the invoker then stops the async task (best effort, so it may follow the execution's end).
  'sync-task-timeout': () => until(() => standin.task('hang', 'hang_forever')?.status === 'Stopped'),
};

for (const name of readdirSync(root).filter((f) => existsSync(join(root, f, 'flow.flow.yaml')))) {
  test(`FC 3.0 flow ${name}`, { timeout: 30_000 }, async (t) => {
    const dir = join(root, name);
    const flowPath = join(dir, 'flow.flow.yaml');
    const credentials = (readJson(dir, 'credentials.json') as FcCredentials | undefined) ?? CREDENTIALS;
    const fc3 = new Fc3Invoker({ credentials, accountId: '1234', region: 'cn-hangzhou', endpoint: standin.endpoint, protocol: 'http', pollIntervalMs: 20, maxPollIntervalMs: 50 });
    backend = new LocalBackend({ storeDir: join(tempDir(t), 'store'), invokers: [fc3], timeScale: 1 });
    await backend.open();
    t.after(() => backend!.close());
    await backend.startExecution({
      flowName: name,
      executionName: 'e1',
      definition: readFileSync(flowPath, 'utf8'),
      flowPath,
      input: readFileSync(join(dir, 'input.json'), 'utf8'),
    });
    const state = await backend.waitForExecution(name, 'e1');
    const expected = readJson(dir, 'expected.json') as Record<string, unknown>;
    const got: Record<string, unknown> = { status: state.status };
    for (const key of ['output', 'error', 'cause']) if (key in expected) got[key] = state[key as 'output' | 'error' | 'cause'];
    assert.deepEqual(got, expected);
    await alsoCheck[name]?.();
  });
}
