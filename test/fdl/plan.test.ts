/**
 * Both dialects compile to one plan (fdl/plan): scopes of states with their kind and `next`. A
 * classic sequence falls through and `end: true` ends it; a StateMachine scope starts at StartAt,
 * follows Next, and End ends the scope only; Retry/Catch come out in the classic rule shape.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFlow } from '../../fdl/parse';
import { classicPlan } from '../../fdl/plan/classic';
import { stateMachinePlan, type SmPlanModel } from '../../fdl/plan/statemachine';
import type { PlanScope } from '../../fdl/plan/plan';

const names = (scope: PlanScope, from = scope.start): string[] => {
  const out: string[] = [];
  for (let i = from; i !== undefined && out.length < 50; i = scope.states[i].next) out.push(scope.states[i].name);
  return out;
};

test('a classic sequence falls through, `end: true` ends it, foreach is the map kind, one plan per sequence', () => {
  const parsed = parseFlow(
    'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n  - type: foreach\n    name: each\n    iterationMapping: {collection: $.xs, item: x}\n    steps:\n      - type: pass\n        name: inner\n    end: true\n  - type: pass\n    name: unreachable\n',
  );
  const plan = classicPlan(parsed.flow.body);
  assert.equal(plan.dialect, 'classic');
  assert.deepEqual(names(plan), ['a', 'each']);
  assert.deepEqual(
    plan.states.map((s) => s.kind),
    ['pass', 'map', 'pass'],
  );
  assert.equal(plan.byName.get('unreachable'), 2);
  assert.equal(classicPlan(parsed.flow.body), plan, 'compiled once per sequence');
});

test('a StateMachine scope starts at StartAt and follows Next; End ends the branch, not the flow; rules in the classic shape', () => {
  const parsed = parseFlow(`Type: StateMachine
Name: f
SpecVersion: v1
StartAt: Fan
States:
  - Type: Pass
    Name: Last
    End: true
  - Type: Parallel
    Name: Fan
    Branches:
      - StartAt: B2
        States:
          - Type: Pass
            Name: B1
            End: true
          - Type: Pass
            Name: B2
            Next: B1
    Retry:
      - Errors: [FC.ResourceThrottled]
        Description: d
        MaxAttempts: 4
        IntervalSeconds: 2
        BackoffRate: 3
        MaxBackoffSeconds: 9
    Catch:
      - Errors: [FnF.ALL]
        Description: d
        OutputConstructor:
          failed: true
        Next: Last
    Next: Pick
  - Type: Choice
    Name: Pick
    Branches:
      - Condition: $Input.x == 1
        Next: Last
    Default: Last
`);
  const plan = stateMachinePlan(parsed.value);
  assert.equal(plan.dialect, 'statemachine');
  assert.deepEqual(names(plan), ['Fan', 'Pick']);
  const fan = plan.states[plan.byName.get('Fan')!].model as SmPlanModel;
  assert.deepEqual(names(fan.branches[0]), ['B2', 'B1']);
  assert.deepEqual(
    fan.retry.map((r) => [r.errors.map((e) => e.value), r.maxAttempts, r.intervalSeconds, r.multiplier, r.maxIntervalSeconds]),
    [[['FC.ResourceThrottled'], 4, 2, 3, 9]],
  );
  assert.deepEqual(
    fan.catch.map((c) => [c.errors.map((e) => e.value), c.goto?.value, c.outputConstructor]),
    [[['FnF.ALL'], 'Last', { failed: true }]],
  );
  const pick = plan.states[plan.byName.get('Pick')!];
  assert.equal(pick.kind, 'choice');
  assert.deepEqual((pick.model as SmPlanModel).choices, [{ condition: '$Input.x == 1', next: 'Last' }]);
  assert.equal((pick.model as SmPlanModel).default, 'Last');
});
