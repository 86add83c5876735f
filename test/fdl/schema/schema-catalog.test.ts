import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFlow } from '../../../fdl/index';
import { enumValueDescription, enumValuesAt, localizedSchemaText, propertiesAt, propertyAt, schemaForStepType, stepTypes } from '../../../fdl/schema/index';

const flow = parseFlow(`version: v1
type: flow
steps:
  - type: task
    name: t
    resourceArn: acs:fc:::services/s/functions/f
    retry:
      - errors: [FnF.ALL]
    serviceParams:
      InvocationType: Async
  - type: wait
    name: w
    duration: 3
  - name: notYetTyped
`).value;

test('a task step offers task keys with English and Chinese descriptions', () => {
  const props = propertiesAt(['steps', 0], flow);
  const names = props.map((p) => p.name);
  for (const k of ['type', 'name', 'resourceArn', 'action', 'pattern', 'serviceParams', 'retry', 'catch', 'errorMappings', 'timeoutSeconds']) assert.ok(names.includes(k), k);
  assert.ok(!names.includes('duration'));
  const pattern = props.find((p) => p.name === 'pattern')!;
  assert.match(pattern.description!.en, /requestResponse/);
  assert.match(pattern.description!['zh-cn'], /默认值/);
  assert.deepEqual(
    pattern.enumValues!.map((v) => v.value),
    ['requestResponse', 'sync', 'waitForCallback'],
  );
  assert.equal(pattern.default, 'requestResponse');
});

test('a wait step offers wait keys; a step without a type offers the keys every step has', () => {
  assert.ok(propertiesAt(['steps', 1], flow).some((p) => p.name === 'timestamp'));
  assert.deepEqual(
    propertiesAt(['steps', 2], flow).map((p) => p.name),
    ['type', 'name', 'end', 'inputMappings', 'outputMappings'],
  );
});

test('nested keys, root keys and required flags come from the schema', () => {
  const retry = propertiesAt(['steps', 0, 'retry', 0], flow);
  assert.deepEqual(
    retry.map((p) => p.name),
    ['errors', 'intervalSeconds', 'maxIntervalSeconds', 'maxAttempts', 'multiplier'],
  );
  assert.equal(retry.find((p) => p.name === 'errors')!.required, true);
  const root = propertiesAt([], flow);
  assert.deepEqual(
    root.filter((p) => p.required).map((p) => p.name),
    ['version', 'type', 'steps'],
  );
  assert.deepEqual(propertiesAt(['steps', 0, 'serviceParams'], flow), [], 'serviceParams is free-form');
});

test('hover reads a key and an enum value; value completion lists enum values and booleans', () => {
  const p = propertyAt(['steps', 0, 'pattern'], flow)!;
  assert.equal(p.name, 'pattern');
  assert.match(enumValueDescription(['steps', 0, 'pattern'], flow, 'waitForCallback')!['zh-cn'], /令牌/);
  assert.deepEqual(
    enumValuesAt(['steps', 1, 'end'], flow).map((v) => v.value),
    [true, false],
  );
  assert.deepEqual(
    enumValuesAt(['version'], flow).map((v) => v.value),
    ['v1', 'v1beta1'],
  );
  assert.equal(propertyAt(['steps', 0, 'nope'], flow), undefined);
});

test('step kinds are listed with descriptions and resolve to their definitions', () => {
  const kinds = stepTypes();
  assert.deepEqual(
    kinds.map((k) => k.value),
    ['task', 'pass', 'wait', 'choice', 'parallel', 'foreach', 'succeed', 'fail'],
  );
  assert.ok(kinds.every((k) => k.description?.en && k.description['zh-cn']));
  assert.ok(schemaForStepType('foreach')!.properties!.iterationMapping);
  assert.equal(schemaForStepType('loop'), undefined);
});

test('hover and completion say a succeed step ends its scope (a branch or iteration when nested), not always the execution', () => {
  const definition = schemaForStepType('succeed')!;
  const texts = [
    stepTypes().find((t) => t.value === 'succeed')?.description,
    enumValueDescription(['steps', 0, 'type'], flow, 'succeed'),
    localizedSchemaText(definition.description ?? ''),
  ];
  for (const text of texts) {
    assert.ok(text, 'described');
    assert.match(text.en, /ends its scope/i);
    assert.match(text.en, /parallel branch or a foreach iteration it ends only that branch or iteration/);
    assert.doesNotMatch(text.en, /from anywhere/);
    assert.match(text['zh-cn'], /作用域/);
    assert.match(text['zh-cn'], /只结束该分支或该次迭代/);
  }
});
