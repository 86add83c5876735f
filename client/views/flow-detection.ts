/**
 * Flows in plain YAML files (any name): a YAML document whose top level has `type: flow` and
 * `steps:` is switched to the FDL language, unless `flowStudio.detectFlowsInYaml` is off.
 */
import * as vscode from 'vscode';
import { looksLikeFlow } from '../../fdl/parse';

export function registerFlowDetection(isEnabled: () => boolean): vscode.Disposable {
  const check = (document: vscode.TextDocument) => {
    if (!isEnabled() || document.languageId !== 'yaml') return;
    if (looksLikeFlow(document.getText())) void vscode.languages.setTextDocumentLanguage(document, 'fdl');
  };
  vscode.workspace.textDocuments.forEach(check);
  return vscode.workspace.onDidOpenTextDocument(check);
}
