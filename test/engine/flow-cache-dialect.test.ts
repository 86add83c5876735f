/**
 * The flow cache compiles both dialects to the plan the engine runs; what the local engine cannot
 * run (a distributed Map) is refused there, located at the state, before an execution starts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowCache } from '../../engine/run/flow-cache';

test('a valid StateMachine flow compiles to a plan starting at StartAt, with no error', () => {
  const { errors, flow } = new FlowCache().get(
    'Type: StateMachine\nName: f\nSpecVersion: v1\nStartAt: B\nStates:\n  - Type: Pass\n    Name: A\n    End: true\n  - Type: Pass\n    Name: B\n    Next: A\n',
  );
  assert.deepEqual(errors, []);
  assert.equal(flow.body.dialect, 'statemachine');
  assert.equal(flow.body.states[flow.body.start!].name, 'B');
  assert.equal(flow.body.states[flow.body.states[flow.body.start!].next!].name, 'A');
  assert.equal(flow.body.states[0].next, undefined);
});

test('a distributed Map is refused, located at its name, naming what cannot run locally', () => {
  const text =
    'Type: StateMachine\nName: f\nSpecVersion: v1\nStartAt: M\nStates:\n  - Type: Map\n    Name: M\n    ItemReader:\n      SourceType: OSS_OBJECTS\n      SourceParameters:\n        Bucket: b\n    Processor:\n      StartAt: P\n      States:\n        - Type: Pass\n          Name: P\n          End: true\n    End: true\n';
  const { errors } = new FlowCache().get(text);
  assert.deepEqual(
    errors.map((e) => e.code),
    ['statemachine-not-runnable'],
  );
  assert.equal(text.slice(errors[0].span.start, errors[0].span.end), 'M');
  assert.match(errors[0].message, /distributed mode|分布式模式/);
  assert.match(errors[0].message, /ItemReader/);
});

test('a Map whose ProcessorConfig sets an ExecutionMode is distributed and refused; an inline Map is not', () => {
  const map = (extra: string) =>
    `Type: StateMachine\nName: f\nSpecVersion: v1\nStartAt: M\nStates:\n  - Type: Map\n    Name: M\n    ItemsPath: $Input.xs\n${extra}    Processor:\n      StartAt: P\n      States:\n        - Type: Pass\n          Name: P\n          End: true\n    End: true\n`;
  const refused = new FlowCache().get(map('    ProcessorConfig:\n      ExecutionMode: Express\n')).errors;
  assert.deepEqual(
    refused.map((e) => e.code),
    ['statemachine-not-runnable'],
  );
  assert.match(refused[0].message, /ProcessorConfig/);
  assert.deepEqual(new FlowCache().get(map('')).errors, []);
});

test('a classic flow is unaffected', () => {
  const { errors, flow } = new FlowCache().get('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n');
  assert.deepEqual(errors, []);
  assert.equal(flow.body.dialect, 'classic');
});
