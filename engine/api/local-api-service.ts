/**
 * Starting the local FnF API for a store, in one call (used by `fdl serve` and the VS Code
 * client): the store's key pair, the server on 127.0.0.1, and what local functions need to call
 * back (LocalFnfApiAccess for LocalCodeInvoker).
 */
import type { Backend } from '../backend';
import type { LocalFnfApiAccess } from '../invokers/local-code-invoker';
import { flowDirectory } from './flow-directory';
import { FnfApiServer } from './fnf-api-server';
import { loadOrCreateLocalAccessKey, localApiKeyPath, type LocalAccessKey } from './local-api-key';

export interface LocalApiOptions {
  backend: Backend;
  storeDir: string;
  /** Folders of `<name>.flow.yaml` files StartExecution can start by name. */
  flowsDirs?: string[];
  port?: number;
  onRequest?: (line: string) => void;
}

export interface LocalApi {
  endpoint: string;
  port: number;
  key: LocalAccessKey;
  keyFile: string;
  /** For LocalCodeInvoker: functions get it as FNF_ENDPOINT / ALIBABA_CLOUD_ACCESS_KEY_* and context.credentials. */
  access: LocalFnfApiAccess;
  stop(): Promise<void>;
}

export async function startLocalApi(o: LocalApiOptions): Promise<LocalApi> {
  const key = loadOrCreateLocalAccessKey(o.storeDir);
  const server = await new FnfApiServer({ backend: o.backend, key, flows: flowDirectory(o.flowsDirs ?? []), port: o.port, onRequest: o.onRequest }).start();
  return {
    endpoint: server.endpoint,
    port: server.port,
    key,
    keyFile: localApiKeyPath(o.storeDir),
    access: { endpoint: server.endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret },
    stop: () => server.stop(),
  };
}
