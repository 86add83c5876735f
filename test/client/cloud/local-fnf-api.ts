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
import { CloudBackend } from '../../../client/cloud/cloud-backend';
import { createFnfClient, type FnfClient } from '../../../client/cloud/fnf-client';

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

/** An fnf SDK client signed with the local API's key (what a signed-in user's client is). */
export function clientFor(api: LocalFnfApi): FnfClient {
  return createFnfClient({ endpoint: api.endpoint, credentials: { accessKeyId: api.key.accessKeyId, accessKeySecret: api.key.accessKeySecret }, timeoutMs: 5000 });
}

/** A CloudBackend on the local API, polling fast (tests wait for follows, not for real seconds). */
export function cloudBackendOn(api: LocalFnfApi, options: Partial<ConstructorParameters<typeof CloudBackend>[0]> = {}): CloudBackend {
  return new CloudBackend({ client: clientFor(api), endpoint: api.endpoint, region: 'cn-hangzhou', pollIntervalMs: 10, maxPollIntervalMs: 40, ...options });
}
