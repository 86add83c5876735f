/**
 * A flow's coverage in the shape of VS Code's test-coverage API (client/model/test-coverage.ts),
 * from histories the engine produced for the coverage fixtures (test/engine/analysis/fixtures):
 * the counts the Test Coverage view shows, each state a statement at its name with its branches,
 * catch and retry rules at their own places, each state a declaration over its whole text.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { testCoverageDetails, type CoverageRange, type TestCoverageDetails } from '../../../client/model/test-coverage';
import { flowCoverage } from '../../../engine/analysis/coverage';
import { parseFlow } from '../../../fdl/parse';
import { scenarioHistories } from '../../engine/analysis/run-scenarios';

const fixtures = join(__dirname, '..', '..', 'engine', 'analysis', 'fixtures');

async function details(scenarios: string[], locale: 'en' | 'zh-cn' = 'en'): Promise<{ text: string; d: TestCoverageDetails }> {
  const { flowPath, histories } = await scenarioHistories(scenarios.map((s) => join(fixtures, s)));
  const text = readFileSync(flowPath, 'utf8');
  return { text, d: testCoverageDetails(flowCoverage(parseFlow(text), histories), text, locale) };
}

/** 1-based `line:column-line:column`, as an editor shows it. */
const at = (r: CoverageRange) => `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
const contains = (outer: CoverageRange, inner: CoverageRange) =>
  (outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.character <= inner.start.character)) &&
  (outer.end.line > inner.end.line || (outer.end.line === inner.end.line && outer.end.character >= inner.end.character));

test('classic: counts, each step at its name with its branches, catch and retry rules where they are written', async () => {
  const { text, d } = await details(['order-fan.scenario.yaml', 'order-loop.scenario.yaml']);
  // 9/10 steps, 2/4 branches, 1/2 catches, 1/1 retries: branches in VS Code's sense are all 7 of the latter.
  assert.deepEqual(d.statementCount, { covered: 9, total: 10 });
  assert.deepEqual(d.declarationCount, { covered: 9, total: 10 });
  assert.deepEqual(d.branchCount, { covered: 4, total: 7 });

  const lines = text.split('\n');
  const route = d.statements.find((s) => lines[s.range.start.line].includes('name: route'))!;
  assert.equal(route.executed, 2);
  assert.equal(at(route.range), '7:11-7:16', 'the name `route`');
  assert.deepEqual(
    route.branches.map((b) => [b.label, b.executed, b.range.start.line + 1, b.range.start.character + 1]),
    [
      ['branch $.kind == "fan"', 1, 9, 20],
      ['branch $.kind == "loop"', 1, 24, 20],
      ['branch $.kind == "skip"', 0, 45, 20],
      ['default', 0, 48, 7],
    ],
  );
  const work = d.statements.find((s) => lines[s.range.start.line].includes('name: work'))!;
  assert.equal(work.executed, 2);
  assert.deepEqual(
    work.branches.map((b) => [b.label, b.executed, at(b.range)]),
    [
      ['catch Broken', 1, '36:21-37:31'],
      ['catch FnF.ALL', 0, '38:21-39:31'],
    ],
  );
  const left = d.statements.find((s) => lines[s.range.start.line].includes('name: left'))!;
  assert.deepEqual(
    left.branches.map((b) => [b.label, b.executed, b.range.start.line + 1]),
    [['retry Flaky', 1, 19]],
  );
  const unknown = d.statements.find((s) => lines[s.range.start.line].includes('name: unknown'))!;
  assert.equal(unknown.executed, 0, 'the default branch’s step never ran');
});

test('classic: each step is a declaration over its own text, nested inside the step that holds it', async () => {
  const { d } = await details(['order-fan.scenario.yaml', 'order-loop.scenario.yaml']);
  const decl = (name: string) => d.declarations.find((x) => x.name === name)!;
  assert.deepEqual(
    d.declarations.map((x) => [x.name, x.executed]),
    [
      ['route', 2],
      ['fanout', 1],
      ['left', 1],
      ['right', 1],
      ['each', 1],
      ['work', 2],
      ['fine', 1],
      ['mend', 1],
      ['unknown', 0],
      ['done', 2],
    ],
  );
  // route runs from its `type: choice` to the last line of its default, not into `done`'s line.
  assert.equal(at(decl('route').range), '6:5-52:30');
  assert.equal(at(decl('done').range), '53:5-54:15');
  for (const [outer, inner] of [
    ['route', 'fanout'],
    ['fanout', 'left'],
    ['fanout', 'right'],
    ['route', 'each'],
    ['each', 'work'],
    ['route', 'unknown'],
  ])
    assert.ok(contains(decl(outer).range, decl(inner).range), `${inner} inside ${outer}`);
  assert.ok(!contains(decl('left').range, decl('right').range), 'siblings apart');
});

test('StateMachine: a Choice’s Default and the rules of states in branches and processors, with counts', async () => {
  const { text, d } = await details(['order-sm-fan.scenario.yaml', 'order-sm-loop.scenario.yaml', 'order-sm-other.scenario.yaml']);
  assert.deepEqual(d.statementCount, { covered: 8, total: 8 });
  assert.deepEqual(d.branchCount, { covered: 5, total: 7 });
  const lines = text.split('\n');
  const route = d.statements.find((s) => lines[s.range.start.line].includes('Name: Route'))!;
  assert.deepEqual(
    route.branches.map((b) => [b.label, b.executed, b.range.start.line + 1]),
    [
      ['branch $Input.kind == "fan"', 1, 11],
      ['branch $Input.kind == "loop"', 1, 13],
      ['branch $Input.kind == "skip"', 0, 15],
      ['default', 1, 17],
    ],
  );
  const work = d.statements.find((s) => lines[s.range.start.line].includes('Name: Work'))!;
  assert.deepEqual(
    work.branches.map((b) => [b.label, b.executed, b.range.start.line + 1]),
    [
      ['catch Broken', 1, 53],
      ['catch FnF.ALL', 0, 56],
    ],
  );
  const decl = (name: string) => d.declarations.find((x) => x.name === name)!;
  assert.ok(contains(decl('FanOut').range, decl('Left').range));
  assert.ok(contains(decl('Each').range, decl('Work').range));
  assert.equal(decl('Done').executed, 3);
});

test('labels in Simplified Chinese; no branch count for a flow without branches or rules; CRLF text', async () => {
  const { d } = await details(['order-sm-fan.scenario.yaml'], 'zh-cn');
  assert.ok(d.statements.some((s) => s.branches.some((b) => b.label === '默认分支')));
  assert.ok(d.statements.some((s) => s.branches.some((b) => b.label === '分支 $Input.kind == "skip"')));

  const flow = ['version: v1', 'type: flow', 'steps:', '  - type: pass', '    name: first', '', '  - type: pass', '    name: second', ''].join('\r\n');
  const plain = testCoverageDetails(flowCoverage(parseFlow(flow), []), flow, 'en');
  assert.equal(plain.branchCount, undefined);
  assert.deepEqual(plain.statementCount, { covered: 0, total: 2 });
  assert.deepEqual(
    plain.declarations.map((x) => [x.name, at(x.range)]),
    [
      ['first', '4:5-5:16'],
      ['second', '7:5-8:17'],
    ],
  );
});
