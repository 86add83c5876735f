/**
 * Flows in plain YAML files (any name): a YAML document whose top level has `type: flow` and
 * `steps:` is switched to the FDL language when it is opened and when an edit makes it a flow
 * (after a pause in typing), unless `flowStudio.detectFlowsInYaml` is off. The decision and its
 * timing are in flow-detection-policy.ts.
 */
import * as vscode from 'vscode';
import { FlowDetection, type DetectedDocument } from './flow-detection-policy';

export function registerFlowDetection(isEnabled: () => boolean): vscode.Disposable {
  const documents = new Map<string, vscode.TextDocument>();
  const asDetected = (document: vscode.TextDocument): DetectedDocument => {
    const uri = document.uri.toString();
    documents.set(uri, document);
    return { uri, languageId: document.languageId, getText: () => document.getText() };
  };
  const detection = new FlowDetection({
    isEnabled,
    switchToFlow: (d) => {
      const document = documents.get(d.uri);
      // Still open and still YAML when the pause ends (it may have been closed or changed by hand).
      if (document && !document.isClosed && document.languageId === 'yaml') void vscode.languages.setTextDocumentLanguage(document, 'fdl');
    },
    schedule: (run, ms) => {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    },
  });
  vscode.workspace.textDocuments.forEach((d) => detection.opened(asDetected(d)));
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument((d) => detection.opened(asDetected(d))),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) detection.changed(asDetected(e.document));
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      const uri = d.uri.toString();
      if (documents.get(uri) === d) documents.delete(uri);
      detection.closed(uri);
    }),
    { dispose: () => detection.dispose() },
  );
}
