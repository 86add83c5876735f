/**
 * The workspace flow files that deploy as a cloud flow (the naming Deploy uses: the setting
 * `flowStudio.cloud.flowNames`, else the file's stem), the mapped ones first: what Show Cloud
 * Flows compares and downloads over, and what Replay in Debugger binds a cloud execution to.
 */
import * as vscode from 'vscode';
import { localFilesFor } from './cloud-flow-browser';

export async function localFlowFiles(flowName: string, flowNames: Readonly<Record<string, string>>): Promise<vscode.Uri[]> {
  const mapped = Object.keys(flowNames).filter((k) => flowNames[k] === flowName);
  const uris = await vscode.workspace.findFiles('**/*.{flow.yaml,flow.yml}', '**/node_modules/**', 500);
  for (const folder of vscode.workspace.workspaceFolders ?? []) for (const rel of mapped) uris.push(vscode.Uri.joinPath(folder.uri, rel));
  const files = uris.map((u) => ({ relativePath: vscode.workspace.asRelativePath(u, false), fsPath: u.fsPath, uri: u }));
  const found = localFilesFor(flowName, files, flowNames);
  const existing: vscode.Uri[] = [];
  for (const f of found) {
    if (existing.some((u) => u.toString() === f.uri.toString())) continue;
    try {
      await vscode.workspace.fs.stat(f.uri);
      existing.push(f.uri);
    } catch {
      // a flowNames entry for a file that is not there
    }
  }
  return existing;
}
