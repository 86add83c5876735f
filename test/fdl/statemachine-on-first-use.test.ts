/**
 * The StateMachine analysis (fdl/analysis-checks.ts), its checks of schema, expressions, tasks and
 * limits (fdl/cloudflow/analyze-statemachine.ts) and its schema's validator
 * (fdl/schema/schema-validator.ts) are required when a StateMachine document is first checked: a
 * classic flow's analysis does not load them, and a StateMachine document's still finds what each
 * of them finds.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../fdl/analyze';

const invalid = join(__dirname, '..', 'fixtures', 'cloudflow', 'invalid');
const loaded = (file: string) => Object.keys(require.cache).some((k) => k.endsWith(join(...file.split('/'))));
const LAZY = [
  ...['analyze-statemachine', 'statemachine-names', 'statemachine-schema', 'statemachine-expressions', 'statemachine-tasks', 'statemachine-limits'].map(
    (m) => `fdl/cloudflow/${m}.ts`,
  ),
  'fdl/schema/generated/statemachine-validator.js',
  'schemas/cloudflow-statemachine.schema.json',
];

test('a classic flow is analysed without loading the StateMachine checks; a StateMachine flow then finds what each finds', () => {
  const classic = analyze('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n  - type: pass\n    name: a\n');
  assert.deepEqual(
    classic.diagnostics.map((d) => d.code),
    ['duplicate-step-name'],
  );
  assert.deepEqual(LAZY.filter(loaded), []);

  const codes = (file: string) => new Set(analyze(readFileSync(join(invalid, file), 'utf8')).diagnostics.map((d) => d.code));
  assert.ok(codes('map-typo-key.yaml').has('schema-unknown-property'));
  assert.ok(codes('expressions.yaml').has('sm-unknown-function'));
  assert.ok(codes('tasks.yaml').has('sm-task-mode-invocation-type'));
  assert.ok(codes('limits.yaml').has('sm-map-concurrency'));
  assert.deepEqual(LAZY.filter(loaded), LAZY);
});
