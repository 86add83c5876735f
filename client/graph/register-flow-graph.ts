/** The `flowStudio.showFlowGraph` command: one graph panel per flow document, beside its editor. */
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../command-ids';
import { FlowGraphPanel, type RunSourceProvider } from './flow-graph-panel';

export function registerFlowGraph(context: vscode.ExtensionContext, runSources: RunSourceProvider, onSourcesChanged: vscode.Event<void>): void {
  const panels = new Map<string, FlowGraphPanel>();
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMAND_IDS.showFlowGraph, async (uri?: vscode.Uri) => {
      const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!document) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a flow file (.flow.yaml) to see its graph.'));
        return;
      }
      const key = document.uri.toString();
      const existing = panels.get(key);
      if (existing) {
        existing.reveal();
        return;
      }
      const webviewPanel = vscode.window.createWebviewPanel(
        'flowStudio.flowGraph',
        vscode.l10n.t('Flow graph'),
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media', 'graph')] },
      );
      panels.set(key, new FlowGraphPanel(webviewPanel, document, context.extensionUri, runSources, onSourcesChanged, () => panels.delete(key)));
    }),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  );
}
