/**
 * The graph's marks after runs, on the real coverage fixture flows run on the engine: coverage
 * marks each node and edge taken or never (a choice's edges by their branch, catch edges by their
 * rule), and Compare Executions marks each execution's path.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { describeFlow } from '../../../client/graph/describe-flow';
import { layoutDescription } from '../../../client/graph/elk-layout';
import { coverageMarks, pathMarks, type GraphMarks } from '../../../client/graph/graph-marks';
import { ENGLISH_LABELS, type FlowGraph } from '../../../client/graph/graph-model';
import { flowCoverage } from '../../../engine/analysis/coverage';
import { parseFlow } from '../../../fdl/parse';
import { scenarioHistories } from '../../engine/analysis/run-scenarios';

const FIXTURES = join(__dirname, '..', '..', 'engine', 'analysis', 'fixtures');

async function marked(flow: string, scenarios: string[]): Promise<{ graph: FlowGraph; marks: GraphMarks }> {
  const text = readFileSync(join(FIXTURES, flow), 'utf8');
  const { histories } = await scenarioHistories(scenarios.map((s) => join(FIXTURES, `${s}.scenario.yaml`)));
  const graph = await layoutDescription(describeFlow(parseFlow(text)));
  return { graph, marks: coverageMarks(graph, flowCoverage(parseFlow(text), histories), ENGLISH_LABELS) };
}

const nodeMark = (g: FlowGraph, m: GraphMarks, label: string) => m.nodes[g.nodes.find((n) => n.label === label)!.id];
const edgeMarks = (g: FlowGraph, m: GraphMarks, label: string) => g.edges.filter((e) => e.label === label).map((e) => m.edges[e.id]);

test('classic coverage on the graph: states, the branch frames, the choice and catch edges', async () => {
  const { graph, marks } = await marked('order.flow.yaml', ['order-fan', 'order-loop']);
  assert.deepEqual(nodeMark(graph, marks, 'left'), ['taken']);
  assert.deepEqual(nodeMark(graph, marks, 'mend'), ['taken']);
  assert.deepEqual(nodeMark(graph, marks, 'unknown'), ['never']);
  assert.deepEqual(edgeMarks(graph, marks, '$.kind == "fan"'), [['taken']]);
  assert.deepEqual(edgeMarks(graph, marks, '$.kind == "skip"'), [['never']]);
  assert.deepEqual(edgeMarks(graph, marks, 'default'), [['never']]);
  assert.deepEqual(edgeMarks(graph, marks, 'catch Broken'), [['taken']]);
  assert.deepEqual(edgeMarks(graph, marks, 'catch FnF.ALL'), [['never']]);
  const defaultFrame = graph.nodes.find((n) => n.kind === 'branch' && graph.nodes.some((c) => c.parent === n.id && c.label === 'unknown'))!;
  assert.deepEqual(marks.nodes[defaultFrame.id], ['never']);
});

test('StateMachine coverage on the graph: a Choice branch and its Default to the same state are told apart', async () => {
  const { graph, marks } = await marked('order-sm.flow.yaml', ['order-sm-fan', 'order-sm-other']);
  assert.deepEqual(nodeMark(graph, marks, 'Left'), ['taken']);
  assert.deepEqual(nodeMark(graph, marks, 'Each'), ['never']);
  assert.deepEqual(nodeMark(graph, marks, 'Work'), ['never']);
  assert.deepEqual(edgeMarks(graph, marks, '$Input.kind == "skip"'), [['never']]);
  assert.deepEqual(edgeMarks(graph, marks, 'default'), [['taken']]);
  assert.deepEqual(edgeMarks(graph, marks, '$Input.kind == "loop"'), [['never']]);
});

test('two executions’ paths on the graph: each run’s states, the shared ones marked for both', async () => {
  const text = readFileSync(join(FIXTURES, 'order-sm.flow.yaml'), 'utf8');
  const graph = await layoutDescription(describeFlow(parseFlow(text)));
  const m = pathMarks(graph, new Set(['Route', 'FanOut', 'Left', 'Right', 'Done']), new Set(['Route', 'Each', 'Work', 'Mend', 'Done']));
  assert.deepEqual(nodeMark(graph, m, 'Route'), ['path-a', 'path-b']);
  assert.deepEqual(nodeMark(graph, m, 'Left'), ['path-a']);
  assert.deepEqual(nodeMark(graph, m, 'Mend'), ['path-b']);
  assert.deepEqual(edgeMarks(graph, m, '$Input.kind == "fan"'), [['path-a']]);
  assert.deepEqual(edgeMarks(graph, m, '$Input.kind == "loop"'), [['path-b']]);
});
