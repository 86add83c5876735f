/**
 * `fdl run --fc <region>` runs FC tasks on Function Compute through the real
 * `@alicloud/fc-open20210406` SDK (FC 2.0 ARNs) and `@alicloud/fc20230330` (FC 3.0 ARNs) — here
 * against the loopback stand-ins that verify the ACS3-HMAC-SHA256 signature. Credentials come only from ALIBABA_CLOUD_ACCESS_KEY_ID /
 * _SECRET / _SECURITY_TOKEN and never appear in what the command prints.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FcStandin } from '../engine/integrations/fc-standin';
import { Fc3Standin } from '../engine/integrations/fc3-standin';
import { tempDir } from '../engine/helpers';
import { fdl } from './fdl-process';

const SECRET = 'standin-secret-0123456789';
const standin = new FcStandin({ LTAIcli: SECRET });

before(async () => {
  await standin.start();
  standin
    .define('svc', 'double', (event) => ({ body: { n: (JSON.parse(event.toString()) as { n: number }).n * 2 } }))
    .define('svc', 'reject', () => ({ errorType: 'HandledInvocationError', body: { errorMessage: 'over budget', errorType: 'BudgetExceeded' } }));
});
after(() => standin.stop());

const FLOW = `version: v1
type: flow
steps:
  - type: task
    name: double
    resourceArn: acs:fc:::services/svc/functions/double
  - type: task
    name: again
    resourceArn: acs:fc:cn-hangzhou:1234:services/svc/functions/double
    pattern: sync
`;

const credentials = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIcli', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET };

function flowFile(dir: string, text = FLOW): string {
  const f = join(dir, 'fc.flow.yaml');
  writeFileSync(f, text);
  return f;
}

test('run --fc: requestResponse and sync tasks run on Function Compute with credentials from the environment', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const before = standin.requests.length;
  const r = await fdl(
    ['run', flowFile(dir), '--input', '{"n":3}', '--fc', 'cn-hangzhou', '--fc-account', '1234', '--fc-endpoint', `http://${standin.endpoint}`, '--store', join(dir, 's'), '--json'],
    credentials,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { status: 'Succeeded', output: { n: 12 }, error: null, cause: null });
  const sent = standin.requests.slice(before);
  assert.equal(sent[0].url, '/2021-04-06/services/svc/functions/double/invocations');
  assert.equal(sent[0].headers['x-fc-invocation-type'], 'Sync');
  assert.match(String(sent[0].headers.authorization), /^ACS3-HMAC-SHA256 Credential=LTAIcli,/);
  assert.ok(
    sent.some((q) => q.headers['x-fc-invocation-type'] === 'Async' && q.headers['x-fc-stateful-async-invocation-id']),
    'sync submits a stateful async invocation',
  );
  assert.ok(!(r.stdout + r.stderr).includes(SECRET));
});

test('run --fc: STS credentials carry the security token; a function error fails the run with its type', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const flow = flowFile(dir, 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: spend\n    resourceArn: acs:fc:cn-hangzhou:1234:services/svc/functions/reject\n');
  const before = standin.requests.length;
  const r = await fdl(['run', flow, '--fc', 'cn-hangzhou', '--fc-endpoint', `http://${standin.endpoint}`, '--store', join(dir, 's'), '--json'], {
    ...credentials,
    ALIBABA_CLOUD_SECURITY_TOKEN: 'sts-token-x',
  });
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { status: 'Failed', output: null, error: 'BudgetExceeded', cause: 'over budget' });
  assert.equal(standin.requests.slice(before)[0].headers['x-acs-security-token'], 'sts-token-x');
  assert.ok(!(r.stdout + r.stderr).includes('sts-token-x'));
});

test('run --fc: a wrong secret is refused by the service as FC.SignatureNotMatch, and the secret is not printed', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const r = await fdl(['run', flowFile(dir), '--fc', 'cn-hangzhou', '--fc-endpoint', `http://${standin.endpoint}`, '--store', join(dir, 's')], {
    ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIcli',
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'not-the-secret-42',
  });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /: Failed\nerror: FC\.SignatureNotMatch\n/);
  assert.ok(!(r.stdout + r.stderr).includes('not-the-secret-42'));
});

test('run --fc without credentials in the environment refuses to start (exit 2), in English and Chinese', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const args = ['run', flowFile(dir), '--fc', 'cn-hangzhou', '--store', join(dir, 's')];
  const en = await fdl(args, { LANG: 'en_US.UTF-8' });
  assert.equal(en.code, 2);
  assert.match(en.stderr, /--fc needs credentials in the environment: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
  const zh = await fdl(args, { LANG: 'zh_CN.UTF-8' });
  assert.equal(zh.code, 2);
  assert.match(zh.stderr, /--fc 需要环境变量中的凭证：请设置 ALIBABA_CLOUD_ACCESS_KEY_ID/);
  const badRegion = await fdl(['run', flowFile(dir), '--fc', 'Hangzhou!', '--store', join(dir, 's')], credentials);
  assert.equal(badRegion.code, 2);
  assert.match(badRegion.stderr, /--fc needs a region such as cn-hangzhou, got Hangzhou!/);
});

test('run --fc: FC 3.0 functions/… ARNs go through the FC 3.0 SDK, requestResponse and sync (an async task)', { timeout: 60_000 }, async (t) => {
  const fc3 = await new Fc3Standin({ LTAIcli: SECRET }).start();
  t.after(() => fc3.stop());
  fc3.define('triple', (event) => ({ body: { n: (JSON.parse(event.toString()) as { n: number }).n * 3 } }));
  const dir = tempDir(t);
  const mixed = `version: v1
type: flow
steps:
  - type: task
    name: triple
    resourceArn: acs:fc:cn-hangzhou:1234:functions/triple/LATEST
  - type: task
    name: tripleAgain
    resourceArn: acs:fc:::functions/triple
    pattern: sync
`;
  const r = await fdl(
    ['run', flowFile(dir, mixed), '--input', '{"n":2}', '--fc', 'cn-hangzhou', '--fc-endpoint', `http://${fc3.endpoint}`, '--store', join(dir, 's'), '--json'],
    credentials,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { status: 'Succeeded', output: { n: 18 }, error: null, cause: null });
  assert.equal(fc3.requests[0].url, '/2023-03-30/functions/triple/invocations?qualifier=LATEST');
  assert.ok(fc3.requests.some((q) => q.headers['x-fc-invocation-type'] === 'Async' && q.headers['x-fc-async-task-id']));
  assert.ok(fc3.requests.some((q) => q.method === 'GET' && q.url.startsWith('/2023-03-30/functions/triple/async-tasks/')));
  assert.ok(!(r.stdout + r.stderr).includes(SECRET));
});
