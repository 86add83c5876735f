/**
 * Where a flow debugged in VS Code runs: the embedded engine, so the execution is an ordinary local
 * one (Executions view, step marks, graph, callbacks answered from the sidebar). The launch's
 * mocks file and s.yaml come before the flow's own companions; a debugged scenario's invokers
 * replace them; its timeScale is the execution's own (LocalBackend `startExecution`). No `vscode` here.
 */
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { LocalCodeInvoker, LocalFunctionCatalog, MockInvoker, flowNameFromPath, loadScenario, type CallbackReport, type Scenario, type TaskInvoker } from '../../engine/index';
import type { Locale } from '../../fdl/messages';
import { launchMocks, startedRun, type FlowLaunchArguments, type FlowRunHost, type StartedRun } from '../../debug/flow-run-host';
import type { EmbeddedEngine } from './embedded-engine';

type Report = (token: string, report: CallbackReport) => void;

export interface EmbeddedRunHostOptions {
  trusted: () => boolean;
  locale: Locale;
  onStarted?: (flowPath: string, flowName: string, executionName: string) => void;
  /** Every invoker a Run of the scenario at `scenarioPath` gets (client/local/scenario-invokers.ts `scenarioExecutionInvokers`). */
  scenarioInvokers: (scenarioPath: string, scenario: Scenario, report: Report) => TaskInvoker[];
}

export function embeddedRunHost(engine: EmbeddedEngine, o: EmbeddedRunHostOptions): FlowRunHost {
  return {
    async start(args, definition, input, debug): Promise<StartedRun> {
      const { backend } = engine;
      const flowPath = resolve(args.program);
      const flowName = flowNameFromPath(flowPath);
      // Named here so its invokers are chosen before it starts.
      const executionName = `debug-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
      const ref = { flowName, executionName };
      const report: Report = (token, r) => backend.report(token, r);
      if (args.scenario) {
        // A debugged scenario runs as its Run does: its invokers only, none of the flow file's own.
        const scenarioPath = resolve(dirname(flowPath), args.scenario);
        engine.useInvokers(ref, o.scenarioInvokers(scenarioPath, loadScenario(scenarioPath), report), { only: true });
      } else {
        const invokers = launchInvokers(args, flowPath, report, o, engine);
        if (invokers.length) engine.useInvokers(ref, invokers);
      }
      // The launch's timeScale applies to this execution alone (and its child flows): a clock of its own.
      await backend.startExecution({ flowName, definition, flowPath, executionName, input }, { debug, ...(args.timeScale !== undefined ? { timeScale: args.timeScale } : {}) });
      o.onStarted?.(flowPath, flowName, executionName);
      return startedRun(backend, flowName, executionName, debug);
    },
  };
}

/** The launch's own mocks (named first, catch-all after) and, when trusted, its s.yaml's local functions first of all. */
function launchInvokers(args: FlowLaunchArguments, flowPath: string, report: Report, o: EmbeddedRunHostOptions, engine: EmbeddedEngine): TaskInvoker[] {
  const invokers: TaskInvoker[] = [];
  const mocks = launchMocks(args, dirname(flowPath));
  if (mocks) invokers.push(new MockInvoker(mocks, { match: 'named', report }), new MockInvoker(mocks, { match: 'catch-all', report }));
  if (args.functions && o.trusted()) {
    const dir = dirname(resolve(dirname(flowPath), args.functions));
    invokers.unshift(new LocalCodeInvoker({ catalog: LocalFunctionCatalog.discover(dir, dir), fnfApi: engine.api?.access, locale: o.locale }));
  }
  return invokers;
}
