/**
 * A FlowRunHost with an engine of its own: an in-memory store, the launch's mocks file and the
 * functions of its s.yaml. What the adapter's tests run on, and any client outside VS Code.
 */
import { dirname, resolve } from 'node:path';
import { LocalBackend, LocalCodeInvoker, LocalFunctionCatalog, MemoryStore, MockInvoker, flowNameFromPath } from '../engine/index';
import { launchMocks, startedRun, type FlowRunHost, type StartedRun } from './flow-run-host';

export function standaloneHost(): FlowRunHost {
  return {
    async start(args, definition, input, debug): Promise<StartedRun> {
      const timeScale = args.timeScale ?? 1;
      const backend = new LocalBackend({ store: new MemoryStore(), timeScale });
      const report = (token: string, r: Parameters<LocalBackend['report']>[1]) => backend.report(token, r);
      const mocks = launchMocks(args);
      if (mocks) {
        backend.addInvoker(new MockInvoker(mocks, { match: 'named', report }), true);
        backend.addInvoker(new MockInvoker(mocks, { match: 'catch-all', report }));
      }
      if (args.functions) {
        const dir = dirname(resolve(args.functions));
        backend.addInvoker(new LocalCodeInvoker({ catalog: LocalFunctionCatalog.discover(dir, dir), timeScale: timeScale || 1 }), true);
      }
      await backend.open({ resume: () => false });
      const flowPath = resolve(args.program);
      const flowName = flowNameFromPath(flowPath);
      let summary;
      try {
        summary = await backend.startExecution({ flowName, definition, flowPath, input }, { debug });
      } catch (e) {
        backend.close();
        throw e;
      }
      return startedRun(backend, flowName, summary.name, debug, () => backend.close());
    },
  };
}
