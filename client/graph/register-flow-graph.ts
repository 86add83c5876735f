/**
 * The graph's commands: Show Flow Graph (one graph panel per flow document, beside its editor) and
 * Export Graph as SVG / PNG (of the graph in front, or of the active flow's, opening it if need be).
 */
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../command-ids';
import { DebugPauses } from './debug-pauses';
import { ElkWorkerPool } from './elk-worker-pool';
import { FlowGraphPanel, graphLabels, type GraphMarker, type RunSourceProvider } from './flow-graph-panel';
import { LayoutCache } from './layout-cache';
import { parseFlow } from '../../fdl/parse';
import { describeFlow } from './describe-flow';
import { layoutDescription } from './elk-layout';

/** After a flow is first shown: long enough for the editor's own work at opening it to go first. */
const WARM_UP_DELAY_MS = 1000;

/** What other commands do with the graphs: lay marks over a document's graph, open or not yet. */
export interface FlowGraphs {
  /** Marks for the graph of this document, now if it is open and whenever it opens (undefined: none). */
  setMarks(document: vscode.Uri, marker: GraphMarker | undefined): void;
  /** Marks on every open graph of a flow of this name (they go when the graph closes). */
  markFlow(flowName: string, marker: GraphMarker): void;
  /** Where flow debug sessions are paused, which every graph marks. */
  readonly pauses: DebugPauses;
}

export function registerFlowGraph(context: vscode.ExtensionContext, runSources: RunSourceProvider, onSourcesChanged: vscode.Event<void>): FlowGraphs {
  const panels = new Map<string, FlowGraphPanel>();
  const markers = new Map<string, GraphMarker>();
  // Layouts run in a thread of their own, so a large flow never holds the extension host; the
  // same boxes and transitions are not laid out twice (reopening a graph, an edit inside a state).
  const layoutThread = new ElkWorkerPool();
  const cache = new LayoutCache();
  // Tracks every flow debug session from activation on, so a graph opened while paused shows it.
  const pauses = new DebugPauses();
  // The thread starts, loads ELK and lays out the first flow opened in an editor, after
  // activation: Show Flow Graph on it then finds its layout ready, and on any other flow a warm
  // thread.
  const warmFor = (editor: vscode.TextEditor | undefined) => {
    if (editor?.document.languageId !== 'fdl') return;
    warmOnFlow.dispose();
    const document = editor.document;
    setTimeout(
      () => void layoutDescription(describeFlow(parseFlow(document.getText()), graphLabels()), cache.runner(layoutThread.warm)).catch(() => undefined),
      WARM_UP_DELAY_MS,
    ).unref();
  };
  const warmOnFlow = vscode.window.onDidChangeActiveTextEditor(warmFor);

  const show = async (uri?: vscode.Uri): Promise<FlowGraphPanel | undefined> => {
    const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a flow file (.flow.yaml) to see its graph.'));
      return undefined;
    }
    const key = document.uri.toString();
    const existing = panels.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      'flowStudio.flowGraph',
      vscode.l10n.t('Flow graph'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media', 'graph')] },
    );
    const panel = new FlowGraphPanel(
      webviewPanel,
      document,
      context.extensionUri,
      runSources,
      onSourcesChanged,
      () => panels.delete(key),
      cache.runner((graph) => layoutThread.run(graph, key)),
      pauses,
    );
    panels.set(key, panel);
    const marker = markers.get(key);
    if (marker) panel.setMarks(marker);
    return panel;
  };

  /** The graph the user is looking at: the active graph panel, else the active flow's (opened if need be). */
  const target = async (uri?: vscode.Uri): Promise<FlowGraphPanel | undefined> => {
    if (uri instanceof vscode.Uri) return show(uri);
    return [...panels.values()].find((p) => p.active) ?? show();
  };

  const exportAs = async (format: 'svg' | 'png', uri?: vscode.Uri) => {
    const panel = await target(uri);
    if (!panel) return;
    const file = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(panel.documentUri, '..', `${panel.flowName}.${format}`),
      filters: format === 'svg' ? { [vscode.l10n.t('SVG image')]: ['svg'] } : { [vscode.l10n.t('PNG image')]: ['png'] },
      title: format === 'svg' ? vscode.l10n.t('Export Graph as SVG') : vscode.l10n.t('Export Graph as PNG'),
    });
    if (!file) return;
    try {
      const bytes = format === 'svg' ? Buffer.from(await panel.exportSvg(), 'utf8') : await panel.exportPng();
      await vscode.workspace.fs.writeFile(file, bytes);
      void vscode.window.showInformationMessage(vscode.l10n.t('Saved the graph of {0} to {1}.', panel.flowName, vscode.workspace.asRelativePath(file)));
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The graph could not be saved: {0}', e instanceof Error ? e.message : String(e)));
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMAND_IDS.showFlowGraph, async (uri?: vscode.Uri) => {
      await show(uri);
    }),
    vscode.commands.registerCommand(COMMAND_IDS.exportGraphSvg, (uri?: vscode.Uri) => exportAs('svg', uri)),
    vscode.commands.registerCommand(COMMAND_IDS.exportGraphPng, (uri?: vscode.Uri) => exportAs('png', uri)),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
    layoutThread,
    pauses,
    warmOnFlow,
    // Coverage marks sit at offsets of the text they were computed for: an edit ends them.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && markers.get(e.document.uri.toString())?.endsOnEdit) markers.delete(e.document.uri.toString());
    }),
  );
  warmFor(vscode.window.activeTextEditor);
  return {
    pauses,
    setMarks: (uri, marker) => {
      const key = uri.toString();
      if (marker) markers.set(key, marker);
      else markers.delete(key);
      panels.get(key)?.setMarks(marker);
    },
    markFlow: (flowName, marker) => {
      for (const p of panels.values()) if (p.flowName === flowName) p.setMarks(marker);
    },
  };
}
