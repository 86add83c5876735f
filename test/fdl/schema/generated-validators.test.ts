/**
 * The schema validators are compiled ahead of time (fdl/schema/generated/, written by
 * `npm run build`): the committed file must be what the schemas compile to today, and the errors
 * it reports must point into the schema files themselves (the wording names definitions by them).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generatedSchemaSources } from '../../../scripts/schema-validators-source.mjs';
import { FDL_SCHEMA } from '../../../fdl/schema/fdl-schema';
import { validateFlowValue } from '../../../fdl/schema/schema-validator';

const ROOT = join(__dirname, '..', '..', '..');

test('the generated validators and step keys are current with schemas/*.schema.json (npm run build regenerates them)', () => {
  const sources = generatedSchemaSources();
  assert.deepEqual(Object.keys(sources).sort(), ['fdl-validator.js', 'statemachine-validator.js', 'step-keys.js']);
  for (const [name, source] of Object.entries(sources)) {
    const committed = readFileSync(join(ROOT, 'fdl', 'schema', 'generated', name), 'utf8');
    assert.ok(committed === source, `fdl/schema/generated/${name} is stale: run npm run build`);
  }
});

test("every error's parentSchema is an object of the schema file itself, not a copy", () => {
  const errors = validateFlowValue({ version: 'v1', type: 'flow', steps: [{ type: 'task', name: 'a', resourceArn: 'x', pattern: 'later', extra: 1 }] });
  assert.ok(errors.length >= 2);
  const own = new Set<unknown>();
  const walk = (o: unknown): void => {
    if (!o || typeof o !== 'object' || own.has(o)) return;
    own.add(o);
    for (const v of Object.values(o)) walk(v);
  };
  walk(FDL_SCHEMA);
  for (const e of errors) assert.ok(own.has(e.parentSchema), `${e.schemaPath}: parentSchema is a copy`);
  assert.ok(
    errors.some((e) => e.parentSchema === FDL_SCHEMA.definitions?.taskStep),
    errors.map((e) => e.schemaPath).join(', '),
  );
});
