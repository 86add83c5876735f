/**
 * Coverage of real flows by histories the engine produced: each `<name>.coverage.expected.json`
 * in fixtures/ names the scenarios to run (in memory, time scale 0) and the coverage a user would
 * then see: the summary, the targets never taken, some hit counts and lines.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { flowCoverage } from '../../../engine/analysis/coverage';
import { coverageSummaryText } from '../../../engine/analysis/analysis-messages';
import { parseFlow } from '../../../fdl/parse';
import { scenarioHistories } from './run-scenarios';

const root = join(__dirname, 'fixtures');

interface Expected {
  scenarios: string[];
  summary: unknown;
  never: string[];
  hits?: Record<string, number>;
  lines?: Record<string, number>;
}

for (const file of readdirSync(root).filter((f) => f.endsWith('.coverage.expected.json'))) {
  test(`coverage ${file.replace('.coverage.expected.json', '')}`, async () => {
    const want = JSON.parse(readFileSync(join(root, file), 'utf8')) as Expected;
    const { flowPath, histories } = await scenarioHistories(want.scenarios.map((s) => join(root, s)));
    const coverage = flowCoverage(parseFlow(readFileSync(flowPath, 'utf8')), histories);
    assert.deepEqual(coverage.summary, want.summary);
    assert.deepEqual(
      coverage.targets.filter((t) => t.hits === 0).map((t) => t.id),
      want.never,
    );
    for (const [id, hits] of Object.entries(want.hits ?? {})) assert.equal(coverage.targets.find((t) => t.id === id)?.hits, hits, id);
    for (const [id, line] of Object.entries(want.lines ?? {})) assert.equal(coverage.targets.find((t) => t.id === id)?.line, line, id);
  });
}

test('the summary reads as the issue asks, in both languages and for both dialects', async () => {
  const { flowPath, histories } = await scenarioHistories([join(root, 'order-fan.scenario.yaml'), join(root, 'order-loop.scenario.yaml')]);
  const c = flowCoverage(parseFlow(readFileSync(flowPath, 'utf8')), histories);
  assert.equal(coverageSummaryText(c.summary, c.dialect, 'en'), '9/10 steps, 2/4 branches, 1/2 catches, 1/1 retries');
  assert.equal(coverageSummaryText(c.summary, c.dialect, 'zh-cn'), '步骤 9/10，分支 2/4，catch 1/2，retry 1/1');
  assert.equal(coverageSummaryText(c.summary, 'statemachine', 'en'), '9/10 states, 2/4 branches, 1/2 catches, 1/1 retries');
});

test('no executions: every target is never taken, nothing crashes on an empty or broken history', () => {
  const text = readFileSync(join(root, 'order-sm.flow.yaml'), 'utf8');
  const none = flowCoverage(parseFlow(text), []);
  assert.equal(none.summary.states.covered, 0);
  assert.equal(none.summary.states.total, 8);
  const broken = flowCoverage(parseFlow(text), [[], [{ eventId: 1, type: 'StateEntered', stepName: 'Nowhere', time: '', eventDetail: '{not json' }]]);
  assert.equal(broken.summary.states.covered, 0);
});
