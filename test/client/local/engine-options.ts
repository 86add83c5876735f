/** Options of an embedded engine over a scratch workspace, as the client/local tests start it. */
import { join } from 'node:path';
import type { EmbeddedEngineOptions } from '../../../client/local/embedded-engine';

export function engineOptions(root: string, over: Partial<EmbeddedEngineOptions> = {}): EmbeddedEngineOptions {
  return {
    storeDir: join(root, '.fdl', 'executions'),
    fallbackStoreDir: join(root, 'fallback'),
    workspaceRoot: root,
    timeScale: 0,
    locale: 'en',
    isTrusted: () => false,
    startApi: true,
    onLog: () => {},
    onProblem: () => {},
    noInvokerCause: (inv, flowPath) => `nothing runs ${inv.stepName} of ${flowPath}`,
    ...over,
  };
}
