/**
 * The flow graph from flow text to positioned diagram, for both dialects: which nodes and edges a
 * flow gets (describe-*.ts), and that ELK's layout (elk-layout.ts) puts them where a reader expects
 * (top-down, scopes inside their state, nothing overlapping, labels whole).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlow } from '../../../fdl/parse';
import { describeFlow } from '../../../client/graph/describe-flow';
import { DETAIL_STYLE, LABEL_STYLE, layoutDescription, PAD_X } from '../../../client/graph/elk-layout';
import { textWidth } from '../../../client/graph/text-metrics';
import { nodeAt, nodeStartingOnLine } from '../../../client/graph/graph-hit';
import { stepSites } from '../../../engine/debug/step-sites';
import { LineIndex } from '../../../fdl/positions';
import type { FlowGraph, GraphNode } from '../../../client/graph/graph-model';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const graphOf = (text: string): Promise<FlowGraph> => layoutDescription(describeFlow(parseFlow(text)));
const byStep = (g: FlowGraph, name: string): GraphNode => {
  const n = g.nodes.find((m) => m.stepName === name);
  assert.ok(n, `no node for ${name}`);
  return n;
};
const edgesBetween = (g: FlowGraph, from: string, to: string) => g.edges.filter((e) => e.from === from && e.to === to);
const inside = (inner: GraphNode, outer: GraphNode) =>
  outer.x <= inner.x && outer.y <= inner.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
const below = (a: GraphNode, b: GraphNode) => a.y >= b.y + b.height;

test('a classic sequence runs top-down from Start to End, each step joined to the next', async () => {
  const g = await graphOf('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n  - type: wait\n    name: b\n    duration: 3\n  - type: pass\n    name: c\n');
  assert.deepEqual(
    g.nodes.map((n) => n.kind),
    ['start', 'pass', 'wait', 'pass', 'end'],
  );
  const [a, b, c] = ['a', 'b', 'c'].map((s) => byStep(g, s));
  assert.equal(b.detail, 'wait · 3s');
  const end = g.nodes.find((n) => n.kind === 'end')!;
  assert.ok(below(a, g.nodes[0]) && below(b, a) && below(c, b) && below(end, c));
  for (const [from, to] of [
    ['start', a.id],
    [a.id, b.id],
    [b.id, c.id],
    [c.id, 'end'],
  ]) {
    assert.deepEqual(
      edgesBetween(g, from, to).map((e) => e.kind),
      ['next'],
      `${from} → ${to}`,
    );
  }
});

test('classic: choice branches carry their conditions; gotos and catches go to their targets; inline branches are frames', async () => {
  const g = await graphOf(fixture('branches.flow.yaml'));
  const route = byStep(g, 'route');
  const shelve = byStep(g, 'shelve');
  const frame = g.nodes.find((n) => n.kind === 'branch' && inside(shelve, n))!;
  assert.ok(frame, 'shelve sits in a branch frame');
  assert.deepEqual(
    edgesBetween(g, route.id, frame.id).map((e) => [e.kind, e.label]),
    [['choice', '$.kind == "book"']],
  );
  assert.deepEqual(
    edgesBetween(g, route.id, byStep(g, 'fetch').id).map((e) => [e.kind, e.label]),
    [['goto', '$.retry']],
  );
  assert.deepEqual(
    edgesBetween(g, route.id, byStep(g, 'giveUp').id).map((e) => [e.kind, e.label]),
    [['goto', 'default']],
  );
  assert.deepEqual(
    edgesBetween(g, byStep(g, 'fetch').id, byStep(g, 'giveUp').id).map((e) => [e.kind, e.label]),
    [['catch', 'catch FC.Unknown']],
  );
  // The branch done, control goes on after the choice.
  assert.deepEqual(
    edgesBetween(g, frame.id, byStep(g, 'notify').id).map((e) => e.kind),
    ['next'],
  );
  // Every labelled edge's label is placed, whole.
  for (const e of g.edges.filter((x) => x.label)) assert.equal(e.labelBox?.lines.join(' ').replace(/\s/g, ''), e.label!.replace(/\s/g, ''));
});

test('classic: parallel branches are frames side by side inside the parallel; a foreach body sits inside the foreach', async () => {
  const g = await graphOf(fixture('branches.flow.yaml'));
  const notify = byStep(g, 'notify');
  const mail = byStep(g, 'mail');
  const pause = byStep(g, 'pause');
  assert.equal(mail.detail, 'task · waitForCallback · mail');
  const frames = g.nodes.filter((n) => n.kind === 'branch' && n.id.startsWith(`${notify.id}.`));
  assert.deepEqual(
    frames.map((f) => f.label),
    ['Branch 1', 'Branch 2'],
  );
  assert.ok(notify.container && frames.every((f) => inside(f, notify)));
  assert.ok(inside(mail, frames[0]) && inside(pause, frames[1]));
  assert.ok(mail.x + mail.width <= pause.x || pause.x + pause.width <= mail.x, 'branches side by side');
  const each = byStep(g, 'each');
  assert.equal(each.detail, 'for each in $.items');
  assert.ok(each.container && inside(byStep(g, 'touch'), each));
  assert.deepEqual(
    edgesBetween(g, notify.id, each.id).map((e) => e.kind),
    ['next'],
  );
  assert.deepEqual(
    edgesBetween(g, each.id, byStep(g, 'done').id).map((e) => e.kind),
    ['next'],
  );
});

test('classic: fail ends the run, nothing leaves it; a top-level succeed leads to End', async () => {
  const g = await graphOf(fixture('branches.flow.yaml'));
  assert.equal(byStep(g, 'giveUp').detail, 'fail · GaveUp');
  assert.equal(g.edges.filter((e) => e.from === byStep(g, 'giveUp').id).length, 0);
  assert.deepEqual(
    g.edges.filter((e) => e.from === byStep(g, 'done').id).map((e) => [e.to, e.kind]),
    [['end', 'next']],
  );
});

test('classic: end: true and succeed end their own sequence: to End at the top, the end of a branch or iteration inside', async () => {
  const g = await graphOf(fixture('early-end.flow.yaml'));
  assert.deepEqual(
    g.edges.filter((e) => e.from === byStep(g, 'stop').id).map((e) => e.to),
    ['end'],
  );
  assert.equal(g.edges.filter((e) => e.to === byStep(g, 'orphan').id).length, 0, 'nothing reaches the step after end: true');
  assert.equal(g.edges.filter((e) => e.from === byStep(g, 'quick').id).length, 0, 'quick ends its branch');
  const nested = await graphOf(
    'version: v1\ntype: flow\nsteps:\n  - type: parallel\n    name: both\n    branches:\n      - steps:\n          - type: succeed\n            name: early\n          - type: pass\n            name: skipped\n' +
      '  - type: foreach\n    name: each\n    iterationMapping:\n      collection: $.items\n    steps:\n      - type: succeed\n        name: skip\n  - type: pass\n    name: after\n',
  );
  assert.equal(nested.edges.filter((e) => e.from === byStep(nested, 'early').id).length, 0);
  assert.deepEqual(
    edgesBetween(nested, byStep(nested, 'each').id, byStep(nested, 'after').id).map((e) => e.kind),
    ['next'],
  );
  assert.ok(nested.edges.some((e) => e.from === byStep(nested, 'after').id && e.to === 'end'));
});

test('classic: a choice without default falls through by its default when no condition holds', async () => {
  const g = await graphOf('version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: c\n    choices:\n      - condition: $.a\n        goto: z\n  - type: pass\n    name: z\n');
  const c = byStep(g, 'c');
  assert.deepEqual(
    edgesBetween(g, c.id, byStep(g, 'z').id)
      .map((e) => [e.kind, e.label])
      .sort(),
    [
      ['default', 'default'],
      ['goto', '$.a'],
    ],
  );
});

test('StateMachine: Next, Choice branches and Default, Catch; drawn in the order control reaches the states', async () => {
  const g = await graphOf(fixture('orders.statemachine.yaml'));
  const [check, route, fulfil, each, rejected] = ['CheckOrders', 'Route', 'Fulfil', 'EachOrder', 'Rejected'].map((s) => byStep(g, s));
  assert.deepEqual(
    g.edges.filter((e) => e.from === 'start').map((e) => e.to),
    [check.id],
  );
  assert.equal(check.detail, 'task · check-orders');
  assert.deepEqual(
    edgesBetween(g, check.id, route.id).map((e) => e.kind),
    ['next'],
  );
  assert.deepEqual(
    edgesBetween(g, check.id, rejected.id).map((e) => [e.kind, e.label]),
    [['catch', 'catch RejectedByTheFinanceDepartmentAfterReview, FC.Unknown']],
  );
  assert.deepEqual(
    edgesBetween(g, route.id, check.id).map((e) => [e.kind, e.label]),
    [['choice', '$Input.status == "retry"']],
  );
  assert.deepEqual(
    edgesBetween(g, route.id, fulfil.id).map((e) => [e.kind, e.label]),
    [['choice', '$Input.status == "ok"']],
  );
  assert.deepEqual(
    edgesBetween(g, route.id, rejected.id).map((e) => [e.kind, e.label]),
    [['default', 'default']],
  );
  // Rejected is listed first in the YAML but reached last: the diagram still reads top-down.
  assert.ok(below(route, check) && below(fulfil, route) && below(each, fulfil));
  assert.ok(below(rejected, check));
  assert.equal(rejected.detail, 'fail · RejectedByTheFinanceDepartmentAfterReview');
  assert.equal(g.edges.filter((e) => e.from === rejected.id).length, 0, 'Fail ends the run');
  assert.deepEqual(
    g.edges.filter((e) => e.from === each.id).map((e) => [e.to, e.kind]),
    [['end', 'next']],
  );
});

test('StateMachine: a Parallel holds its branches, a Map its processor; End and Succeed inside end only their scope', async () => {
  const g = await graphOf(fixture('orders.statemachine.yaml'));
  const fulfil = byStep(g, 'Fulfil');
  const approval = byStep(g, 'WaitForTheRegionalWarehouseManagerApproval');
  const pause = byStep(g, 'Pause');
  assert.equal(approval.detail, 'task · WaitForCustomCallback · notify-the-regional-warehouse-manager');
  assert.equal(pause.detail, 'wait · 5s');
  const branches = g.nodes.filter((n) => n.kind === 'branch');
  assert.deepEqual(
    branches.map((b) => b.label),
    ['Branch 1', 'Branch 2'],
  );
  assert.ok(branches.every((b) => inside(b, fulfil)) && inside(approval, branches[0]) && inside(pause, branches[1]));
  const each = byStep(g, 'EachOrder');
  assert.equal(each.kind, 'map');
  assert.equal(each.detail, 'for each in $Input.orders');
  const ship = byStep(g, 'Ship');
  const done = byStep(g, 'Done');
  assert.ok(each.container && inside(ship, each) && inside(done, each));
  assert.deepEqual(
    edgesBetween(g, ship.id, done.id).map((e) => e.kind),
    ['next'],
  );
  for (const inner of [approval, pause, done]) assert.equal(g.edges.filter((e) => e.from === inner.id).length, 0, `${inner.label} ends its scope only`);
});

test('nodes keep where their state is written, and the cursor finds the innermost one', async () => {
  for (const [file, name, inner] of [
    ['branches.flow.yaml', 'mail', 'waitForCallback'],
    ['orders.statemachine.yaml', 'Pause', 'Seconds: 5'],
  ]) {
    const text = fixture(file);
    const g = await graphOf(text);
    const n = byStep(g, name);
    assert.equal(text.slice(n.nameOffset!, n.nameOffset! + name.length), name);
    assert.ok(text.slice(n.stepStart, n.stepEnd).includes(inner));
    assert.equal(nodeAt(g, text.indexOf(inner))?.id, n.id, `${file}: the cursor on ${inner} is in ${name}`);
  }
  const text = fixture('orders.statemachine.yaml');
  const g = await graphOf(text);
  assert.equal(nodeAt(g, text.indexOf('Branches:\n      - StartAt'))?.stepName, 'Fulfil');
  assert.equal(nodeAt(g, 0), undefined);
});

test("the line a debugger's frame names (a step site's first line) is that step's node, nested ones included, in both dialects", async () => {
  for (const file of ['orders.statemachine.yaml', 'shared-handler.statemachine.yaml', 'branches.flow.yaml', 'early-end.flow.yaml']) {
    const text = fixture(file);
    const g = await graphOf(text);
    const lines = new LineIndex(text);
    const sites = stepSites(parseFlow(text));
    assert.ok(sites.length > 0, file);
    for (const site of sites) assert.equal(nodeStartingOnLine(g, site.startLine, (o) => lines.positionAt(o).line)?.stepName, site.name, `${file}: line ${site.startLine + 1}`);
    assert.equal(
      nodeStartingOnLine(g, 0, (o) => lines.positionAt(o).line),
      undefined,
      `${file}: no step starts on the first line`,
    );
  }
});

test('catches into one state share a trunk from each side: every catch is still drawn whole, from its state to the handler, dashes in step', async () => {
  const g = await graphOf(fixture('shared-handler.statemachine.yaml'));
  // No node but the flow's own: the trunk's junctions are not drawn.
  assert.deepEqual(
    g.nodes.map((n) => n.stepName ?? n.kind),
    ['start', 'Reserve', 'Charge', 'Compensate', 'Check', 'Pack', 'Ship', 'Notify', 'end'],
  );
  const handler = byStep(g, 'Compensate');
  const catches = g.edges.filter((e) => e.kind === 'catch');
  assert.deepEqual(
    catches.map((e) => [g.nodes.find((n) => n.id === e.from)!.stepName, e.to, e.label]),
    [
      ['Reserve', handler.id, 'catch FC.Unknown'],
      ['Charge', handler.id, 'catch Payment.Declined'],
      ['Pack', handler.id, 'catch FC.Unknown'],
      ['Ship', handler.id, 'catch Carrier.Unavailable'],
      ['Ship', handler.id, 'catch FC.Unknown'],
      ['Notify', handler.id, 'catch FC.Unknown'],
    ],
  );
  const key = (p: { x: number; y: number }) => `${Math.round(p.x)},${Math.round(p.y)}`;
  const tail = (e: (typeof catches)[number], n: number) => e.points.slice(-n).map(key).join(' ');
  // The states listed before the handler feed a trunk coming down into its top, those after it one
  // coming up into its bottom: each side's lines end on the same run of points.
  const above = catches.slice(0, 2);
  const below = catches.slice(2);
  for (const e of above) assert.ok(e.points[e.points.length - 1].y <= handler.y + 0.5, `${e.id} enters ${handler.label} from above`);
  for (const e of below) assert.ok(e.points[e.points.length - 1].y >= handler.y + handler.height - 0.5, `${e.id} enters ${handler.label} from below`);
  assert.equal(new Set(below.map((e) => tail(e, 4))).size, 1, 'one trunk below');
  assert.equal(new Set(above.map((e) => tail(e, 1))).size, 1, 'one trunk above');
  // Dashes are counted back from the handler, so on a shared trunk they fall in the same places.
  for (const e of [...above, ...below]) {
    let length = 0;
    for (let i = 1; i < e.points.length; i++) length += Math.hypot(e.points[i].x - e.points[i - 1].x, e.points[i].y - e.points[i - 1].y);
    assert.ok(Math.abs((e.dashOffset ?? 0) + length) < 0.02, `${e.id}: dash offset ${e.dashOffset} against length ${length}`);
  }
  // Each catch's label sits beside its own part of the line, near its state, not on the trunk.
  for (const e of catches) {
    const from = g.nodes.find((n) => n.id === e.from)!;
    assert.ok(Math.abs(e.labelBox!.y - (from.y + from.height)) < 120, `${e.label} near ${from.label}`);
  }
});

function assertClean(name: string, g: FlowGraph): void {
  // Nodes overlap only when one holds the other (a scope inside its state).
  const parentOf = new Map(g.nodes.map((n) => [n.id, n.parent]));
  const holds = (a: GraphNode, b: GraphNode) => {
    for (let p = parentOf.get(b.id); p !== undefined; p = parentOf.get(p)) if (p === a.id) return true;
    return false;
  };
  for (let i = 0; i < g.nodes.length; i++) {
    for (let j = i + 1; j < g.nodes.length; j++) {
      const a = g.nodes[i];
      const b = g.nodes[j];
      if (holds(a, b)) assert.ok(inside(b, a), `${name}: ${b.id} inside ${a.id}`);
      else if (holds(b, a)) assert.ok(inside(a, b), `${name}: ${a.id} inside ${b.id}`);
      else assert.ok(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y, `${name}: ${a.id} overlaps ${b.id}`);
    }
  }
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const touches = (n: GraphNode, p: { x: number; y: number }) => p.x >= n.x - 0.5 && p.x <= n.x + n.width + 0.5 && p.y >= n.y - 0.5 && p.y <= n.y + n.height + 0.5;
  for (const e of g.edges) {
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    assert.ok(touches(from, e.points[0]), `${name}: ${e.id} starts on ${e.from}`);
    assert.ok(touches(to, e.points[e.points.length - 1]), `${name}: ${e.id} ends on ${e.to}`);
  }
  // Every line of every text fits its box, frames' headers included.
  for (const n of g.nodes) {
    const style = n.kind === 'branch' ? DETAIL_STYLE : LABEL_STYLE;
    for (const line of n.labelLines) assert.ok(textWidth(line, style) + 2 * PAD_X <= n.width, `${name}: "${line}" fits ${n.id}`);
    for (const line of n.detailLines) assert.ok(textWidth(line, DETAIL_STYLE) + 2 * PAD_X <= n.width, `${name}: "${line}" fits ${n.id}`);
  }
  for (const n of g.nodes) assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.width <= g.width && n.y + n.height <= g.height, `${name}: ${n.id} inside the diagram`);
}

test('every published flow, classic and StateMachine, lays out with no overlapping nodes and edges that touch their nodes', async () => {
  const dirs = [join(__dirname, '..', '..', 'fixtures', 'real-flows'), join(__dirname, '..', '..', 'fixtures', 'cloudflow'), join(__dirname, 'fixtures')];
  let count = 0;
  for (const dir of dirs) {
    for (const f of readdirSync(dir).filter((x) => /\.ya?ml$/.test(x))) {
      const parsed = parseFlow(readFileSync(join(dir, f), 'utf8'));
      const g = await layoutDescription(describeFlow(parsed));
      assert.ok(g.nodes.some((n) => n.stepName !== undefined) || parsed.dialect === 'mixed', `${f}: states drawn`);
      assertClean(f, g);
      count++;
    }
  }
  assert.ok(count > 20);
});

test('bad input never throws: broken YAML, empty flows, dangling transitions', async () => {
  for (const text of [
    '',
    ':::',
    'version: v1\ntype: flow\n',
    'steps: 3',
    'steps:\n  - type: choice\n    choices: 7\n',
    'Type: StateMachine\nStates: 3\n',
    'Type: StateMachine\nStartAt: nowhere\nStates:\n  - Type: Pass\n    Name: a\n    Next: b\n  - Type: Parallel\n    Name: p\n    Branches: [7, {StartAt: x}]\n',
  ]) {
    const g = await graphOf(text);
    assert.ok(
      g.nodes.some((n) => n.kind === 'start'),
      JSON.stringify(text),
    );
  }
});
