/**
 * The classic rules (fdl/rules/index.ts) and the classic schema's validator are required when a
 * classic document is first checked (fdl/analysis-checks.ts, fdl/schema/schema-validator.ts): a
 * StateMachine flow's analysis does not load them, and a classic document's still finds what they
 * find.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../fdl/analyze';

const loaded = (file: string) => Object.keys(require.cache).some((k) => k.endsWith(join(...file.split('/'))));
const LAZY = ['fdl/rules/index.ts', 'fdl/rules/goto-targets.ts', 'fdl/rules/reachability.ts', 'fdl/schema/generated/fdl-validator.js'];

test('a StateMachine flow is analysed without loading the classic rules; a classic flow then finds what they find', () => {
  const sm = analyze('Type: StateMachine\nName: x\nSpecVersion: v1\nStartAt: a\nStates:\n  - Type: Pass\n    Name: a\n    Next: b\n');
  assert.deepEqual(
    sm.diagnostics.map((d) => d.code),
    ['sm-unknown-state'],
  );
  assert.deepEqual(LAZY.filter(loaded), []);

  const classic = analyze('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    end: yes\n  - type: pass\n    name: a\n');
  assert.deepEqual(classic.diagnostics.map((d) => d.code).sort(), ['duplicate-step-name', 'schema-wrong-type']);
  assert.deepEqual(LAZY.filter(loaded), LAZY);
});
