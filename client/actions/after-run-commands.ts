/**
 * After a run: Show Coverage (the open flow's coverage by its local executions, in the editor's
 * gutter and the status bar) and Compare Executions (two executions, local or cloud, side by side
 * in VS Code's diff editor, one block per state visit, with where their paths part). The analysis
 * is the engine's (engine/analysis/), over histories read through the Backend interface.
 */
import * as vscode from 'vscode';
import { coverageSummaryText, diffRuns, flowCoverage, visitEventKind, type Backend, type HistoryEvent } from '../../engine/index';
import { toLocale } from '../../fdl/messages';
import { parseFlow } from '../../fdl/parse';
import type { BackendSelector } from '../backends';
import { COMMAND_IDS } from '../command-ids';
import type { BackendKind } from '../config';
import { graphLabels } from '../graph/flow-graph-panel';
import { coverageMarks, pathMarks } from '../graph/graph-marks';
import type { FlowGraphs } from '../graph/register-flow-graph';
import type { ExecutionNode } from '../model/execution-tree';
import type { CoverageMarks } from '../views/coverage-marks';
import type { ExecutionsViewNode } from '../views/execution-items';
import type { ExecutionsView } from '../views/executions-view';
import { runUri } from '../views/json-documents';

export interface AfterRunDeps {
  selector: BackendSelector;
  view: ExecutionsView;
  marks: CoverageMarks;
  /** The flow graphs (registered after these commands, hence a getter). */
  graphs(): FlowGraphs | undefined;
  /** The name the embedded engine runs a flow document under. */
  flowNameOf(document: vscode.TextDocument): string;
}

/** An execution to compare, with the backend it comes from. */
export interface ExecutionRef {
  flowName: string;
  executionName: string;
  backend: BackendKind;
}

export function registerAfterRunCommands(deps: AfterRunDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMAND_IDS.showCoverage, (uri?: vscode.Uri) => showCoverage(deps, uri)),
    vscode.commands.registerCommand(COMMAND_IDS.compareExecutions, (clicked?: unknown, selected?: unknown) => compareExecutions(deps, clicked, selected)),
  ];
}

/** Computes, shows and returns the coverage (undefined when there is no flow or no execution). */
async function showCoverage(deps: AfterRunDeps, uri?: vscode.Uri) {
  const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== 'fdl') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a flow file (.flow.yaml) to see its coverage.'));
    return undefined;
  }
  const flowName = deps.flowNameOf(document);
  const local = deps.selector.local;
  const executions = (await local.listExecutions(flowName)).filter((e) => e.status !== 'Running' && e.status !== 'Starting');
  if (executions.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no finished local executions yet: run it, then show its coverage.', flowName));
    return undefined;
  }
  const histories = await Promise.all(executions.map((e) => local.getExecutionHistory(e.flowName, e.name)));
  const coverage = flowCoverage(parseFlow(document.getText()), histories);
  if (vscode.window.activeTextEditor?.document !== document) await vscode.window.showTextDocument(document, { preview: false });
  deps.marks.show(document, coverage);
  const legend = vscode.l10n.t('Coverage: {0}', coverageSummaryText(coverage.summary, coverage.dialect, toLocale(vscode.env.language)));
  deps.graphs()?.setMarks(document.uri, { compute: (graph) => coverageMarks(graph, coverage, graphLabels()), legend, endsOnEdit: true });
  return coverage;
}

async function compareExecutions(deps: AfterRunDeps, clicked?: unknown, selected?: unknown) {
  const kind = deps.view.currentBackend.kind;
  let pair = [clicked, ...(Array.isArray(selected) ? selected : [])]
    .map((n) => refOf(n, kind))
    .filter((r): r is ExecutionRef => r !== undefined)
    .filter((r, i, all) => all.findIndex((o) => o.flowName === r.flowName && o.executionName === r.executionName && o.backend === r.backend) === i);
  if (pair.length < 2) pair = await pickTwo(deps, pair[0]);
  if (pair.length < 2) return undefined;
  const [a, b] = pair;
  const backendOf = (r: ExecutionRef): Backend => deps.selector.byKind(r.backend);
  let histories: HistoryEvent[][];
  try {
    histories = await Promise.all([a, b].map((r) => backendOf(r).getExecutionHistory(r.flowName, r.executionName)));
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The executions could not be read: {0}', e instanceof Error ? e.message : String(e)));
    return undefined;
  }
  const diff = diffRuns(histories[0], histories[1]);
  const [pathA, pathB] = histories.map(visitedStates);
  const legend = vscode.l10n.t('Paths: {0} blue, {1} orange, both purple', a.executionName, b.executionName);
  for (const flowName of new Set([a.flowName, b.flowName])) deps.graphs()?.markFlow(flowName, { compute: (graph) => pathMarks(graph, pathA, pathB), legend, endsOnEdit: false });
  await vscode.commands.executeCommand(
    'vscode.diff',
    runUri(a.backend, a.flowName, a.executionName),
    runUri(b.backend, b.flowName, b.executionName),
    vscode.l10n.t('{0} ↔ {1}', a.executionName, b.executionName),
    { preview: true },
  );
  const d = diff.divergence;
  const where = d
    ? vscode.l10n.t(
        'The paths part in {0}{1}: {2} took {3}, {4} took {5}.',
        d.scope,
        d.after ? vscode.l10n.t(' after {0}', d.after) : '',
        a.executionName,
        d.a ?? '–',
        b.executionName,
        d.b ?? '–',
      )
    : vscode.l10n.t('Both executions took the same path.');
  void vscode.window.showInformationMessage(
    `${where} ${vscode.l10n.t('{0} visit(s) differ in data, {1} only in {2}, {3} only in {4}.', diff.changed, diff.onlyA, a.executionName, diff.onlyB, b.executionName)}`,
  );
  return diff;
}

function refOf(n: unknown, backend: BackendKind): ExecutionRef | undefined {
  if (!n || typeof n !== 'object') return undefined;
  const node = n as Partial<ExecutionsViewNode & ExecutionNode> & { kind?: string };
  if (node.kind === 'execution' && typeof node.flowName === 'string' && typeof node.executionName === 'string')
    return { flowName: node.flowName, executionName: node.executionName, backend };
  const ref = n as Partial<ExecutionRef>;
  if (typeof ref.flowName === 'string' && typeof ref.executionName === 'string')
    return { flowName: ref.flowName, executionName: ref.executionName, backend: ref.backend === 'cloud' ? 'cloud' : 'local' };
  return undefined;
}

/**
 * Two executions picked, the first given preselected: those the view lists (its backend) and,
 * while signed in to the cloud, the other backend's too, so a local run can be compared with a
 * cloud one.
 */
async function pickTwo(deps: AfterRunDeps, first?: ExecutionRef): Promise<ExecutionRef[]> {
  const kind = deps.view.currentBackend.kind;
  type Item = vscode.QuickPickItem & { ref?: ExecutionRef };
  const rows = (list: { flowName: string; executionName: string; status: string }[], backend: BackendKind): Item[] =>
    list.map((e) => ({
      label: e.executionName,
      description: `${e.flowName} · ${e.status}`,
      picked: first !== undefined && first.backend === backend && first.flowName === e.flowName && first.executionName === e.executionName,
      ref: { flowName: e.flowName, executionName: e.executionName, backend },
    }));
  const items: Item[] = rows(deps.view.executionsModel.executions(), kind);
  const otherKind: BackendKind = kind === 'local' ? 'cloud' : 'local';
  if (deps.selector.cloudAvailable) {
    try {
      const other = await deps.selector.byKind(otherKind).listExecutions();
      if (other.length) {
        const sep = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });
        const name = (k: BackendKind) => (k === 'cloud' ? vscode.l10n.t('Cloud') : vscode.l10n.t('Local'));
        items.unshift(sep(name(kind)));
        items.push(
          sep(name(otherKind)),
          ...rows(
            other.map((e) => ({ flowName: e.flowName, executionName: e.name, status: e.status })),
            otherKind,
          ),
        );
      }
    } catch {
      // The other backend cannot list now: the view's executions are still offered.
    }
  }
  if (items.filter((i) => i.ref).length < 2) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Compare Executions needs two executions in the Executions view.'));
    return [];
  }
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Choose two executions to compare'), canPickMany: true });
  if (!picked) return [];
  const refs = picked.flatMap((p) => (p.ref ? [p.ref] : []));
  if (refs.length !== 2) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Choose exactly two executions to compare.'));
    return [];
  }
  return refs;
}

/** The names of the states an execution entered. */
function visitedStates(events: readonly HistoryEvent[]): Set<string> {
  return new Set(events.filter((e) => visitEventKind(e.type) === 'entered' && e.stepName).map((e) => e.stepName!));
}
