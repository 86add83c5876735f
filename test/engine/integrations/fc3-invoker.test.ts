/**
 * Fc3Invoker through the unmodified `@alicloud/fc20230330` SDK against the FC 3.0 stand-in:
 * the wire requests FC 3.0 documents, function and service errors as the FC 2.0 invoker names
 * them, async tasks for the `sync` pattern, signature refusals, timeouts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Fc3Invoker } from '../../../engine/invokers/fc3-invoker';
import { FcInvoker } from '../../../engine/invokers/fc-invoker';
import type { FcInvokerOptions } from '../../../engine/invokers/fc-invoker-base';
import { Fc3Standin } from './fc3-standin';
import { makeInvocation } from './invocation-fixture';

const standin = new Fc3Standin({ LTAI3: 'fc3-secret' });
let options: FcInvokerOptions;
let invoker: Fc3Invoker;
const arn = (fn: string, qualifier?: string) => `acs:fc:cn-hangzhou:1234:functions/${fn}${qualifier ? `/${qualifier}` : ''}`;
const lastRequest = () => standin.requests.at(-1)!;
const failure = (o: unknown) => o as { kind: string; error: string; cause: string };

before(async () => {
  await standin.start();
  standin
    .define('echo', (event, req) => ({ body: { got: JSON.parse(event.toString()), qualifier: new URL(req.url!, 'http://x').searchParams.get('qualifier') } }))
    .define('approve', () => ({
      errorType: 'HandledInvocationError',
      body: { errorMessage: 'not approved', errorType: 'ApprovalRejected', stackTrace: ['ApprovalRejected: not approved'] },
    }))
    .define('crash', () => ({ errorType: 'UnhandledInvocationError', body: { errorMessage: 'Process exited unexpectedly before completing request' } }))
    .define('throttled', () => ({ serviceError: { status: 429, code: 'ResourceThrottled', message: 'Reserve resource exceeded limit' } }))
    .define('work', async (event) => {
      await new Promise((r) => setTimeout(r, 30));
      const input = JSON.parse(event.toString()) as { n: number; fail?: boolean };
      return input.fail ? { errorType: 'UnhandledInvocationError', body: { errorMessage: 'cannot work', errorType: 'WorkError' } } : { body: { n: input.n * 10 } };
    })
    .define('hang', () => new Promise(() => {}))
    .define('plain', () => ({ body: 'not json' }));
  options = {
    credentials: { accessKeyId: 'LTAI3', accessKeySecret: 'fc3-secret' },
    accountId: '1234',
    region: 'cn-hangzhou',
    endpoint: standin.endpoint,
    protocol: 'http',
    pollIntervalMs: 10,
    maxPollIntervalMs: 20,
  };
  invoker = new Fc3Invoker(options);
});
after(() => standin.stop());

test('requestResponse: a signed FC 3.0 InvokeFunction (octet-stream body, qualifier query, log tail); the result is the output', async () => {
  const inv = makeInvocation({ resource: arn('echo', 'prod'), input: { a: 1 } });
  assert.deepEqual(await invoker.invoke(inv), { kind: 'succeeded', output: { got: { a: 1 }, qualifier: 'prod' } });
  const req = lastRequest();
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/2023-03-30/functions/echo/invocations?qualifier=prod');
  assert.equal(req.headers['x-acs-version'], '2023-03-30');
  assert.equal(req.headers['x-fc-invocation-type'], 'Sync');
  assert.equal(req.headers['x-fc-log-type'], 'Tail');
  assert.equal(req.headers['content-type'], 'application/octet-stream');
  assert.match(String(req.headers.authorization), /^ACS3-HMAC-SHA256 Credential=LTAI3,SignedHeaders=[^,]*host[^,]*,Signature=[0-9a-f]{64}$/);
  assert.equal(req.body, '{"a":1}');
  assert.ok(inv.lines.includes('hello from echo'), inv.lines.join('\n'));
  // No qualifier in the ARN: none on the wire (FC uses LATEST).
  await invoker.invoke(makeInvocation({ resource: 'acs:fc:::functions/echo' }));
  assert.equal(lastRequest().url, '/2023-03-30/functions/echo/invocations');
});

test('a non-JSON result is passed on as a string, as with FC 2.0', async () => {
  assert.deepEqual(await invoker.invoke(makeInvocation({ resource: arn('plain') })), { kind: 'succeeded', output: 'not json' });
});

/** What the step sees when a call fails, per function (and per credentials where given). */
const FAILURES: { title: string; fn: string; credentials?: FcInvokerOptions['credentials']; error: string; cause: string }[] = [
  // Function errors (x-fc-error-type): the payload's type names the error, else the header does.
  { title: 'a handled function error', fn: 'approve', error: 'ApprovalRejected', cause: 'not approved' },
  { title: 'an unhandled crash', fn: 'crash', error: 'UnhandledInvocationError', cause: 'Process exited unexpectedly before completing request' },
  // Service errors: FC.<Code> with the service's Message.
  { title: 'throttling', fn: 'throttled', error: 'FC.ResourceThrottled', cause: 'Reserve resource exceeded limit' },
  { title: 'a missing function', fn: 'ghost', error: 'FC.FunctionNotFound', cause: "function 'ghost' does not exist" },
  // Refused by the stand-in's signature check, with FC's documented messages.
  {
    title: 'a wrong secret',
    fn: 'echo',
    credentials: { accessKeyId: 'LTAI3', accessKeySecret: 'guess' },
    error: 'FC.SignatureNotMatch',
    cause: 'The request signature we calculated does not match the signature you provided. Check your access key and signing method',
  },
  {
    title: 'an unknown access key',
    fn: 'echo',
    credentials: { accessKeyId: 'LTAIother', accessKeySecret: 'x' },
    error: 'FC.InvalidAccessKeyID',
    cause: "invalid access key ID 'LTAIother'",
  },
];

for (const f of FAILURES) {
  test(`failure mapping: ${f.title} → ${f.error}`, async () => {
    const using = f.credentials ? new Fc3Invoker({ ...options, credentials: f.credentials }) : invoker;
    const inv = makeInvocation({ resource: arn(f.fn) });
    assert.deepEqual(await using.invoke(inv), { kind: 'failed', error: f.error, cause: f.cause });
  });
}

test('STS credentials: the security token is sent and signed', async () => {
  const sts = new Fc3Invoker({ ...options, credentials: { ...options.credentials, securityToken: 'sts-3' } });
  assert.equal((await sts.invoke(makeInvocation({ resource: arn('echo') }))).kind, 'succeeded');
  assert.equal(lastRequest().headers['x-acs-security-token'], 'sts-3');
});

test('waitForCallback and InvocationType Async: an Async InvokeFunction (202), accepted with the request id', async () => {
  const cb = await invoker.invoke(makeInvocation({ resource: arn('echo'), pattern: 'waitForCallback', taskToken: 't', input: { token: 't' } }));
  assert.equal(cb.kind, 'accepted');
  assert.match(String((cb as { requestId?: string }).requestId), /^[0-9a-f-]{36}$/);
  assert.equal(lastRequest().headers['x-fc-invocation-type'], 'Async');
  assert.equal(lastRequest().headers['x-fc-log-type'], undefined, 'no log tail for an Async invocation');
  assert.equal((await invoker.invoke(makeInvocation({ resource: arn('echo'), serviceParams: { InvocationType: 'async' } }))).kind, 'accepted');
});

test('sync pattern: an async task with the given id, polled with GetAsyncTask until it succeeds', async () => {
  const inv = makeInvocation({ resource: arn('work', 'v2'), pattern: 'sync', input: { n: 4 }, serviceParams: { StatefulAsyncInvocationID: 'job_4' } });
  assert.deepEqual(await invoker.invoke(inv), { kind: 'succeeded', output: { n: 40 } });
  const submit = standin.requests.find((r) => r.headers['x-fc-async-task-id'] === 'job_4')!;
  assert.equal(submit.url, '/2023-03-30/functions/work/invocations?qualifier=v2');
  assert.equal(submit.headers['x-fc-invocation-type'], 'Async');
  assert.ok(standin.requests.some((r) => r.method === 'GET' && r.url === '/2023-03-30/functions/work/async-tasks/job_4?qualifier=v2'));
  assert.equal(standin.task('work', 'job_4')?.status, 'Succeeded');
  assert.equal(standin.task('work', 'job_4')?.functionArn, 'acs:fc:cn-hangzhou:1234:functions/work');
  assert.ok(inv.lines.includes('fc: async task job_4 Succeeded'), inv.lines.join('\n'));
});

test('sync pattern: a failed async task fails the step with the function error; a generated task id follows FC rules', async () => {
  const inv = makeInvocation({ resource: arn('work'), pattern: 'sync', input: { n: 1, fail: true }, executionName: 'run #7', stepName: 'do it' });
  assert.deepEqual(await invoker.invoke(inv), { kind: 'failed', error: 'WorkError', cause: 'cannot work' });
  const id = String(standin.requests.filter((r) => r.url.startsWith('/2023-03-30/functions/work/invocations')).at(-1)!.headers['x-fc-async-task-id']);
  assert.match(id, /^fnf_run__7_do_it_1_[0-9a-f]{8}$/);
  assert.equal(standin.task('work', id)?.taskErrorMessage, 'UnhandledInvocationError');
});

test('sync pattern: a resumed attempt meeting its own task id (409) follows that task; a fresh one fails with FC.AsyncTaskAlreadyExists', async () => {
  const params = { StatefulAsyncInvocationID: 'dup_1' };
  assert.deepEqual(await invoker.invoke(makeInvocation({ resource: arn('work'), pattern: 'sync', input: { n: 2 }, serviceParams: params })), {
    kind: 'succeeded',
    output: { n: 20 },
  });
  const resumed = makeInvocation({ resource: arn('work'), pattern: 'sync', input: { n: 2 }, serviceParams: params, resumed: true });
  assert.deepEqual(await invoker.invoke(resumed), { kind: 'succeeded', output: { n: 20 } });
  assert.ok(resumed.lines.some((l) => l.includes('async task dup_1 already exists')));
  assert.deepEqual(await invoker.invoke(makeInvocation({ resource: arn('work'), serviceParams: { InvocationType: 'Async', ...params }, resumed: true })), { kind: 'accepted' });
  const fresh = failure(await invoker.invoke(makeInvocation({ resource: arn('work'), pattern: 'sync', input: { n: 2 }, serviceParams: params })));
  assert.equal(fresh.error, 'FC.AsyncTaskAlreadyExists');
});

test('sync pattern: when the step gives up (timeout/stop) the async task is stopped with StopAsyncTask', async () => {
  const ac = new AbortController();
  const pending = invoker.invoke(makeInvocation({ resource: arn('hang'), pattern: 'sync', signal: ac.signal, serviceParams: { StatefulAsyncInvocationID: 'halt_me' } }));
  setTimeout(() => ac.abort(), 50);
  assert.deepEqual(await pending, { kind: 'failed', error: 'FC.Stopped', cause: 'async task halt_me stopped' });
  assert.ok(standin.requests.some((r) => r.method === 'PUT' && r.url === '/2023-03-30/functions/hang/async-tasks/halt_me/stop'));
  assert.equal(standin.task('hang', 'halt_me')?.status, 'Stopped');
});

test('each generation owns its ARNs: FC 3.0 functions/… here, FC 2.0 services/… to FcInvoker', async () => {
  const fc2 = new FcInvoker(options);
  for (const resource of [arn('echo'), arn('echo', 'LATEST'), 'acs:fc:::functions/echo']) {
    assert.equal(invoker.canInvoke({ stepName: 's', resource }), true, resource);
    assert.equal(fc2.canInvoke({ stepName: 's', resource }), false, resource);
  }
  const classic = 'acs:fc:cn-hangzhou:1234:services/svc/functions/echo';
  assert.equal(invoker.canInvoke({ stepName: 's', resource: classic }), false);
  assert.equal(fc2.canInvoke({ stepName: 's', resource: classic }), true);
  assert.deepEqual(await invoker.invoke(makeInvocation({ resource: classic })), {
    kind: 'failed',
    error: 'FC.InvalidArgument',
    cause: `Step step1: ${classic} is not a Function Compute 3.0 function ARN.`,
  });
});

test('no account in the ARN nor the options and no endpoint: a clear refusal naming the step', async () => {
  const noAccount = new Fc3Invoker({ ...options, accountId: '', endpoint: undefined });
  const out = failure(await noAccount.invoke(makeInvocation({ resource: 'acs:fc:::functions/echo', stepName: 'notify' })));
  assert.equal(out.error, 'FC.InvalidArgument');
  assert.match(out.cause, /notify/);
});

test('timeouts: a call longer than the SDK 3 s default completes within the step timeout; a hung call ends at the client timeout', async () => {
  standin.define('slow', async () => {
    await new Promise((r) => setTimeout(r, 3300));
    return { body: { late: true } };
  });
  assert.deepEqual(await invoker.invoke(makeInvocation({ resource: arn('slow'), timeoutSeconds: 10 })), { kind: 'succeeded', output: { late: true } });
  const short = new Fc3Invoker({ ...options, requestTimeoutMs: 200 });
  const started = Date.now();
  const out = failure(await short.invoke(makeInvocation({ resource: arn('hang') })));
  assert.equal(out.error, 'FC.Unknown');
  assert.ok(Date.now() - started < 3000, 'the requestTimeoutMs applies, not a longer default');
});
