/**
 * fdl/step-kinds.ts is the one declaration of the sequences each step kind holds: it agrees with
 * the schema (a kind holds sequences exactly when its definition reaches `steps`), and it yields a
 * step's nested sequences in document order with their outline labels and roles, and it says
 * which kinds carry `retry` and `catch`, as the schema does.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseFlow, STEP_TYPES } from '../../fdl/index';
import { carriesCatch, childScopes, labelledChildScopes, STEP_KINDS } from '../../fdl/step-kinds';

type Schema = { definitions: Record<string, unknown> };
const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'fdl-v1.schema.json'), 'utf8')) as Schema;

/** Does this schema definition reach `#/definitions/steps` through its `$ref`s? */
function holdsSteps(name: string, seen = new Set<string>()): boolean {
  if (name === 'steps') return true;
  if (seen.has(name)) return false;
  seen.add(name);
  const refs: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (k === '$ref' && typeof v === 'string') refs.push(v);
        else walk(v);
      }
    }
  };
  walk(schema.definitions[name]);
  return refs.some((r) => holdsSteps(r.replace('#/definitions/', ''), seen));
}

test('a kind declares child scopes exactly when the schema nests steps in it', () => {
  for (const kind of STEP_TYPES) {
    assert.ok(schema.definitions[`${kind}Step`], kind);
    assert.equal(STEP_KINDS[kind].childScopes !== undefined, holdsSteps(`${kind}Step`), kind);
  }
});

test('a kind carries catch exactly when the schema gives it retry and catch', () => {
  for (const kind of STEP_TYPES) {
    const props = (schema.definitions[`${kind}Step`] as { properties: Record<string, unknown> }).properties;
    assert.equal(STEP_KINDS[kind].catches, 'catch' in props, kind);
    assert.equal(STEP_KINDS[kind].catches, 'retry' in props, kind);
  }
});

test('a step yields its nested sequences in document order, labelled for outlines', () => {
  const text = `version: v1
type: flow
steps:
  - type: choice
    name: c
    choices:
      - condition: $.a > 1
        steps:
          - type: pass
            name: p1
      - condition: $.b
        goto: f
    default:
      steps:
        - type: pass
          name: p2
  - type: parallel
    name: par
    branches:
      - steps:
          - type: pass
            name: b1
      - steps:
          - type: pass
            name: b2
  - type: foreach
    name: f
    iterationMapping:
      collection: $.items
      item: x
    steps:
      - type: pass
        name: inner
  - type: pass
    name: last
`;
  const [choice, parallel, foreach, pass] = parseFlow(text).flow.body.steps;
  const names = (s: typeof choice) => labelledChildScopes(s).map((c) => [c.label, c.scope.steps.map((x) => x.name)]);
  assert.deepEqual(names(choice), [
    ['$.a > 1', ['p1']],
    ['$.b', []],
    ['default', ['p2']],
  ]);
  assert.deepEqual(names(parallel), [
    ['branch 1', ['b1']],
    ['branch 2', ['b2']],
  ]);
  assert.deepEqual(names(foreach), [['steps', ['inner']]]);
  assert.deepEqual(names(pass), []);
  const roles = (s: typeof choice) => labelledChildScopes(s).map((c) => `${c.role}${c.index}`);
  assert.deepEqual(roles(choice), ['choice0', 'choice1', 'default0']);
  assert.deepEqual(roles(parallel), ['branch0', 'branch1']);
  assert.deepEqual(roles(foreach), ['body0']);
  assert.deepEqual(
    labelledChildScopes(choice).map((c) => c.condition?.value),
    ['$.a > 1', '$.b', undefined],
  );
  assert.deepEqual([choice, parallel, foreach, pass].map(carriesCatch), [false, true, true, false]);
  assert.deepEqual(childScopes(foreach), [foreach.type === 'foreach' ? foreach.body : undefined]);
});
