import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LocalCodeInvoker } from '../../../engine/invokers/local-code-invoker';
import { LocalFunctionCatalog } from '../../../engine/invokers/local-function-catalog';
import { makeInvocation } from './invocation-fixture';

const fixtures = join(__dirname, 'fixtures');

test('a mapping file beside or above the flow wins over s.yaml; codeUri is relative to the file', () => {
  const catalog = LocalFunctionCatalog.discover(join(fixtures, 'mapped', 'flows'), join(fixtures, 'mapped'));
  const exact = catalog.find('acs:fc:cn-hangzhou:1:services/mapped/functions/sum');
  assert.equal(exact?.codeDir, join(fixtures, 'local-app', 'functions', 'esm'));
  assert.equal(exact?.handler, 'main.handler');
  assert.equal(exact?.timeoutSeconds, 7);
  assert.deepEqual(exact?.environmentVariables, { MODE: 'mapped' });
  // same service/function under the FnF shorthand ARN still finds the mapping
  assert.equal(catalog.find('acs:fc:::services/mapped.LATEST/functions/sum')?.runtime, 'nodejs20');
  // s.yaml (fc3) answers the rest, with FC defaults
  const other = catalog.find('acs:fc:::services/any/functions/other');
  assert.equal(other?.codeDir, join(fixtures, 'mapped', 'other'));
  assert.equal(other?.timeoutSeconds, 3);
  assert.equal(other?.memorySize, 128);
  assert.deepEqual(
    catalog.problems.map((p) => p.message),
    ['acs:fc:::services/broken/functions/x: "codeUri" and "handler" are required'],
  );
});

test('discovery stops at the given folder', () => {
  const catalog = LocalFunctionCatalog.discover(join(fixtures, 'mapped', 'flows'));
  assert.equal(catalog.find('acs:fc:::services/mapped/functions/sum'), undefined);
});

test('unreadable files are problems, not crashes', () => {
  const catalog = new LocalFunctionCatalog();
  catalog.addMappingFile(join(fixtures, 'does-not-exist.json'));
  catalog.addServerlessDevsFile(join(fixtures, 'does-not-exist.yaml'));
  assert.equal(catalog.problems.length, 2);
});

test('an FC 3.0 ARN reaches the s.yaml 3.0.0 (fc3) function of that name before an FC 2.0 one; an FC 2.0 ARN its service/function; the code runs', async () => {
  // local-app declares the FC 2.0 function demo/echo; fc3-app an FC 3.0 function also named echo.
  const catalog = LocalFunctionCatalog.discover(join(fixtures, 'local-app'));
  catalog.merge(LocalFunctionCatalog.discover(join(fixtures, 'fc3-app')));
  const fc3 = catalog.find('acs:fc:cn-hangzhou:1234:functions/echo/prod');
  assert.deepEqual([fc3?.serviceName, fc3?.handler, fc3?.runtime, fc3?.codeDir], [undefined, 'index.whoami', 'nodejs20', join(fixtures, 'fc3-app', 'functions', 'quote')]);
  assert.equal(catalog.find('acs:fc:::services/demo/functions/echo')?.serviceName, 'demo');
  const quote = catalog.find('acs:fc:::functions/order-quote');
  assert.deepEqual([quote?.timeoutSeconds, quote?.memorySize, quote?.environmentVariables, quote?.declaredIn], [10, 256, { CURRENCY: 'CNY' }, join(fixtures, 'fc3-app', 's.yaml')]);
  assert.equal(catalog.find('acs:fc:::functions/not-declared'), undefined);
  const invoker = new LocalCodeInvoker({ catalog, locale: 'en' });
  assert.deepEqual(await invoker.invoke(makeInvocation({ resource: 'acs:fc:cn-hangzhou:1234:functions/echo/prod' })), {
    kind: 'succeeded',
    output: { fc3: true, function: 'echo' },
  });
});
