import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { localizedSchemaText } from '../../../fdl/schema/index';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'fdl-v1.schema.json'), 'utf8'));

/** Every object schema reachable from the root, with a readable path. */
function* walk(s: unknown, path: string): Generator<[string, Record<string, unknown>]> {
  if (!s || typeof s !== 'object') return;
  if (Array.isArray(s)) {
    for (const [i, x] of s.entries()) yield* walk(x, `${path}[${i}]`);
    return;
  }
  const o = s as Record<string, unknown>;
  yield [path, o];
  for (const [k, v] of Object.entries(o)) if (typeof v === 'object') yield* walk(v, `${path}/${k}`);
}

/** True when the bundles translate `english` into Simplified Chinese. */
const inChinese = (english: unknown) => typeof english === 'string' && /[\u4e00-\u9fff]/.test(localizedSchemaText(english)['zh-cn']);

test('every property is described in English, with its Simplified Chinese in the bundle', () => {
  for (const [path, s] of walk(schema, '#')) {
    for (const [name, prop] of Object.entries((s.properties as Record<string, Record<string, unknown>>) ?? {})) {
      if (/\/if($|\/)/.test(path)) continue; // the step dispatch, not a property users write
      assert.ok(typeof prop.description === 'string' && prop.description.length > 5, `${path}/${name}: description`);
      assert.ok(inChinese(prop.description), `${path}/${name}: description has no zh-cn translation`);
    }
  }
});

test('every enum value is described in both languages', () => {
  for (const [path, s] of walk(schema, '#')) {
    if (!Array.isArray(s.enum)) continue;
    const en = s['x-enum-descriptions'] as string[];
    assert.equal(en?.length, s.enum.length, `${path}: x-enum-descriptions`);
    assert.ok(en.every(inChinese), `${path}: an x-enum-descriptions entry has no zh-cn translation`);
  }
});

test('unknown keys are rejected everywhere except serviceParams', () => {
  for (const [path, s] of walk(schema, '#')) {
    if (s.type !== 'object' || !s.properties || path.includes('/if')) continue;
    if (path === '#/definitions/step') continue; // dispatches to the step kinds, which are closed
    assert.equal(s.additionalProperties, false, `${path}: additionalProperties`);
  }
});

test('the schema is valid draft-07 and compiles under ajv strict mode', async () => {
  const { default: Ajv } = await import('ajv');
  // Union types (`duration: number | "$.x"`) and `not: {required: [...]}` are deliberate.
  const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true });
  ajv.addVocabulary(['x-enum-descriptions', 'x-pattern-hint']);
  assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
  assert.doesNotThrow(() => ajv.compile(schema));
});
