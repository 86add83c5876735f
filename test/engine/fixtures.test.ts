/**
 * Every folder in test/engine/fixtures is a scenario: flow.flow.yaml, input.json, mocks.yaml and
 * expected.json (status, output, error, cause, path of finished steps). Each runs through the same
 * API as `fdl test`, on a fresh store, with waits instant (timeScale 0). Timeouts are not enforced
 * at timeScale 0, so a folder about time holds a run.json `{"timeScale": 0.001}`: one flow second
 * is then one real millisecond.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadScenario, runScenario } from '../../engine/scenario';

const root = join(__dirname, 'fixtures');

for (const name of readdirSync(root).sort()) {
  test(`fixture ${name}`, async () => {
    const runFile = join(root, name, 'run.json');
    const { timeScale = 0 } = existsSync(runFile) ? (JSON.parse(readFileSync(runFile, 'utf8')) as { timeScale?: number }) : {};
    const r = await runScenario(loadScenario(join(root, name)), { timeScale });
    assert.deepEqual(r.failures, [], `${name}:\n${r.failures.join('\n')}\ncause: ${r.result?.cause ?? ''}`);
  });
}
