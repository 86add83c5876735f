import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlow } from '../../../fdl/parse';
import { layoutFlow } from '../../../client/graph/flow-layout';
import type { FlowGraph, GraphNode } from '../../../client/graph/graph-model';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const graphOf = (text: string): FlowGraph => layoutFlow(parseFlow(text).flow);
const byStep = (g: FlowGraph, name: string): GraphNode => {
  const n = g.nodes.find((m) => m.stepName === name);
  assert.ok(n, `no node for ${name}`);
  return n;
};
const edgesBetween = (g: FlowGraph, from: string, to: string) => g.edges.filter((e) => e.from === from && e.to === to);
const centreX = (n: GraphNode) => n.x + n.width / 2;

test('a sequence is a column from Start to End joined by straight edges', () => {
  const g = graphOf('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n  - type: wait\n    name: b\n    duration: 3\n  - type: pass\n    name: c\n');
  assert.deepEqual(
    g.nodes.map((n) => n.kind),
    ['start', 'pass', 'wait', 'pass', 'end'],
  );
  const [a, b, c] = ['a', 'b', 'c'].map((s) => byStep(g, s));
  assert.equal(b.detail, 'wait · 3s');
  assert.ok(a.y < b.y && b.y < c.y);
  assert.equal(new Set(g.nodes.map(centreX)).size, 1, 'every node on one vertical line');
  for (const [from, to] of [
    ['start', a.id],
    [a.id, b.id],
    [b.id, c.id],
    [c.id, 'end'],
  ]) {
    const [e] = edgesBetween(g, from, to);
    assert.equal(e?.kind, 'next', `${from} → ${to}`);
    assert.equal(e.points[0].x, e.points[e.points.length - 1].x);
  }
});

test('choice branches carry their conditions; gotos and catches jump to their targets', () => {
  const g = graphOf(fixture('branches.flow.yaml'));
  const route = byStep(g, 'route');
  const shelve = byStep(g, 'shelve');
  const [toShelve] = edgesBetween(g, route.id, shelve.id);
  assert.equal(toShelve.kind, 'branch');
  assert.equal(toShelve.label, '$.kind == "book"');
  const [retry] = edgesBetween(g, route.id, byStep(g, 'fetch').id);
  assert.deepEqual([retry.kind, retry.label], ['goto', '$.retry']);
  const [dflt] = edgesBetween(g, route.id, byStep(g, 'giveUp').id);
  assert.deepEqual([dflt.kind, dflt.label], ['goto', 'default']);
  const [caught] = edgesBetween(g, byStep(g, 'fetch').id, byStep(g, 'giveUp').id);
  assert.deepEqual([caught.kind, caught.label], ['catch', 'catch FC.Unknown']);
  // Jumps run along a lane right of every node and land on the target's right side.
  const rightmost = Math.max(...g.nodes.map((n) => n.x + n.width));
  assert.ok(retry.points[1].x > rightmost);
  assert.equal(retry.points[3].x, byStep(g, 'fetch').x + byStep(g, 'fetch').width);
  assert.notEqual(retry.points[1].x, caught.points[1].x, 'overlapping jumps get their own lanes');
});

test('parallel branches stand side by side in frames and merge at a join', () => {
  const g = graphOf(fixture('branches.flow.yaml'));
  const mail = byStep(g, 'mail');
  const pause = byStep(g, 'pause');
  assert.equal(mail.y, pause.y);
  assert.ok(mail.x + mail.width <= pause.x);
  assert.equal(mail.detail, 'task · waitForCallback · mail');
  const frames = g.groups.filter((gr) => gr.kind === 'branch');
  assert.deepEqual(
    frames.map((f) => f.label),
    ['Branch 1', 'Branch 2'],
  );
  assert.ok(frames[0].x <= mail.x && mail.x + mail.width <= frames[0].x + frames[0].width);
  const notify = byStep(g, 'notify');
  const join = g.nodes.find((n) => n.id === `${notify.id}.join`)!;
  assert.equal(join.kind, 'join');
  assert.equal(edgesBetween(g, mail.id, join.id)[0].kind, 'merge');
  assert.equal(edgesBetween(g, join.id, byStep(g, 'each').id)[0].kind, 'next');
});

test('a foreach body is drawn inside a frame under its header', () => {
  const g = graphOf(fixture('branches.flow.yaml'));
  const each = byStep(g, 'each');
  const touch = byStep(g, 'touch');
  const frame = g.groups.find((gr) => gr.kind === 'foreach')!;
  assert.equal(frame.label, 'for each in $.items');
  assert.ok(frame.y > each.y + each.height);
  assert.ok(frame.x <= touch.x && touch.y + touch.height <= frame.y + frame.height);
  assert.equal(edgesBetween(g, each.id, touch.id)[0].kind, 'next');
  assert.equal(edgesBetween(g, touch.id, byStep(g, 'done').id)[0].kind, 'next');
});

test('fail ends the run: nothing leaves it; a top-level succeed leaves for End', () => {
  const g = graphOf(fixture('branches.flow.yaml'));
  assert.equal(byStep(g, 'done').kind, 'succeed');
  assert.equal(byStep(g, 'giveUp').detail, 'fail · GaveUp');
  assert.equal(g.edges.filter((e) => e.from === byStep(g, 'giveUp').id).length, 0);
  assert.deepEqual(
    g.edges.filter((e) => e.from === byStep(g, 'done').id).map((e) => [e.to, e.kind]),
    [['end', 'end']],
  );
  assert.equal(edgesBetween(g, byStep(g, 'done').id, byStep(g, 'giveUp').id).length, 0);
});

test('a succeed inside a parallel branch or a foreach ends that branch or iteration only: it leads to its join, and the flow goes on', () => {
  const g = graphOf(
    'version: v1\ntype: flow\nsteps:\n  - type: parallel\n    name: both\n    branches:\n      - steps:\n          - type: succeed\n            name: early\n          - type: pass\n            name: skipped\n      - steps:\n          - type: pass\n            name: other\n' +
      '  - type: foreach\n    name: each\n    iterationMapping:\n      collection: $.items\n      item: item\n    steps:\n      - type: succeed\n        name: skip\n  - type: pass\n    name: after\n',
  );
  assert.equal(edgesBetween(g, byStep(g, 'early').id, byStep(g, 'skipped').id).length, 0, 'nothing after the succeed in its branch');
  const out = g.edges.filter((e) => e.from === byStep(g, 'early').id);
  assert.equal(out.length, 1);
  assert.notEqual(out[0].to, 'end', 'a nested succeed does not end the run');
  assert.ok(out[0].to.includes('join'), `to its branch's join (${out[0].to})`);
  const skipOut = g.edges.filter((e) => e.from === byStep(g, 'skip').id);
  assert.deepEqual(
    skipOut.map((e) => [e.to, e.kind]),
    [[byStep(g, 'after').id, 'next']],
    'the last iteration step leads on to the step after the foreach',
  );
  assert.ok(
    g.edges.some((e) => e.to === byStep(g, 'after').id),
    'the step after them is reached',
  );
  assert.ok(g.nodes.some((n) => n.kind === 'end'));
});

test('end: true leaves its sequence early: to End at the top level, to the branch join inside a choice', () => {
  const g = graphOf(fixture('early-end.flow.yaml'));
  const [stopToEnd] = edgesBetween(g, byStep(g, 'stop').id, 'end');
  assert.equal(stopToEnd.kind, 'end');
  assert.equal(edgesBetween(g, byStep(g, 'stop').id, byStep(g, 'orphan').id).length, 0);
  assert.equal(edgesBetween(g, byStep(g, 'quick').id, byStep(g, 'never').id).length, 0);
  const quickOut = g.edges.filter((e) => e.from === byStep(g, 'quick').id);
  assert.deepEqual(
    quickOut.map((e) => e.kind),
    ['end'],
  );
  // an empty default goes straight from the split to the join
  const pick = byStep(g, 'pick');
  assert.equal(edgesBetween(g, pick.id, `${pick.id}.join`)[0].label, 'default');
});

test('a choice without default falls through when no condition holds', () => {
  const g = graphOf('version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: c\n    choices:\n      - condition: $.a\n        goto: z\n  - type: pass\n    name: z\n');
  const c = byStep(g, 'c');
  assert.equal(edgesBetween(g, c.id, `${c.id}.join`)[0].label, 'default');
  assert.equal(edgesBetween(g, `${c.id}.join`, byStep(g, 'z').id)[0].kind, 'next');
});

test('nodes keep where their step is written, for clicking and cursor tracking', () => {
  const text = fixture('branches.flow.yaml');
  const g = graphOf(text);
  const mail = byStep(g, 'mail');
  assert.equal(text.slice(mail.nameOffset!, mail.nameOffset! + 4), 'mail');
  assert.ok(text.slice(mail.stepStart, mail.stepEnd).includes('waitForCallback'));
});

const realFlows = join(__dirname, '..', '..', 'fixtures', 'real-flows');
test('every published flow lays out with no overlapping nodes and edges that touch their nodes', () => {
  const files = readdirSync(realFlows).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'));
  assert.ok(files.length > 10);
  for (const f of files) {
    const g = graphOf(readFileSync(join(realFlows, f), 'utf8'));
    const boxes = g.nodes;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        assert.ok(apart, `${f}: ${a.id} overlaps ${b.id}`);
      }
    }
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    for (const e of g.edges) {
      const from = byId.get(e.from);
      const to = byId.get(e.to);
      assert.ok(from && to, `${f}: edge ${e.id} ${e.from}→${e.to} has both ends`);
      const touches = (n: GraphNode, p: { x: number; y: number }) => p.x >= n.x - 0.5 && p.x <= n.x + n.width + 0.5 && p.y >= n.y - 0.5 && p.y <= n.y + n.height + 0.5;
      assert.ok(touches(from, e.points[0]), `${f}: ${e.id} starts on ${e.from}`);
      assert.ok(touches(to, e.points[e.points.length - 1]), `${f}: ${e.id} ends on ${e.to}`);
    }
    for (const n of g.nodes) assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.width <= g.width && n.y + n.height <= g.height, `${f}: ${n.id} inside`);
  }
});

test('bad input never throws: broken YAML, empty flows, 2,000 steps', () => {
  for (const text of ['', ':::', 'version: v1\ntype: flow\n', 'steps: 3', 'steps:\n  - type: choice\n    choices: 7\n']) {
    const g = graphOf(text);
    assert.ok(g.nodes.some((n) => n.kind === 'start'));
  }
  const big = 'version: v1\ntype: flow\nsteps:\n' + Array.from({ length: 2000 }, (_, i) => `  - type: pass\n    name: s${i}\n`).join('');
  const t0 = performance.now();
  const g = graphOf(big);
  assert.equal(g.nodes.length, 2002);
  assert.ok(performance.now() - t0 < 2000);
});
