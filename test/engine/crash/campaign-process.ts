/**
 * The engine process of the fault campaign (fault-campaign.test.ts), run with `node --import tsx`:
 *   campaign-process.ts <storeDir> <flowFile> <first> <count>
 * Resumes whatever the store holds (printing `opened`), then starts executions e<first>..e<first+count-1> (one every
 * few milliseconds, so kills land between and during starts), printing `acked <name>` once each
 * StartExecution has returned: what the outside world was promised. Every task invocation appends
 * `<execution> <step> <item>` to <storeDir>/../invocations.log before it answers; callback tasks
 * are answered by the test through the store's inbox. Exits once nothing is left running.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { serveInbox } from '../../../engine/cli/serve-inbox';
import { LocalBackend } from '../../../engine/local-backend';
import type { TaskInvoker } from '../../../engine/invoker';
import { acquireStoreLock } from '../../../engine/store/store-lock';

const [storeDir, flowFile, firstArg, countArg] = process.argv.slice(2);
const log = join(dirname(storeDir), 'invocations.log');

const invoker: TaskInvoker = {
  name: 'campaign',
  canInvoke: () => true,
  invoke: async (inv) => {
    appendFileSync(log, `${inv.executionName} ${inv.stepName} ${JSON.stringify(inv.input.item ?? null)}\n`);
    // A little time in flight, so kills also land while tasks run.
    await new Promise((r) => setTimeout(r, 2));
    if (inv.pattern === 'waitForCallback') return { kind: 'accepted' };
    return { kind: 'succeeded', output: { [inv.stepName]: inv.input.item ?? true } };
  },
};

async function main(): Promise<void> {
  const release = acquireStoreLock(storeDir);
  const backend = new LocalBackend({ storeDir, invokers: [invoker], timeScale: 1 });
  await backend.open();
  const stopInbox = serveInbox(storeDir, backend);
  process.stdout.write('opened\n');
  const definition = readFileSync(flowFile, 'utf8');
  const first = Number(firstArg);
  for (let i = first; i < first + Number(countArg); i++) {
    const executionName = `e${i}`;
    try {
      await backend.startExecution({ flowName: 'campaign', definition, flowPath: flowFile, executionName, input: JSON.stringify({ items: [i, i + 1, i + 2] }) });
    } catch (e) {
      // Started before a kill that came before its acknowledgement: a client retrying meets it.
      if ((e as { code?: string }).code !== 'ExecutionAlreadyExists') throw e;
    }
    process.stdout.write(`acked ${executionName}\n`);
    await new Promise((r) => setTimeout(r, 3));
  }
  process.stdout.write('ready\n');
  while (backend.running().length > 0) await new Promise((r) => setTimeout(r, 20));
  stopInbox();
  backend.close();
  release();
}

main().catch((e) => {
  process.stderr.write(String((e as Error).stack));
  process.exit(3);
});
