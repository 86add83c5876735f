/**
 * The engine refuses a StateMachine flow (`Type: StateMachine`) with a clear error instead of running
 * it as the empty classic flow its classic model is: the language core now finds no error in it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowCache } from '../../engine/flow-cache';

test('a valid StateMachine flow is refused as not runnable locally, not run as an empty flow', () => {
  const { errors } = new FlowCache().get('Type: StateMachine\nName: f\nSpecVersion: v1\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    End: true\n');
  assert.deepEqual(
    errors.map((e) => e.code),
    ['statemachine-not-runnable'],
  );
  assert.match(errors[0].message, /StateMachine/);
});

test('a classic flow is unaffected', () => {
  assert.deepEqual(new FlowCache().get('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n').errors, []);
});
