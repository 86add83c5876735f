/** The graph's layout thread: the same layouts as in this thread, a newer layout ending an older one, and a fallback. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { parseFlow } from '../../../fdl/parse';
import { describeFlow } from '../../../client/graph/describe-flow';
import { inThisThread, layoutDescription } from '../../../client/graph/elk-layout';
import { ElkWorkerPool, LayoutTooLongError } from '../../../client/graph/elk-worker-pool';
import { stateMachineFlow } from '../../../bench/graph.bench';

let dir: string;
let script: string;
before(() => {
  // The worker as esbuild.mjs builds it, ELK inlined.
  dir = mkdtempSync(join(tmpdir(), 'elk-worker-'));
  script = join(dir, 'elk-worker.js');
  buildSync({
    entryPoints: [join(__dirname, '..', '..', '..', 'client', 'graph', 'elk-worker.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const description = (n: number) => describeFlow(parseFlow(stateMachineFlow(n)));

test('a layout in the worker is the one this thread computes', async () => {
  const pool = new ElkWorkerPool(script);
  try {
    const d = description(12);
    assert.deepEqual(await layoutDescription(d, pool.run), await layoutDescription(d, inThisThread));
  } finally {
    pool.dispose();
  }
});

test('a newer layout ends an older one still running; the worker then goes on serving', async () => {
  const pool = new ElkWorkerPool(script);
  try {
    const older = layoutDescription(description(300), pool.run);
    const newer = layoutDescription(description(8), pool.run);
    await assert.rejects(older, /superseded/);
    assert.ok((await newer).nodes.some((n) => n.stepName === 's0'));
    assert.ok((await layoutDescription(description(5), pool.run)).nodes.length > 3);
  } finally {
    pool.dispose();
  }
});

test('stopping the pool ends a running layout; without the worker file layouts run in this thread', async () => {
  const pool = new ElkWorkerPool(script);
  const running = layoutDescription(description(300), pool.run);
  pool.dispose();
  await assert.rejects(running, /stopped/);
  const fallback = new ElkWorkerPool(join(dir, 'missing.js'));
  assert.ok((await layoutDescription(description(5), fallback.run)).nodes.length > 3);
});

test('a layout past the time limit is ended with LayoutTooLongError, and the next one is served', async () => {
  const pool = new ElkWorkerPool(script, 50);
  try {
    await assert.rejects(layoutDescription(description(400), pool.run), (e: unknown) => e instanceof LayoutTooLongError && e.seconds === 0);
  } finally {
    pool.dispose();
  }
  const roomy = new ElkWorkerPool(script, 60_000);
  try {
    assert.ok((await layoutDescription(description(5), roomy.run)).nodes.length > 3);
  } finally {
    roomy.dispose();
  }
});
