/**
 * Every folder in test/engine/fixtures is a scenario: flow.flow.yaml, input.json, mocks.yaml and
 * expected.json (status, output, error, cause, path of finished steps). Each runs through the same
 * API as `fdl test`, on a fresh store, at time scale 0 (time skips ahead whenever the engine is
 * idle), or at the scales a run.json gives (`{"timeScale": 0.001}` or `{"timeScales": [0, 0.02]}`).
 * A times.json `{"<step>": seconds, "$end": seconds}` says when, in flow time after
 * ExecutionStarted, each step finished (its last StepSucceeded / StepFailed) and the execution
 * ended: checked at scale 0, where those times are exact up to the real time the run took.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnyStoredEvent } from '../../engine/history/events';
import { loadScenario, runScenario } from '../../engine/scenario';

const root = join(__dirname, 'fixtures');
/** Flow seconds a step's finish may lie off its expected time at scale 0 (the run's own real time). */
const TIME_TOLERANCE_S = 0.25;

function readJson<T>(path: string, fallback: T): T {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : fallback;
}

/** Flow seconds after ExecutionStarted at which each step last finished, and `$end` for the last event. */
function finishTimes(history: readonly AnyStoredEvent[]): Record<string, number> {
  const start = Date.parse(history[0].time);
  const at = (e: AnyStoredEvent) => (Date.parse(e.time) - start) / 1000;
  const out: Record<string, number> = {};
  for (const e of history)
    if ((e.type === 'StepSucceeded' || e.type === 'StepFailed' || e.type === 'StateSucceeded' || e.type === 'StateFailed' || e.type === 'StateTimedOut') && e.stepName)
      out[e.stepName] = at(e);
  out.$end = at(history[history.length - 1]);
  return out;
}

for (const name of readdirSync(root).sort()) {
  const run = readJson<{ timeScale?: number; timeScales?: number[] }>(join(root, name, 'run.json'), {});
  const times = readJson<Record<string, number> | undefined>(join(root, name, 'times.json'), undefined);
  for (const timeScale of run.timeScales ?? [run.timeScale ?? 0]) {
    test(`fixture ${name}${run.timeScales ? ` at time scale ${timeScale}` : ''}`, async () => {
      const r = await runScenario(loadScenario(join(root, name)), { timeScale });
      assert.deepEqual(r.failures, [], `${name}:\n${r.failures.join('\n')}\ncause: ${r.result?.cause ?? ''}`);
      if (!times || timeScale !== 0) return;
      const got = finishTimes(r.result!.history);
      for (const [step, want] of Object.entries(times)) {
        assert.ok(Math.abs((got[step] ?? NaN) - want) <= TIME_TOLERANCE_S, `${name}: ${step} finished at ${got[step]} s of flow time, expected ${want} s`);
      }
    });
  }
}
