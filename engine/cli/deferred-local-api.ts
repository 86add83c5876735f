/**
 * The local FnF API for one command (`fdl run`, `fdl report-*` resuming an execution itself):
 * functions are configured before the backend exists, so they get `access`, a promise of the
 * endpoint and key pair that resolves once the API listens on 127.0.0.1 (or rejects, and a step
 * whose function needed it fails with the reason). `stop` first lets the command's local
 * functions finish (they may still be making their last API calls after their execution ended),
 * at most LOCAL_FUNCTIONS_GRACE_MS, then closes the API.
 */
import { startLocalApi, type LocalApi } from '../api/local-api-service';
import type { TaskInvoker } from '../invoker';
import { LocalCodeInvoker, type LocalFnfApiAccess } from '../invokers/local-code-invoker';
import type { LocalBackend } from '../local-backend';
import { say } from './cli-messages';

/** How long the API outlives the execution for functions still running (their own timeout still applies). */
export const LOCAL_FUNCTIONS_GRACE_MS = 10_000;

export interface DeferredLocalApi {
  access: Promise<LocalFnfApiAccess>;
  start(backend: LocalBackend, storeDir: string, flowsDirs: string[], quiet: boolean): void;
  stop(invokers: readonly TaskInvoker[]): Promise<void>;
}

export function deferredLocalApi(): DeferredLocalApi {
  let resolveAccess!: (a: LocalFnfApiAccess) => void;
  let rejectAccess!: (e: unknown) => void;
  const access = new Promise<LocalFnfApiAccess>((res, rej) => {
    resolveAccess = res;
    rejectAccess = rej;
  });
  access.catch(() => undefined); // a run whose tasks never need it must not see an unhandled rejection
  let starting: Promise<LocalApi | undefined> | undefined;
  return {
    access,
    start(backend, storeDir, flowsDirs, quiet) {
      starting = startLocalApi({ backend, storeDir, flowsDirs }).then(
        (api) => {
          if (!quiet) say('localApi', api.endpoint, api.keyFile);
          resolveAccess(api.access);
          return api;
        },
        (e: unknown) => {
          rejectAccess(e);
          return undefined;
        },
      );
    },
    async stop(invokers) {
      const api = await starting;
      if (!api) return;
      for (const i of invokers) if (i instanceof LocalCodeInvoker) await i.settled(LOCAL_FUNCTIONS_GRACE_MS);
      await api.stop();
    },
  };
}
