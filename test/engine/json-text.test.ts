/** Event text and sizes computed without re-serialising large values must equal JSON.stringify's. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventText, jsonBytes, jsonText } from '../../engine/history/json-text';

const items = Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `näme "${i}"` }));
const cases: unknown[] = [
  {},
  [],
  { items, item: items[3], index: 3 },
  { input: { items, item: 5, skip: undefined, 'k"ey': 'ü' }, local: {} },
  [items, undefined, 1, 'x'],
  { nested: { deeper: { items } } },
];

test('jsonText and jsonBytes agree with JSON.stringify, large members included', () => {
  for (const v of cases) {
    const text = JSON.stringify(v);
    assert.equal(jsonText(v), text);
    assert.equal(jsonBytes(v), Buffer.byteLength(text));
    // A second time (remembered texts and sizes of the large members are reused).
    assert.equal(jsonBytes(v), Buffer.byteLength(text));
  }
});

test('eventText of each event equals JSON.stringify of the event (ExecutionStarted written by hand, definition text reused)', () => {
  const definition = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: "p"\n';
  const events = [
    { eventId: 1, type: 'ExecutionStarted', time: '2026-01-01T00:00:00.000Z', key: '$|ExecutionStarted', detail: { input: { a: 'ü' }, flowName: 'f', executionName: 'e1', flowDefinition: definition } },
    { eventId: 1, type: 'ExecutionStarted', time: '2026-01-01T00:00:00.000Z', key: '$|ExecutionStarted', detail: { input: { items }, flowName: 'f', executionName: 'e2', flowDefinition: definition, flowPath: '/tmp/a "b".flow.yaml', parent: { flowName: 'p', executionName: 'x' } } },
    { eventId: 2, scheduleEventId: 1, type: 'StepEntered', stepName: 'p', time: '2026-01-01T00:00:00.000Z', key: '$/p#1|StepEntered', detail: { input: { items }, local: {} } },
    { eventId: 3, scheduleEventId: undefined, type: 'StepExited', stepName: undefined, time: '2026-01-01T00:00:00.000Z', key: 'k', detail: { local: { x: 1 } } },
  ];
  for (const e of events) assert.equal(eventText(e), JSON.stringify(e));
});
