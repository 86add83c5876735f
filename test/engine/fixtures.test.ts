/**
 * Every folder in test/engine/fixtures is a scenario: flow.flow.yaml, input.json, mocks.yaml and
 * expected.json (status, output, error, cause, path of finished steps). Each runs through the same
 * API as `fdl test`, on a fresh store, with waits instant (timeScale 0).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadScenario, runScenario } from '../../engine/scenario';

const root = join(__dirname, 'fixtures');

for (const name of readdirSync(root).sort()) {
  test(`fixture ${name}`, async () => {
    const r = await runScenario(loadScenario(join(root, name)), { timeScale: 0 });
    assert.deepEqual(r.failures, [], `${name}:\n${r.failures.join('\n')}\ncause: ${r.result?.cause ?? ''}`);
  });
}
