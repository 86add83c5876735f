/**
 * Every valid StateMachine flow of test/fixtures/cloudflow (the documentation's examples and two
 * published user flows) runs on the engine with mocks to the result its scenario beside it in
 * statemachine-corpus/ expects; a flow added there without a scenario fails this test.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadScenario, runScenario } from '../../engine/scenario';

const flows = join(__dirname, '..', 'fixtures', 'cloudflow');
const scenarios = join(__dirname, 'statemachine-corpus');

test('every valid StateMachine flow of the fixtures has a run scenario', () => {
  const stems = readdirSync(flows)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length));
  const have = readdirSync(scenarios).map((f) => f.replace(/\.scenario\.yaml$/, ''));
  assert.deepEqual(have.sort(), stems.sort());
});

for (const file of readdirSync(scenarios).sort()) {
  test(`corpus flow ${file.replace(/\.scenario\.yaml$/, '')} runs to its expected result`, async () => {
    const r = await runScenario(loadScenario(join(scenarios, file)), { timeScale: 0 });
    assert.deepEqual(r.failures, [], `${file}:\n${r.failures.join('\n')}\ncause: ${r.result?.cause ?? ''}`);
  });
}
