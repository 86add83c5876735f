/** Which wait steps close Run's progress notification: long, dynamic or until a time; nested ones too. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { longWaitSteps } from '../../../client/model/long-waits';

test('a wait over a minute, one from the input and one until a time are long; a short one is not', () => {
  const flow = [
    'version: v1',
    'type: flow',
    'steps:',
    '  - type: wait',
    '    name: Brief',
    '    duration: 5',
    '  - type: wait',
    '    name: ADay',
    '    duration: 86400',
    '  - type: wait',
    '    name: AsAsked',
    '    duration: $.seconds',
    '  - type: parallel',
    '    name: Both',
    '    branches:',
    '      - steps:',
    '          - type: wait',
    '            name: UntilMonday',
    '            timestamp: "2030-01-07T09:00:00Z"',
    '  - type: pass',
    '    name: Done',
    '',
  ].join('\n');
  assert.deepEqual([...longWaitSteps(flow)].sort(), ['ADay', 'AsAsked', 'UntilMonday']);
});

test('the examples: batch-thumbnails waits briefly, so its progress stays', () => {
  const text = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'flows', 'batch-thumbnails.flow.yaml'), 'utf8');
  assert.ok(text.includes('type: wait'));
  assert.deepEqual([...longWaitSteps(text)], []);
});

test('StateMachine Wait states: over a minute or from the data are long, nested ones too; a short one is not', () => {
  const flow = [
    'Type: StateMachine',
    'Name: waits',
    'SpecVersion: v1',
    'StartAt: Brief',
    'States:',
    '  - Type: Wait',
    '    Name: Brief',
    '    Seconds: 5',
    '    Next: Long',
    '  - Type: Wait',
    '    Name: Long',
    '    Seconds: 300',
    '    Next: Each',
    '  - Type: Map',
    '    Name: Each',
    '    ItemsPath: $Input.items',
    '    Processor:',
    '      StartAt: AsAsked',
    '      States:',
    '        - Type: Wait',
    '          Name: AsAsked',
    '          Seconds.$: $Input.seconds',
    '          End: true',
    '    End: true',
    '',
  ].join('\n');
  assert.deepEqual([...longWaitSteps(flow)].sort(), ['AsAsked', 'Long']);
});
