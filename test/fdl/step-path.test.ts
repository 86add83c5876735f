/**
 * The step path under the cursor (fdl/navigation/step-path.ts) names the step the engine's step
 * runner finds by that path (engine/step-test.ts): for every step of the step-test fixture flows
 * (both dialects, nested steps), the path at its name is one of the engine's paths, and every
 * engine path is reached from some step.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { stepPaths } from '../../engine/step-test';
import { stateMachineOf } from '../../fdl/cloudflow/statemachine-model';
import { stepPathAt } from '../../fdl/navigation/step-path';
import { parseFlow } from '../../fdl/parse';

const root = join(__dirname, '..', 'engine', 'step-test');

for (const file of readdirSync(root).filter((f) => f.endsWith('.flow.yaml'))) {
  test(`${file}: the path at each step's name is the engine's path of that step`, () => {
    const text = readFileSync(join(root, file), 'utf8');
    const parsed = parseFlow(text);
    const names =
      parsed.dialect === 'statemachine'
        ? stateMachineOf(parsed).states.map((s) => ({ name: s.name, at: s.nameSpan.start }))
        : parsed.steps.map((s) => ({ name: s.name, at: s.nameSpan.start }));
    const engine = stepPaths(text).map((s) => s.path);
    const found = names.map((n) => stepPathAt(parsed, n.at));
    for (const [i, path] of found.entries()) {
      assert.ok(path !== undefined && engine.includes(path), `${names[i].name}: ${path} not in ${engine.join(', ')}`);
      assert.ok(path.endsWith(names[i].name));
    }
    assert.deepEqual([...found].sort(), [...engine].sort());
  });
}

test('outside any step there is no path', () => {
  const parsed = parseFlow('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n');
  assert.equal(stepPathAt(parsed, 0), undefined);
  assert.equal(stepPathAt(parsed, parsed.text.indexOf('name: a') + 6), 'a');
});
