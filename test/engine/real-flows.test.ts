/**
 * Every published flow INDEX.md calls valid (test/fixtures/real-flows; the negative ones are
 * listed in test/fdl/corpus-expected.json) runs on the engine with mocked tasks: a catch-all mock
 * answering the arrays the demos' functions return, one input carrying what the flows' foreach collections and waits read, nested
 * flows found in test/engine/real-flow-children, and a stand-in for the callback function of the
 * parallel-wait-any demo (it reports with the token it is given, like functions/callback does).
 * Expected: Succeeded, except the few whose own logic fails on this input (listed below).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TaskInvoker } from '../../engine/invoker';
import type { LocalBackend } from '../../engine/local-backend';
import { runFlowFile } from '../../engine/run-flow';
import { tempDir } from './helpers';

const corpus = join(__dirname, '..', 'fixtures', 'real-flows');
const negative = Object.keys((JSON.parse(readFileSync(join(__dirname, '..', 'fdl', 'corpus-expected.json'), 'utf8')) as { negative: object }).negative);
const files = readdirSync(corpus).filter((f) => f.endsWith('.flow.yaml') && !negative.includes(f));

const INPUT = {
  dst_formats: ['mp4', 'flv'],
  split_keys: ['part-1', 'part-2'],
  shards: ['s1', 's2'],
  keys: ['a', 'b', 'c'],
  order_ids: ['o1'],
  small: ['small.txt'],
  medium: [],
  large: ['large.bin'],
  groups: [{ part: 1 }],
  files: ['f1'],
  waits: ['2019-05-02T15:04:05Z', '2019-05-02T15:04:06Z'],
  names: ['a', 'b', 'c'],
  wait: 1,
  pollInterval: 1,
  wait_timestamp: '2019-05-02T15:04:05Z',
  status: 'ready',
};

/** What every other task answers: the arrays that functions of these demos return for their foreach steps. */
const CATCH_ALL_OUTPUT = { shards: ['s1', 's2'], order_ids: ['o1'], groups: [{ part: 1 }] };

/** Flows whose own logic ends in failure on this input, with the error they raise. */
const EXPECTED_FAILURES: Record<string, string> = {
  // `fail` without error when the training job status is not "succeeded" (no error/cause written).
  'awesome-fnf-ml-pipeline__flows-machine-learning-pipeline.flow.yaml': '',
  // The child flow's name is a ROS placeholder (`<restoreFlow>`): nothing to start.
  'awesome-fnf-oss-restore__template-mainRestoreFlow-Definition.flow.yaml': 'FnF.FlowNotExists',
};

/** Per-flow mocks where `{}` would loop forever (the flow polls until a field changes). */
const MOCKS: Record<string, Record<string, { output: unknown }[]>> = {
  'awesome-fnf-oss-batch-copy__flows-copy-oss-files.flow.yaml': { copy_files: [{ output: { offset_bytes: -1 } }] },
};

function callbackFunction(getBackend: () => LocalBackend | undefined): TaskInvoker {
  return {
    name: 'callback-stand-in',
    canInvoke: ({ resource }) => resource === 'flowCallback/callback',
    invoke: async (inv) => {
      const token = inv.input.task_token;
      if (typeof token === 'string') {
        try {
          getBackend()?.report(token, { kind: 'succeeded', output: { key: inv.input.key } });
        } catch {
          /* another branch answered first: TaskAlreadyCompleted, as the real function ignores */
        }
      }
      return { kind: 'succeeded', output: {} };
    },
  };
}

for (const file of files) {
  test(`real flow ${file} runs to its end`, async (t) => {
    let backend: LocalBackend | undefined;
    const r = await runFlowFile({
      flowPath: join(corpus, file),
      flowName: file.includes('copy-oss-files') ? 'copy_files_flow' : undefined,
      input: INPUT,
      mocks: { tasks: { ...(MOCKS[file] ?? {}), '*': [{ output: CATCH_ALL_OUTPUT }] } },
      invokers: [callbackFunction(() => backend)],
      flowsDirs: [join(__dirname, 'real-flow-children')],
      storeDir: tempDir(t),
      timeScale: 0,
      onBackend: (b) => (backend = b),
    });
    const expectedError = EXPECTED_FAILURES[file];
    if (expectedError === undefined) assert.equal(r.status, 'Succeeded', `${file}: ${r.error}: ${r.cause}`);
    else assert.deepEqual([r.status, r.error], ['Failed', expectedError], r.cause);
    assert.ok(r.history.length > 2);
  });
}
