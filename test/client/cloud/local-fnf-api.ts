/**
 * The local FnF-compatible API (engine/api) over an embedded engine, as the stand-in for the cloud:
 * the unmodified SDK on the wire, every request signed and verified. Callback tasks are accepted
 * and left waiting, so the tests answer them through the CloudBackend.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FnfApiServer } from '../../../engine/api/fnf-api-server';
import { flowDirectory } from '../../../engine/api/flow-directory';
import { loadOrCreateLocalAccessKey, type LocalAccessKey } from '../../../engine/api/local-api-key';
import type { TaskInvoker } from '../../../engine/invoker';
import { LocalBackend } from '../../../engine/local-backend';

const acceptingInvoker: TaskInvoker = {
  name: 'accepting',
  canInvoke: () => true,
  invoke: async () => ({ kind: 'accepted' }),
};

export interface LocalFnfApi {
  endpoint: string;
  key: LocalAccessKey;
  engine: LocalBackend;
  close(): Promise<void>;
}

export async function startLocalFnfApi(): Promise<LocalFnfApi> {
  const store = mkdtempSync(join(tmpdir(), 'cloud-backend-'));
  const engine = new LocalBackend({ storeDir: store, invokers: [acceptingInvoker] });
  await engine.open();
  const key = loadOrCreateLocalAccessKey(store);
  const server = await new FnfApiServer({ backend: engine, key, flows: flowDirectory([join(__dirname, 'fixtures', 'flows')]) }).start();
  return {
    endpoint: server.endpoint,
    key,
    engine,
    close: async () => {
      for (const r of engine.running()) await engine.stopExecution(r.flowName, r.executionName).catch(() => undefined);
      await server.stop();
      engine.close();
      rmSync(store, { recursive: true, force: true });
    },
  };
}
