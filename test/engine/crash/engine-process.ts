/**
 * A stand-alone engine process for the crash-recovery tests (run with `node --import tsx`).
 *   engine-process.ts <storeDir> start <flowFile> <executionName> <inputJson>
 *   engine-process.ts <storeDir> resume
 * Every task invocation appends `<stepName>` to <storeDir>/../invocations.log before answering
 * {step: <stepName>} (and a task token it was handed to <storeDir>/../tokens.log: what the outside
 * world has seen); a step named in HANG_STEP never answers (to be killed mid-task). `start` prints
 * `started` once StartExecution has returned. The process owns the store, serves its report inbox,
 * and exits when no execution is left running.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { serveInbox } from '../../../engine/cli/serve-inbox';
import { LocalBackend } from '../../../engine/local-backend';
import type { TaskInvoker } from '../../../engine/invoker';
import { acquireStoreLock } from '../../../engine/store/store-lock';

const [storeDir, mode, flowFile, executionName, input] = process.argv.slice(2);
const log = join(dirname(storeDir), 'invocations.log');

const invoker: TaskInvoker = {
  name: 'logging',
  canInvoke: () => true,
  invoke: async (inv) => {
    appendFileSync(log, `${inv.stepName}\n`);
    if (inv.taskToken) appendFileSync(join(dirname(storeDir), 'tokens.log'), `${inv.taskToken}\n`);
    if (process.env.HANG_STEP === inv.stepName) return new Promise(() => {});
    if (inv.pattern === 'waitForCallback') return { kind: 'accepted' };
    return { kind: 'succeeded', output: { [inv.stepName]: true } };
  },
};

async function main(): Promise<void> {
  const release = acquireStoreLock(storeDir);
  // The long pass chains these tests kill mid-way have more events than the service's default
  // limit per execution (patterns/event-limit.ts): lifted, as a raised quota would.
  const backend = new LocalBackend({ storeDir, invokers: [invoker], timeScale: Number(process.env.TIME_SCALE ?? 1), maxEventsPerExecution: 0 });
  await backend.open();
  const stopInbox = serveInbox(storeDir, backend);
  if (mode === 'start') {
    await backend.startExecution({ flowName: 'crash', definition: readFileSync(flowFile, 'utf8'), flowPath: flowFile, executionName, input });
    process.stdout.write('started\n');
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
