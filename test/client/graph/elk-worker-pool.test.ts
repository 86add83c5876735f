/** The graph's layout thread: the same layouts as in this thread, a newer layout ending an older one, a fallback, warming up, and the layout cache. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { parseFlow } from '../../../fdl/parse';
import { describeFlow } from '../../../client/graph/describe-flow';
import { inThisThread, layoutDescription } from '../../../client/graph/elk-layout';
import { ElkWorkerPool, LayoutSupersededError, LayoutTooLongError } from '../../../client/graph/elk-worker-pool';
import { LayoutCache } from '../../../client/graph/layout-cache';
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

test("one requester's newer layout never ends another's: it waits for it", async () => {
  const pool = new ElkWorkerPool(script);
  try {
    const panelA = {};
    const panelB = {};
    const a = layoutDescription(description(300), (g) => pool.run(g, panelA));
    const b = layoutDescription(description(8), (g) => pool.run(g, panelB));
    const newerA = layoutDescription(description(6), (g) => pool.run(g, panelA));
    const aEnded = assert.rejects(a, LayoutSupersededError);
    assert.ok((await b).nodes.some((n) => n.stepName === 's0'));
    await aEnded;
    assert.ok((await newerA).nodes.some((n) => n.stepName === 's0'));
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

test('a 1,000-state flow with a catch on every seventh task is drawn within the time the extension allows', async () => {
  const pool = new ElkWorkerPool(script);
  try {
    const g = await layoutDescription(description(1000), pool.run);
    assert.ok(g.nodes.length > 1000);
    assert.ok(g.edges.filter((e) => e.kind === 'catch').length > 100);
  } finally {
    pool.dispose();
  }
});

test('a layout asked for while the thread warms up waits for the warm-up instead of ending it', async () => {
  const pool = new ElkWorkerPool(script);
  try {
    const warming = layoutDescription(description(200), pool.warm);
    const asked = layoutDescription(description(6), pool.run);
    assert.ok((await warming).nodes.length > 200, 'the warm-up was not ended');
    assert.ok((await asked).nodes.some((n) => n.stepName === 's0'));
  } finally {
    pool.dispose();
  }
});

test('the layout cache answers an unchanged ELK input without a layout, and lays out a changed one', async () => {
  const pool = new ElkWorkerPool(script);
  let layouts = 0;
  const cache = new LayoutCache(2);
  const run = cache.runner((graph) => {
    layouts++;
    return pool.run(graph);
  });
  try {
    const text = stateMachineFlow(12);
    const first = await layoutDescription(describeFlow(parseFlow(text)), run);
    // A different value inside a state's parameters: the same boxes and transitions.
    const edited = await layoutDescription(describeFlow(parseFlow(text.replace('functions/f0/', 'functions/f0x/'))), run);
    assert.equal(layouts, 1);
    assert.deepEqual(
      edited.nodes.map((n) => [n.id, n.x, n.y]),
      first.nodes.map((n) => [n.id, n.x, n.y]),
    );
    // A renamed state is a wider box, or another: laid out again.
    await layoutDescription(describeFlow(parseFlow(text.replace(/\bs3\b/g, 'aMuchLongerStateName'))), run);
    assert.equal(layouts, 2);
    // Only the last answers are kept.
    await layoutDescription(description(5), run);
    await layoutDescription(description(7), run);
    await layoutDescription(describeFlow(parseFlow(text)), run);
    assert.equal(layouts, 5);
  } finally {
    pool.dispose();
  }
});
