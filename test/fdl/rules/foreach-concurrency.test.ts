/**
 * foreach `maxConcurrency`: the FDL v1 docs ("Foreach steps" / 并行循环步骤) have no such field
 * and cap concurrent iterations at 100; we accept it as an optional lower cap for the local
 * runner. The schema's integer 1–100 range reports every out-of-range value on the value itself,
 * with a stable code and words in both languages; completion and hover know the field.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../fdl/index';
import { propertiesAt, propertyAt } from '../../../fdl/schema/index';

const flow = (value: string) => `version: v1
type: flow
steps:
  - type: foreach
    name: each
    maxConcurrency: ${value}
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: pass
        name: noop
`;

function findingsOn(value: string, locale: 'en' | 'zh-cn' = 'en') {
  const text = flow(value);
  const { diagnostics } = analyze(text, { locale });
  const at = text.indexOf('maxConcurrency: ') + 'maxConcurrency: '.length;
  return diagnostics
    .filter((d) => d.span.start < at + value.length && d.span.end > at)
    .map((d) => ({ code: d.code, severity: d.severity, text: text.slice(d.span.start, d.span.end), message: d.message }));
}

for (const [value, code, words] of [
  ['0', 'schema-out-of-range', /at least 1/],
  ['-3', 'schema-out-of-range', /at least 1/],
  ['101', 'schema-out-of-range', /at most 100/],
  ['2.5', 'schema-wrong-type', /whole number/],
  ['"10"', 'schema-wrong-type', /whole number/],
  ['$.limit', 'schema-wrong-type', /whole number/],
] as const) {
  test(`maxConcurrency: ${value} is an error on the value`, () => {
    const found = findingsOn(value);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].code, code);
    assert.equal(found[0].severity, 'error');
    assert.equal(found[0].text, value);
    assert.match(found[0].message, words);
    assert.match(findingsOn(value, 'zh-cn')[0].message, /[\u4e00-\u9fff]/);
  });
}

for (const value of ['1', '100', '25']) {
  test(`maxConcurrency: ${value} is accepted`, () => {
    assert.deepEqual(findingsOn(value), []);
  });
}

test('completion offers maxConcurrency on foreach steps only, with both languages', () => {
  const root = {
    version: 'v1',
    type: 'flow',
    steps: [
      { type: 'foreach', name: 'each' },
      { type: 'parallel', name: 'p' },
    ],
  };
  const foreachKeys = propertiesAt(['steps', 0], root);
  const mc = foreachKeys.find((p) => p.name === 'maxConcurrency');
  assert.ok(mc, 'foreach offers maxConcurrency');
  assert.deepEqual(mc.types, ['integer']);
  assert.equal(mc.required, false);
  assert.match(mc.description?.en ?? '', /1 to 100/);
  assert.match(mc.description?.['zh-cn'] ?? '', /100/);
  assert.ok(!propertiesAt(['steps', 1], root).some((p) => p.name === 'maxConcurrency'), 'parallel does not');
});

test('hover on maxConcurrency says the range, the service cap and that the docs do not list it', () => {
  const root = { version: 'v1', type: 'flow', steps: [{ type: 'foreach', name: 'each', maxConcurrency: 5 }] };
  const info = propertyAt(['steps', 0, 'maxConcurrency'], root);
  assert.ok(info);
  assert.match(info.description?.en ?? '', /service limit: 100/);
  assert.match(info.description?.en ?? '', /local runner/);
  assert.match(info.description?.['zh-cn'] ?? '', /本地运行器/);
});
