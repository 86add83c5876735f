/** The graph's run overlay folded from the embedded engine's real history events, live and after the fact. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEvent } from '../../../engine/backend';
import { applyToOverlay, foldRunOverlay, type RunOverlay } from '../../../client/graph/step-status';
import { startLocalFnfApi, type LocalFnfApi } from '../cloud/local-fnf-api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let api: LocalFnfApi;
before(async () => {
  api = await startLocalFnfApi();
});
after(() => api.close());

test('a waiting callback shows as waiting, then succeeded once answered', async () => {
  const live: RunOverlay = { steps: {} };
  const seen: HistoryEvent[] = [];
  const unsubscribe = api.engine.onEvent((_f, exec, e) => {
    if (exec !== 'overlay-1') return;
    seen.push(e);
    applyToOverlay(live, e);
  });
  const definition = readFileSync(join(__dirname, '..', 'cloud', 'fixtures', 'flows', 'approval.flow.yaml'), 'utf8');
  await api.engine.startExecution({ flowName: 'approval', executionName: 'overlay-1', definition, input: '{}' });
  for (let i = 0; i < 200 && live.steps.approve !== 'waiting'; i++) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(live.steps, { prepare: 'succeeded', approve: 'waiting' });
  const history = await api.engine.getExecutionHistory('approval', 'overlay-1');
  const token = JSON.parse(history.find((e) => e.type === 'TaskScheduled')!.eventDetail!).taskToken;
  await api.engine.reportTaskSucceeded(token, '{"decision":"ok"}');
  for (let i = 0; i < 200 && !live.execution; i++) await new Promise((r) => setTimeout(r, 5));
  unsubscribe();
  assert.deepEqual(live, { steps: { prepare: 'succeeded', approve: 'succeeded' }, execution: 'succeeded' });
  assert.deepEqual(foldRunOverlay(await api.engine.getExecutionHistory('approval', 'overlay-1')), live);
});
