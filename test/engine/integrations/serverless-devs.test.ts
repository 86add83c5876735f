import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findDeclaredFunction, parseFunctionArn, readServerlessDevs } from '../../../fdl/serverless-devs';

const fixtures = join(__dirname, 'fixtures', 's-yaml');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');

test('edition 1.0.0: each fc resource with a function is declared, variables substituted', () => {
  const text = read('edition1.s.yaml');
  const file = readServerlessDevs(text, { env: { TABLE_NAME: 'approvals' } });
  assert.equal(file.edition, '1.0.0');
  assert.equal(file.name, 'callback-demo');
  assert.deepEqual(
    file.functions.map((f) => `${f.serviceName}/${f.functionName}`),
    ['demo-service/approve', 'demo-service/echo', 'other-service/echo'],
  );
  const approve = file.functions[0];
  assert.equal(approve.flavor, 'fc');
  assert.equal(approve.region, 'cn-hangzhou');
  assert.equal(approve.handler, 'index.handler');
  assert.equal(approve.runtime, 'nodejs14');
  assert.equal(approve.codeUri, './functions/approve');
  assert.equal(approve.timeoutSeconds, 30);
  assert.equal(approve.memorySize, 256);
  assert.equal(approve.initializer, 'index.initialize');
  assert.equal(approve.logProject, 'demo-logs');
  assert.equal(approve.logStore, 'fc-logs');
  assert.deepEqual(approve.environmentVariables, { STAGE: 'dev', TABLE: 'approvals' });
  assert.deepEqual(approve.unresolved, []);
  assert.equal(text.slice(approve.nameSpan.start, approve.nameSpan.end), 'approve');
  assert.ok(text.slice(approve.span.start, approve.span.end).startsWith('approve-fn:'));
});

test('edition 1.0.0: unresolvable variables stay as written and are listed', () => {
  const file = readServerlessDevs(read('edition1.s.yaml'));
  const echo = file.functions[1];
  assert.equal(echo.environmentVariables?.SELF, 'echo@cn-shanghai');
  assert.equal(echo.environmentVariables?.CONFIG, '${file(./config.txt)}');
  assert.deepEqual(echo.unresolved, ['${file(./config.txt)}']);
  // env values are only used when the caller passes them
  assert.deepEqual(file.functions[0].unresolved, ['${env(TABLE_NAME)}']);
});

test('edition 3.0.0: fc3 functions with code, lifecycle initializer and cross-resource variables', () => {
  const text = read('edition3.s.yaml');
  const file = readServerlessDevs(text);
  assert.equal(file.edition, '3.0.0');
  assert.deepEqual(
    file.functions.map((f) => f.functionName),
    ['hello-echo', 'worker', 'packaged'],
  );
  const [demo, worker, packaged] = file.functions;
  assert.equal(demo.flavor, 'fc3');
  assert.equal(demo.serviceName, undefined);
  assert.equal(demo.region, 'cn-beijing');
  assert.equal(demo.codeUri, './code');
  assert.equal(demo.timeoutSeconds, 60);
  assert.equal(demo.initializer, 'index.initialize');
  assert.equal(demo.initializationTimeoutSeconds, 20);
  assert.equal(text.slice(demo.nameSpan.start, demo.nameSpan.end), '${vars.prefix}-echo');
  assert.equal(worker.codeUri, './code/../worker');
  assert.equal(worker.handler, 'worker.main');
  assert.equal(worker.timeoutSeconds, 15);
  assert.equal(packaged.codeUri, undefined, 'OSS code has no local folder');
});

test('resourceArn matching: service + function for FC 2.0, name fallback to fc3, region preference', () => {
  const v1 = readServerlessDevs(read('edition1.s.yaml')).functions;
  assert.equal(findDeclaredFunction(v1, 'acs:fc:cn-hangzhou:123:services/demo-service/functions/approve')?.resourceName, 'approve-fn');
  assert.equal(findDeclaredFunction(v1, 'acs:fc:::services/demo-service.LATEST/functions/echo')?.resourceName, 'echo-fn');
  assert.equal(findDeclaredFunction(v1, 'acs:fc:::services/other-service/functions/echo')?.resourceName, 'other-echo');
  assert.equal(findDeclaredFunction(v1, 'acs:fc:::services/nope/functions/echo'), undefined);
  assert.equal(findDeclaredFunction(v1, 'acs:fc:cn-hangzhou::functions/echo')?.resourceName, 'other-echo');
  assert.equal(findDeclaredFunction(v1, 'not an arn'), undefined);
  const v3 = readServerlessDevs(read('edition3.s.yaml')).functions;
  assert.equal(findDeclaredFunction(v3, 'acs:fc:cn-beijing:1:services/any/functions/worker')?.resourceName, 'worker');
  assert.equal(findDeclaredFunction(v3, 'acs:fc:cn-beijing:1:functions/hello-echo')?.resourceName, 'fcDemo');
});

test('ARN parts', () => {
  assert.deepEqual(parseFunctionArn('acs:fc:cn-hangzhou:123:services/svc.prod/functions/fn'), {
    region: 'cn-hangzhou',
    accountId: '123',
    serviceName: 'svc',
    qualifier: 'prod',
    functionName: 'fn',
  });
  assert.deepEqual(parseFunctionArn('acs:fc:::services/svc/functions/fn'), {
    region: '',
    accountId: '',
    serviceName: 'svc',
    qualifier: undefined,
    functionName: 'fn',
  });
  assert.equal(parseFunctionArn('acs:mns:cn-hangzhou:1:/queues/q'), undefined);
});

test('bad input never throws', () => {
  for (const text of ['', ':::', 'services: [1, 2]', 'resources:\n  a: {props: {functionName: [x]}}', 'services:\n  a: &x {props: *x}', '\t- ]']) {
    const file = readServerlessDevs(text);
    assert.ok(Array.isArray(file.functions));
  }
  const broken = readServerlessDevs('edition: 3.0.0\nresources:\n  f:\n    props:\n      functionName: ok\n  g: [\n');
  assert.ok(broken.syntaxErrors.length > 0);
});
