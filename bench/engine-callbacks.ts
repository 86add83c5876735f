/**
 * The callback part of the engine benchmark, run by engine.bench.ts in a fresh child process
 * (bundled by esbuild and started with plain `node`), so its memory is the engine's alone: no
 * aws-local-stepfunctions, no tsx. 1,000 executions start and wait for a callback at once; then
 * every token is reported and all finish. Prints one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalBackend } from '../engine/local-backend';
import { MockInvoker } from '../engine/invokers/mock-invoker';

const COUNT = 1000;
const callbackFdl = `version: v1
type: flow
steps:
  - type: task
    name: approve
    resourceArn: acs:fc:::services/shop/functions/ask
    pattern: waitForCallback
    inputMappings:
      - target: token
        source: $context.task.token
`;

async function main(): Promise<void> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  const dir = mkdtempSync(join(tmpdir(), 'fdl-bench-cb-'));
  // A mock without a `report` hook only answers the invocation; the callback stays to be reported.
  const backend = new LocalBackend({ storeDir: dir, timeScale: 0, invokers: [new MockInvoker({ tasks: { '*': [{ output: {} }] } })] });
  await backend.open();
  const tokens: string[] = [];
  backend.onEvent((_f, _e, ev) => {
    if (ev.type === 'TaskScheduled' && ev.eventDetail) {
      const d = JSON.parse(ev.eventDetail) as { taskToken?: string };
      if (d.taskToken) tokens.push(d.taskToken);
    }
  });
  const baseRss = process.memoryUsage().rss;
  const t0 = performance.now();
  const started = await Promise.all(
    Array.from({ length: COUNT }, (_, i) => backend.startExecution({ flowName: 'cb', definition: callbackFdl, executionName: `w${i}`, input: '{}' })),
  );
  while (tokens.length < COUNT || backend.tokens.isWaiting(tokens[COUNT - 1]) === false) await new Promise((r) => setTimeout(r, 5));
  const waitingMs = performance.now() - t0;
  const waitingRss = process.memoryUsage().rss;
  peakRss = Math.max(peakRss, waitingRss);
  const t1 = performance.now();
  for (const t of tokens) await backend.reportTaskSucceeded(t, '{"approved":true}');
  const done = await Promise.all(started.map((s) => backend.waitForExecution('cb', s.name)));
  const approveMs = performance.now() - t1;
  if (done.some((d) => d.status !== 'Succeeded')) throw new Error('not all approved executions succeeded');
  backend.close();
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ baseRss, waitingRss, peakRss, waitingMs, approveMs }) + '\n');
}

main().catch((e) => {
  process.stderr.write(String((e as Error).stack ?? e));
  process.exit(1);
});
