/**
 * A stand-alone engine process whose tasks run on Function Compute through the real SDKs (FC 2.0
 * and FC 3.0, each for its own ARNs), pointed at a loopback FC stand-in (run with `node --import tsx`; killed and restarted by
 * fc-stateful-resume.test.ts):
 *   fc-engine-process.ts <storeDir> <fcEndpoint> start <flowFile> <executionName> <inputJson>
 *   fc-engine-process.ts <storeDir> <fcEndpoint> resume
 * Exits when no execution is left running.
 */
import { readFileSync } from 'node:fs';
import { FcInvoker } from '../../../engine/invokers/fc-invoker';
import { Fc3Invoker } from '../../../engine/invokers/fc3-invoker';
import { LocalBackend } from '../../../engine/local-backend';
import { acquireStoreLock } from '../../../engine/store/store-lock';

const [storeDir, endpoint, mode, flowFile, executionName, input] = process.argv.slice(2);

async function main(): Promise<void> {
  const release = acquireStoreLock(storeDir);
  const options = {
    credentials: { accessKeyId: 'LTAItest', accessKeySecret: 'test-secret' },
    accountId: '1234',
    region: 'cn-hangzhou',
    endpoint,
    protocol: 'http' as const,
    pollIntervalMs: 10,
    maxPollIntervalMs: 20,
  };
  const backend = new LocalBackend({ storeDir, invokers: [new FcInvoker(options), new Fc3Invoker(options)], timeScale: 1 });
  await backend.open();
  if (mode === 'start') await backend.startExecution({ flowName: 'crash', definition: readFileSync(flowFile, 'utf8'), flowPath: flowFile, executionName, input });
  while (backend.running().length > 0) await new Promise((r) => setTimeout(r, 20));
  backend.close();
  release();
}

main().catch((e) => {
  process.stderr.write(String((e as Error).stack));
  process.exit(3);
});
