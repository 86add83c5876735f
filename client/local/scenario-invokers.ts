/**
 * The invokers a scenario run from the Testing view gets besides the scenario's own mocks (which
 * the engine puts first, and its `*` catch-all last): in a trusted workspace the flow's local
 * function code, as Run Flow finds it (s.yaml beside the flow or above it); otherwise, and for a
 * task nothing can run, a refusal naming the step, so an untrusted workspace never runs its code.
 * A debugged scenario gets the same list with the mocks in their places (`scenarioExecutionInvokers`)
 * and nothing else: not the mocks file beside the flow, which a Run of it never reads.
 */
import { dirname } from 'node:path';
import { ExecutionEnd, LocalCodeInvoker, LocalFunctionCatalog, MockInvoker, type CallbackReport, type Scenario, type TaskInvocation, type TaskInvoker } from '../../engine/index';
import type { Locale } from '../../fdl/messages';
import { NO_INVOKER_ERROR } from './execution-invokers';

export interface ScenarioInvokerSetup {
  scenario: Scenario;
  trusted: boolean;
  workspaceRoot?: string;
  locale: Locale;
  /** The cause a task gets when nothing can run it (worded for the user, trust included). */
  noInvokerCause: (inv: TaskInvocation) => string;
  onProblem: (file: string, message: string) => void;
}

export function scenarioInvokers(o: ScenarioInvokerSetup): TaskInvoker[] {
  const invokers: TaskInvoker[] = [];
  if (o.trusted) {
    const catalog = LocalFunctionCatalog.discover(dirname(o.scenario.flowPath), o.workspaceRoot ?? dirname(o.scenario.flowPath));
    for (const p of catalog.problems) o.onProblem(p.file, p.message);
    // Time is virtual in a scenario; local code still runs at real speed.
    invokers.push(new LocalCodeInvoker({ catalog, timeScale: 1, locale: o.locale }));
  }
  // Before the engine's catch-all mock only when the scenario has none.
  if (!o.scenario.mocks?.tasks['*']?.length) invokers.push(refusal(o.noInvokerCause));
  return invokers;
}

/**
 * Every invoker a scenario's execution gets, in the order a Run of it tries them (engine/run-flow.ts
 * puts the scenario's named mocks first and its `*` catch-all last): what a debugged scenario runs
 * with, so it behaves as its Run does.
 */
export function scenarioExecutionInvokers(o: ScenarioInvokerSetup & { report: (token: string, report: CallbackReport) => void }): TaskInvoker[] {
  const mocks = o.scenario.mocks;
  if (!mocks) return scenarioInvokers(o);
  return [new MockInvoker(mocks, { match: 'named', report: o.report }), ...scenarioInvokers(o), new MockInvoker(mocks, { match: 'catch-all', report: o.report })];
}

function refusal(cause: (inv: TaskInvocation) => string): TaskInvoker {
  return {
    name: 'none',
    canInvoke: () => true,
    invoke: (inv) => Promise.reject(new ExecutionEnd('fail', NO_INVOKER_ERROR, cause(inv))),
  };
}
