/**
 * The local FnF API with workspace functions, driven by the real `@alicloud/fnf-2019-03-15` client:
 * a fresh store, a LocalBackend whose tasks run the functions of fixtures/local-app in the local FC
 * runtime (they call back through the same API), and the flows of one fixtures folder. Registers its
 * own before/after hooks in the calling test file.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FnfApiServer } from '../../../engine/api/fnf-api-server';
import { flowDirectory } from '../../../engine/api/flow-directory';
import { loadOrCreateLocalAccessKey } from '../../../engine/api/local-api-key';
import { LocalCodeInvoker } from '../../../engine/invokers/local-code-invoker';
import { LocalFunctionCatalog } from '../../../engine/invokers/local-function-catalog';
import { LocalBackend, type LocalBackendOptions } from '../../../engine/local-backend';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const FnF = require('@alicloud/fnf-2019-03-15');

export interface LocalApiHarness {
  /** The SDK client, signed with the store's local key (set once the hooks ran). */
  readonly client: any;
  /** Starts `approval` with the input and waits (through DescribeExecution) until it is no longer Running. */
  runToEnd(name: string, input: object): Promise<any>;
}

export function localApiHarness(flowsFolder: string, backendOptions: Partial<LocalBackendOptions> = {}): LocalApiHarness {
  const fixtures = join(__dirname, 'fixtures');
  const store = mkdtempSync(join(tmpdir(), 'fnf-local-api-'));
  const backend = new LocalBackend({ storeDir: store, ...backendOptions });
  const key = loadOrCreateLocalAccessKey(store);
  const server = new FnfApiServer({ backend, key, flows: flowDirectory([join(fixtures, flowsFolder)]) });
  const harness = {
    client: undefined as any,
    async runToEnd(name: string, input: object): Promise<any> {
      const started = await harness.client.startExecution({ FlowName: 'approval', ExecutionName: name, Input: JSON.stringify(input) });
      assert.equal(started.Status, 'Running');
      for (let i = 0; i < 5; i++) {
        const d = await harness.client.describeExecution({ FlowName: 'approval', ExecutionName: name, WaitTimeSeconds: 10 });
        if (d.Status !== 'Running') return d;
      }
      assert.fail(`${name} did not finish`);
    },
  };
  before(async () => {
    await backend.open();
    await server.start();
    const catalog = LocalFunctionCatalog.discover(join(fixtures, 'local-app'));
    backend.addInvoker(new LocalCodeInvoker({ catalog, fnfApi: { endpoint: server.endpoint, ...key }, locale: 'en' }));
    harness.client = new FnF({ endpoint: server.endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, opts: { timeout: 20000 } });
  });
  after(async () => {
    // Executions still waiting for a callback would keep their step timers alive.
    for (const r of backend.running()) await backend.stopExecution(r.flowName, r.executionName).catch(() => undefined);
    await server.stop();
    backend.close();
    rmSync(store, { recursive: true, force: true });
  });
  return harness;
}
