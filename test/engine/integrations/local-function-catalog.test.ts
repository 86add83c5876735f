import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LocalFunctionCatalog } from '../../../engine/invokers/local-function-catalog';

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
