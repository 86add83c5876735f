import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FcInvoker } from '../../../engine/invokers/fc-invoker';
import { FcStandin } from './fc-standin';
import { makeInvocation } from './invocation-fixture';

const keys = { LTAItest: 'test-secret' };
const standin = new FcStandin(keys);
let invoker: FcInvoker;

before(async () => {
  await standin.start();
  standin
    .define('svc', 'echo', (event) => ({ body: { got: JSON.parse(event.toString()) } }))
    .define('svc', 'handled', () => ({
      errorType: 'HandledInvocationError',
      body: { errorMessage: 'rejected', errorType: 'ApprovalRejected', stackTrace: ['ApprovalRejected: rejected'] },
    }))
    .define('svc', 'crash', () => ({ errorType: 'UnhandledInvocationError', body: { errorMessage: 'Process exited unexpectedly before completing request' } }))
    .define('svc', 'busy', () => ({ serviceError: { status: 429, code: 'ResourceThrottled', message: 'Reserve resource exceeded limit' } }))
    .define('svc', 'slow', async (event) => {
      await new Promise((r) => setTimeout(r, 30));
      const input = JSON.parse(event.toString());
      return input.fail ? { errorType: 'UnhandledInvocationError', body: { errorMessage: 'bad input', errorType: 'Error' } } : { body: { done: input.n + 1 } };
    })
    .define('svc', 'forever', () => new Promise(() => {}));
  invoker = new FcInvoker({
    credentials: { accessKeyId: 'LTAItest', accessKeySecret: 'test-secret' },
    accountId: '1234',
    region: 'cn-hangzhou',
    endpoint: standin.endpoint,
    protocol: 'http',
    pollIntervalMs: 10,
    maxPollIntervalMs: 20,
  });
});
after(() => standin.stop());

const arn = (fn: string, svc = 'svc') => `acs:fc:cn-hangzhou:1234:${`services/${svc}`}/functions/${fn}`;

test('requestResponse: a signed Sync InvokeFunction, the result becomes the output', async () => {
  const inv = makeInvocation({ resource: 'acs:fc:::services/svc.prod/functions/echo', input: { a: 1 } });
  const outcome = await invoker.invoke(inv);
  assert.deepEqual(outcome, { kind: 'succeeded', output: { got: { a: 1 } } });
  assert.ok(inv.lines.includes('hello from echo'), 'the x-fc-log-result tail goes to the step log');
  const req = standin.requests.at(-1)!;
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/2021-04-06/services/svc/functions/echo/invocations?qualifier=prod');
  assert.equal(req.headers['x-fc-invocation-type'], 'Sync');
  assert.match(String(req.headers.authorization), /^ACS3-HMAC-SHA256 Credential=LTAItest,/);
  assert.equal(req.body, '{"a":1}');
});

test('function errors come from x-fc-error-type: the payload type names the error', async () => {
  assert.deepEqual(await invoker.invoke(makeInvocation({ resource: arn('handled') })), { kind: 'failed', error: 'ApprovalRejected', cause: 'rejected' });
  assert.deepEqual(await invoker.invoke(makeInvocation({ resource: arn('crash') })), {
    kind: 'failed',
    error: 'UnhandledInvocationError',
    cause: 'Process exited unexpectedly before completing request',
  });
});

test('service errors become FC.<code>: throttling, unknown function', async () => {
  assert.deepEqual(await invoker.invoke(makeInvocation({ resource: arn('busy') })), { kind: 'failed', error: 'FC.ResourceThrottled', cause: 'Reserve resource exceeded limit' });
  const missing = await invoker.invoke(makeInvocation({ resource: arn('nope') }));
  assert.equal((missing as { error: string }).error, 'FC.FunctionNotFound');
});

test('a bad signature is rejected by the stand-in and reported as FC.SignatureNotMatch', async () => {
  const wrong = new FcInvoker({
    credentials: { accessKeyId: 'LTAItest', accessKeySecret: 'wrong' },
    accountId: '1',
    region: 'cn-hangzhou',
    endpoint: standin.endpoint,
    protocol: 'http',
  });
  assert.deepEqual(await wrong.invoke(makeInvocation({ resource: arn('echo') })), {
    kind: 'failed',
    error: 'FC.SignatureNotMatch',
    cause: 'The request signature we calculated does not match the signature you provided. Check your access key and signing method',
  });
  const unknownKey = new FcInvoker({
    credentials: { accessKeyId: 'nobody', accessKeySecret: 'x' },
    accountId: '1',
    region: 'cn-hangzhou',
    endpoint: standin.endpoint,
    protocol: 'http',
  });
  assert.equal(((await unknownKey.invoke(makeInvocation({ resource: arn('echo') }))) as { error: string }).error, 'FC.InvalidAccessKeyID');
});

test('STS credentials (security token) are signed and accepted', async () => {
  const sts = new FcInvoker({
    credentials: { accessKeyId: 'LTAItest', accessKeySecret: 'test-secret', securityToken: 'sts-token' },
    accountId: '1',
    region: 'cn-hangzhou',
    endpoint: standin.endpoint,
    protocol: 'http',
  });
  assert.equal((await sts.invoke(makeInvocation({ resource: arn('echo') }))).kind, 'succeeded');
  assert.equal(standin.requests.at(-1)!.headers['x-acs-security-token'], 'sts-token');
});

test('waitForCallback and InvocationType Async: accepted with the request id', async () => {
  const outcome = await invoker.invoke(makeInvocation({ resource: arn('echo'), pattern: 'waitForCallback', taskToken: 'tok', input: { taskToken: 'tok' } }));
  assert.equal(outcome.kind, 'accepted');
  assert.match(String((outcome as { requestId?: string }).requestId), /^[0-9a-f-]{36}$/);
  assert.equal(standin.requests.at(-1)!.headers['x-fc-invocation-type'], 'Async');
  const viaParams = await invoker.invoke(makeInvocation({ resource: arn('echo'), serviceParams: { InvocationType: 'Async' } }));
  assert.equal(viaParams.kind, 'accepted');
});

test('sync pattern: stateful async invocation polled to Succeeded', async () => {
  const inv = makeInvocation({ resource: arn('slow'), pattern: 'sync', input: { n: 41 }, serviceParams: { InvocationType: 'Async', StatefulAsyncInvocationID: 'order_42' } });
  const outcome = await invoker.invoke(inv);
  assert.deepEqual(outcome, { kind: 'succeeded', output: { done: 42 } });
  const submitted = standin.requests.find((r) => r.headers['x-fc-stateful-async-invocation-id'] === 'order_42')!;
  assert.equal(submitted.headers['x-fc-invocation-type'], 'Async');
  assert.ok(standin.requests.some((r) => r.method === 'GET' && r.url.startsWith('/2021-04-06/services/svc/functions/slow/stateful-async-invocations/order_42')));
  assert.equal(standin.invocation('svc', 'slow', 'order_42')?.status, 'Succeeded');
});

test('sync pattern: a resumed attempt submitting an id FC already holds (409) follows that invocation (async requestResponse: accepted); a fresh attempt fails as in the cloud; other service errors still fail', async () => {
  let runs = 0;
  standin.define('svc', 'once', (event) => (runs++, { body: { n: JSON.parse(event.toString()).n } }));
  const params = { InvocationType: 'Async', StatefulAsyncInvocationID: 'resubmitted_1' };
  assert.deepEqual(await invoker.invoke(makeInvocation({ resource: arn('once'), pattern: 'sync', input: { n: 1 }, serviceParams: params })), {
    kind: 'succeeded',
    output: { n: 1 },
  });
  // The same attempt submitted again (what a restart does): FC refuses the id, the step gets that invocation's result.
  const again = makeInvocation({ resource: arn('once'), pattern: 'sync', input: { n: 1 }, serviceParams: params, resumed: true });
  assert.deepEqual(await invoker.invoke(again), { kind: 'succeeded', output: { n: 1 } });
  assert.equal(runs, 1);
  assert.ok(
    again.lines.some((l) => l.includes('resubmitted_1 already exists')),
    again.lines.join('\n'),
  );
  // An async requestResponse resubmitted the same way was accepted before: accepted.
  const accepted = makeInvocation({ resource: arn('once'), input: { n: 1 }, serviceParams: params, resumed: true });
  assert.deepEqual(await invoker.invoke(accepted), { kind: 'accepted' });
  assert.equal(runs, 1);
  // Not resumed (another execution reusing a constant id): FC's refusal is the step's error, sync or async.
  const fresh = await invoker.invoke(makeInvocation({ resource: arn('once'), pattern: 'sync', input: { n: 2 }, serviceParams: params }));
  assert.equal((fresh as { kind: string; error?: string }).kind, 'failed');
  assert.match((fresh as { error: string }).error, /^FC\..*AlreadyExist/);
  const freshAsync = await invoker.invoke(makeInvocation({ resource: arn('once'), input: { n: 2 }, serviceParams: params }));
  assert.match((freshAsync as { error: string }).error, /^FC\..*AlreadyExist/);
  assert.equal(runs, 1);
  const missing = await invoker.invoke(makeInvocation({ resource: arn('no-such-function'), pattern: 'sync', serviceParams: params }));
  assert.equal((missing as { error: string }).error, 'FC.FunctionNotFound', 'only 409 means "under way"');
});

test('sync pattern: a failed invocation fails the step; the generated id is valid', async () => {
  const inv = makeInvocation({ resource: arn('slow'), pattern: 'sync', input: { fail: true }, executionName: 'exec 1', stepName: 'step/2' });
  const outcome = await invoker.invoke(inv);
  assert.deepEqual(outcome, { kind: 'failed', error: 'Error', cause: 'bad input' });
  const id = String(standin.requests.filter((r) => r.url.includes('/slow/invocations')).at(-1)!.headers['x-fc-stateful-async-invocation-id']);
  assert.match(id, /^fnf_exec_1_step_2_1_[0-9a-f]{8}$/);
});

test('sync pattern: aborting the step stops the invocation', async () => {
  const ac = new AbortController();
  const pending = invoker.invoke(makeInvocation({ resource: arn('forever'), pattern: 'sync', signal: ac.signal, serviceParams: { StatefulAsyncInvocationID: 'stop_me' } }));
  setTimeout(() => ac.abort(), 50);
  const outcome = await pending;
  assert.equal((outcome as { error: string }).error, 'FC.Stopped');
  assert.ok(standin.requests.some((r) => r.method === 'PUT' && r.url.includes('/stateful-async-invocations/stop_me')));
  assert.equal(standin.invocation('svc', 'forever', 'stop_me')?.status, 'Stopped');
});

test("only FC 2.0 function ARNs are this invoker's", () => {
  assert.equal(invoker.canInvoke({ stepName: 's', resource: arn('echo') }), true);
  assert.equal(invoker.canInvoke({ stepName: 's', resource: 'acs:mns:::/queues/q/messages' }), false);
});

test("a sync invocation longer than the SDK's 3 s default completes (connect + read timeouts raised)", async () => {
  standin.define('svc', 'three-seconds', async () => {
    await new Promise((r) => setTimeout(r, 3300));
    return { body: { slow: true } };
  });
  const outcome = await invoker.invoke(makeInvocation({ resource: arn('three-seconds'), timeoutSeconds: 10 }));
  assert.deepEqual(outcome, { kind: 'succeeded', output: { slow: true } });
});
