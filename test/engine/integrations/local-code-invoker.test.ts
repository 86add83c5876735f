import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LocalCodeInvoker, LOCAL_ERRORS } from '../../../engine/invokers/local-code-invoker';
import { LocalFunctionCatalog } from '../../../engine/invokers/local-function-catalog';
import { makeInvocation } from './invocation-fixture';

const appDir = join(__dirname, 'fixtures', 'local-app');
const catalog = LocalFunctionCatalog.discover(appDir);
const api = { endpoint: 'http://127.0.0.1:9', accessKeyId: 'LTAIlocal', accessKeySecret: 'secret' };
const invoker = new LocalCodeInvoker({ catalog, fnfApi: api, accountId: '1234', locale: 'en' });
const arn = (fn: string) => `acs:fc:cn-shanghai::services/demo.prod/functions/${fn}`;

test('callback handler gets a Buffer event and the FC context; its output and log lines come back', async () => {
  process.env.HOST_SECRET = 'must not leak';
  const inv = makeInvocation({ resource: arn('echo'), input: { hello: 'world' } });
  const outcome = await invoker.invoke(inv);
  assert.equal(outcome.kind, 'succeeded');
  const out = (outcome as { output: Record<string, any> }).output;
  assert.deepEqual(out.input, { hello: 'world' });
  assert.equal(out.isBuffer, true);
  assert.equal(out.initialized, 1, 'the initializer ran before the handler');
  assert.match(out.requestId, /^[0-9a-f-]{36}$/);
  assert.deepEqual(out.function, { name: 'echo', handler: 'index.handler', memory: 256, timeout: 5, initializer: 'index.initialize' });
  assert.deepEqual(out.service, { name: 'demo', logProject: 'demo-project', logStore: 'demo-store', qualifier: 'prod', versionId: '' });
  assert.equal(out.region, 'cn-shanghai', 'the ARN region wins over the declaration');
  assert.equal(out.accountId, '1234');
  assert.deepEqual(out.credentials, { accessKeyId: 'LTAIlocal', accessKeySecret: 'secret', securityToken: '' });
  assert.deepEqual(out.env, {
    GREETING: 'hello',
    FC_FUNCTION_NAME: 'echo',
    FC_FUNC_CODE_PATH: join(appDir, 'functions', 'echo'),
    FNF_ENDPOINT: 'http://127.0.0.1:9',
    ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIlocal',
  });
  assert.ok(inv.lines.includes('echo got {"hello":"world"}'), inv.lines.join('\n'));
  assert.ok(inv.lines.includes('stderr: a line on stderr'));
  assert.ok(inv.lines.some((l) => / \[INFO\] initialized for echo$/.test(l)));
  assert.ok(inv.lines.some((l) => l.startsWith('FC Invoke Start RequestId: ')));
});

test('ES module async handler', async () => {
  const outcome = await invoker.invoke(makeInvocation({ resource: arn('esm'), input: { a: 2, b: 3 } }));
  assert.deepEqual(outcome, { kind: 'succeeded', output: { sum: 5, name: 'esm' } });
});

const failures: [string, string, string | RegExp][] = [
  ['handled', 'ApprovalRejected', 'rejected by reviewer'],
  ['string', 'HandledInvocationError', 'plain string failure'],
  ['throw', 'TypeError', 'boom'],
  ['uncaught', 'RangeError', 'late'],
  ['exit', 'UnhandledInvocationError', /^Process exited unexpectedly before completing request/],
];
for (const [mode, error, cause] of failures) {
  test(`function error (${mode}) fails the step with the error type and message`, async () => {
    const inv = makeInvocation({ resource: arn('errors'), input: { mode } });
    const outcome = await invoker.invoke(inv);
    assert.equal(outcome.kind, 'failed');
    const f = outcome as { error: string; cause: string };
    assert.equal(f.error, error);
    if (typeof cause === 'string') assert.equal(f.cause, cause);
    else assert.match(f.cause, cause);
  });
}

test('a handled error logs its x-fc-error-type and stack', async () => {
  const inv = makeInvocation({ resource: arn('errors'), input: { mode: 'throw' } });
  await invoker.invoke(inv);
  assert.ok(inv.lines.includes('local: UnhandledInvocationError: TypeError: boom'), inv.lines.join('\n'));
  assert.ok(inv.lines.some((l) => l.startsWith('TypeError: boom')));
});

test('results: text passes through, nothing becomes {}', async () => {
  assert.deepEqual(await invoker.invoke(makeInvocation({ resource: arn('errors'), input: { mode: 'text' } })), { kind: 'succeeded', output: 'not json' });
  assert.deepEqual(await invoker.invoke(makeInvocation({ resource: arn('errors'), input: { mode: 'nothing' } })), { kind: 'succeeded', output: {} });
});

test('the function timeout kills the process', async () => {
  const fast = new LocalCodeInvoker({ catalog, locale: 'en', timeScale: 0.05 });
  const started = Date.now();
  const outcome = await fast.invoke(makeInvocation({ resource: arn('errors'), input: { mode: 'hang' } }));
  assert.deepEqual(outcome, { kind: 'failed', error: 'UnhandledInvocationError', cause: 'Function time out after 2 seconds' });
  assert.ok(Date.now() - started < 5000, 'killed at the (scaled) function timeout, not left running');
});

test('aborting the step kills the process', async () => {
  const ac = new AbortController();
  const pending = invoker.invoke(makeInvocation({ resource: arn('errors'), input: { mode: 'hang' }, signal: ac.signal }));
  setTimeout(() => ac.abort(), 50);
  const outcome = await pending;
  assert.equal(outcome.kind, 'failed');
});

test('waitForCallback submits and returns accepted at once', async () => {
  const inv = makeInvocation({ resource: arn('esm'), input: { a: 1, b: 1 }, pattern: 'waitForCallback', taskToken: 't' });
  const outcome = await invoker.invoke(inv);
  assert.equal(outcome.kind, 'accepted');
  assert.match((outcome as { requestId: string }).requestId, /^[0-9a-f-]{36}$/);
});

test('sync + InvocationType Async + StatefulAsyncInvocationID: the invocation carries that id; context.requestId stays its request id (FC.md §3.4, §1.5)', async () => {
  const inv = makeInvocation({ resource: arn('echo'), pattern: 'sync', input: { v: 1 }, serviceParams: { InvocationType: 'Async', StatefulAsyncInvocationID: 'video_42' } });
  const outcome = await invoker.invoke(inv);
  assert.equal(outcome.kind, 'succeeded');
  const requestId = (outcome as { output: { requestId: string } }).output.requestId;
  // FC answers a stateful async invocation with x-fc-request-id beside the stateful id and its
  // record keeps both; the function's context.requestId is the request id.
  assert.match(requestId, /^[0-9a-f-]{36}$/);
  assert.ok(inv.lines.includes(`local: stateful async invocation video_42 (request id ${requestId})`), inv.lines.join('\n'));
  assert.ok(inv.lines.includes(`FC Invoke Start RequestId: ${requestId}`));
  assert.equal(inv.lines.at(-1), 'local: stateful async invocation video_42 ended: succeeded');
  // Without Async (or without an id) there is no stateful invocation to name.
  const plain = makeInvocation({ resource: arn('echo'), pattern: 'sync', serviceParams: { StatefulAsyncInvocationID: 'video_42' } });
  assert.equal((await invoker.invoke(plain)).kind, 'succeeded');
  assert.ok(!plain.lines.some((l) => l.includes('video_42')), plain.lines.join('\n'));
});

test('non-Node runtimes and unknown functions give a clear, named error', async () => {
  const py = makeInvocation({ resource: arn('py'), stepName: 'score' });
  const outcome = await invoker.invoke(py);
  assert.equal(outcome.kind, 'failed');
  assert.equal((outcome as { error: string }).error, LOCAL_ERRORS.unsupportedRuntime);
  assert.match((outcome as { cause: string }).cause, /Step `score`.*python3\.9.*mock/);
  assert.equal(invoker.canInvoke({ stepName: 'x', resource: arn('nope') }), false);
  assert.equal(invoker.canInvoke({ stepName: 'x', resource: arn('echo') }), true);
  const missing = await invoker.invoke(makeInvocation({ resource: arn('nope') }));
  assert.equal((missing as { error: string }).error, LOCAL_ERRORS.functionNotFound);
  const zh = new LocalCodeInvoker({ catalog, locale: 'zh-cn' });
  assert.match(((await zh.invoke(makeInvocation({ resource: arn('py') }))) as { cause: string }).cause, /本地只能运行 Node\.js/);
});
