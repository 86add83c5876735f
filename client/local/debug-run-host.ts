/**
 * Where a flow debugged in VS Code runs: the embedded engine, so the execution is an ordinary local
 * one (Executions view, step marks, graph, callbacks answered from the sidebar). The launch's
 * mocks file and s.yaml come before the flow's own companions. No `vscode` here.
 */
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { LocalCodeInvoker, LocalFunctionCatalog, MockInvoker, flowNameFromPath, type TaskInvoker } from '../../engine/index';
import type { Locale } from '../../fdl/messages';
import { launchMocks, startedRun, type FlowRunHost, type StartedRun } from '../../debug/flow-run-host';
import type { EmbeddedEngine } from './embedded-engine';

export function embeddedRunHost(
  engine: EmbeddedEngine,
  o: { trusted: () => boolean; locale: Locale; onStarted?: (flowPath: string, flowName: string, executionName: string) => void },
): FlowRunHost {
  return {
    async start(args, definition, input, debug): Promise<StartedRun> {
      const { backend } = engine;
      const flowPath = resolve(args.program);
      const flowName = flowNameFromPath(flowPath);
      // Named here so its invokers are chosen before it starts.
      const executionName = `debug-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
      const ref = { flowName, executionName };
      const invokers: TaskInvoker[] = [];
      const mocks = launchMocks(args, dirname(flowPath));
      if (mocks) {
        const report = (token: string, r: Parameters<typeof backend.report>[1]) => backend.report(token, r);
        invokers.push(new MockInvoker(mocks, { match: 'named', report }), new MockInvoker(mocks, { match: 'catch-all', report }));
      }
      if (args.functions && o.trusted()) {
        const dir = dirname(resolve(dirname(flowPath), args.functions));
        invokers.unshift(new LocalCodeInvoker({ catalog: LocalFunctionCatalog.discover(dir, dir), fnfApi: engine.api?.access, locale: o.locale }));
      }
      if (invokers.length) engine.useInvokers(ref, invokers);
      await backend.startExecution({ flowName, definition, flowPath, executionName, input }, { debug });
      o.onStarted?.(flowPath, flowName, executionName);
      return startedRun(backend, flowName, executionName, debug);
    },
  };
}
