/**
 * The invokers one local run of a flow file gets: the mocks beside the flow (named entries
 * first, the `*` catch-all last, as `fdl run` orders them) and, only in a trusted workspace, the
 * flow's local function code found through s.yaml / fdl-functions.json beside or above it.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { type TaskInvoker, type LocalFnfApiAccess, LocalCodeInvoker, LocalFunctionCatalog, MockInvoker, loadMocksFile, type CallbackReport } from '../../engine/index';
import type { Locale } from '../../fdl/messages';
import { mocksFileCandidates } from '../model/flow-companions';

export interface FlowInvokerSetup {
  flowPath: string;
  /** Workspace code runs only when the workspace is trusted. */
  trusted: boolean;
  /** The folder where the search for s.yaml stops (the workspace folder). */
  workspaceRoot?: string;
  fnfApi?: LocalFnfApiAccess;
  report: (token: string, report: CallbackReport) => void;
  timeScale: number;
  locale: Locale;
  /** Problems reading the mocks file or s.yaml, for the run's output channel. */
  onProblem: (file: string, message: string) => void;
}

export function flowInvokers(o: FlowInvokerSetup): TaskInvoker[] {
  const invokers: TaskInvoker[] = [];
  const mocksFile = mocksFileCandidates(o.flowPath).find((f) => existsSync(f));
  let catchAll: TaskInvoker | undefined;
  if (mocksFile) {
    try {
      const mocks = loadMocksFile(mocksFile);
      invokers.push(new MockInvoker(mocks, { match: 'named', report: o.report }));
      catchAll = new MockInvoker(mocks, { match: 'catch-all', report: o.report });
    } catch (e) {
      o.onProblem(mocksFile, (e as Error).message);
    }
  }
  if (o.trusted) {
    const catalog = LocalFunctionCatalog.discover(dirname(o.flowPath), o.workspaceRoot ?? dirname(o.flowPath));
    for (const p of catalog.problems) o.onProblem(p.file, p.message);
    invokers.push(new LocalCodeInvoker({ catalog, fnfApi: o.fnfApi, timeScale: o.timeScale || 1, locale: o.locale }));
  }
  if (catchAll) invokers.push(catchAll);
  return invokers;
}
