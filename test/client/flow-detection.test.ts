/**
 * When a YAML document switches to the flow language (client/views/flow-detection-policy.ts):
 * on open, and after an edit makes it a flow once typing pauses; never with
 * `flowStudio.detectFlowsInYaml` off; never against a language the user set by hand.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DETECTION_DELAY_MS, FlowDetection, shouldSwitchToFlow, type DetectedDocument } from '../../client/views/flow-detection-policy';

const FLOW = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n';
const PLAIN = 'name: my-service\nsteps:\n  - run: build\n';

class Doc implements DetectedDocument {
  constructor(
    readonly uri: string,
    public text: string,
    public languageId = 'yaml',
  ) {}
  getText(): string {
    return this.text;
  }
}

/** A clock the test moves by hand, and what the detection switched. */
function harness(enabled = { value: true }) {
  let now = 0;
  const timers: { at: number; run: () => void; live: boolean }[] = [];
  const switched: string[] = [];
  const detection = new FlowDetection({
    isEnabled: () => enabled.value,
    switchToFlow: (d) => switched.push(d.uri),
    schedule: (run, ms) => {
      const t = { at: now + ms, run, live: true };
      timers.push(t);
      return () => (t.live = false);
    },
  });
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.live && x.at <= now)) {
      t.live = false;
      t.run();
    }
  };
  return { detection, switched, advance, enabled };
}

test('the decision: YAML with top-level type: flow and steps:, and detection on', () => {
  assert.equal(shouldSwitchToFlow(new Doc('a', FLOW), true), true);
  assert.equal(shouldSwitchToFlow(new Doc('a', FLOW), false), false);
  assert.equal(shouldSwitchToFlow(new Doc('a', PLAIN), true), false);
  assert.equal(shouldSwitchToFlow(new Doc('a', FLOW, 'fdl'), true), false);
  assert.equal(shouldSwitchToFlow(new Doc('a', FLOW, 'json'), true), false);
  // CloudFlow's current format, exported from its console, whatever the file is called.
  assert.equal(shouldSwitchToFlow(new Doc('a', 'Type: StateMachine\nName: f\nSpecVersion: v1\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    End: true\n'), true), true);
  // Nested `type: flow` is not the top level.
  assert.equal(shouldSwitchToFlow(new Doc('a', 'spec:\n  type: flow\n  steps: []\n'), true), false);
});

test('a flow opened as YAML switches at once; other YAML does not', () => {
  const { detection, switched } = harness();
  detection.opened(new Doc('file:///a.yaml', FLOW));
  detection.opened(new Doc('file:///b.yaml', PLAIN));
  assert.deepEqual(switched, ['file:///a.yaml']);
});

test('an edit that makes a YAML document a flow switches it once typing pauses', () => {
  const { detection, switched, advance } = harness();
  const doc = new Doc('file:///c.yaml', 'version: v1\n');
  detection.opened(doc);
  doc.text = 'version: v1\ntype: flow\n';
  detection.changed(doc);
  advance(100);
  doc.text = FLOW;
  detection.changed(doc);
  advance(DETECTION_DELAY_MS - 1);
  assert.deepEqual(switched, [], 'not while typing');
  advance(1);
  assert.deepEqual(switched, ['file:///c.yaml']);
  advance(10 * DETECTION_DELAY_MS);
  assert.deepEqual(switched, ['file:///c.yaml'], 'once');
});

test('an edit that leaves a document plain YAML never switches it', () => {
  const { detection, switched, advance } = harness();
  const doc = new Doc('file:///d.yaml', PLAIN);
  detection.opened(doc);
  doc.text = PLAIN + 'type: service\n';
  detection.changed(doc);
  advance(DETECTION_DELAY_MS * 2);
  assert.deepEqual(switched, []);
});

test('with flowStudio.detectFlowsInYaml off nothing switches: not on open, not after an edit, not when it is turned off mid-pause', () => {
  const { detection, switched, advance, enabled } = harness({ value: false });
  const doc = new Doc('file:///e.yaml', FLOW);
  detection.opened(doc);
  detection.changed(doc);
  advance(DETECTION_DELAY_MS * 2);
  assert.deepEqual(switched, []);
  enabled.value = true;
  const other = new Doc('file:///f.yaml', 'a: 1\n');
  detection.opened(other);
  other.text = FLOW;
  detection.changed(other);
  enabled.value = false;
  advance(DETECTION_DELAY_MS * 2);
  assert.deepEqual(switched, []);
});

test('a document the user sets back to YAML stays YAML while open, and is detected again once reopened', () => {
  const { detection, switched, advance } = harness();
  const uri = 'file:///g.yaml';
  detection.opened(new Doc(uri, FLOW));
  assert.deepEqual(switched, [uri]);
  // Our switch: VS Code closes the YAML document and opens it as fdl in the same tick.
  detection.closed(uri);
  detection.opened(new Doc(uri, FLOW, 'fdl'));
  advance(1);
  // The user picks YAML in the language picker: closed as fdl, opened as yaml.
  detection.closed(uri);
  const asYaml = new Doc(uri, FLOW);
  detection.opened(asYaml);
  asYaml.text = FLOW + '  - type: succeed\n    name: s\n';
  detection.changed(asYaml);
  advance(DETECTION_DELAY_MS * 2);
  assert.deepEqual(switched, [uri], 'the user choice holds');
  // Closed for good, then opened again later: detection applies again.
  detection.closed(uri);
  advance(1);
  detection.opened(new Doc(uri, FLOW));
  assert.deepEqual(switched, [uri, uri]);
});

test('closing a document cancels its pending check', () => {
  const { detection, switched, advance } = harness();
  const doc = new Doc('file:///h.yaml', 'a: 1\n');
  detection.opened(doc);
  doc.text = FLOW;
  detection.changed(doc);
  detection.closed(doc.uri);
  advance(DETECTION_DELAY_MS * 2);
  assert.deepEqual(switched, []);
});
