/**
 * Opens a file of the examples workspace by its path there (`flows/order-approval.flow.yaml`), for
 * the walkthrough's "Open …" buttons: the file itself in an editor, not Quick Open with its name
 * typed in. Looked for under each workspace folder, then anywhere in the workspace by name; when
 * the examples are not open, it says so.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export async function openExample(relativePath: unknown): Promise<vscode.TextEditor | undefined> {
  if (typeof relativePath !== 'string' || !relativePath) return undefined;
  const uri = (await atFolderRoots(relativePath)) ?? (await byName(relativePath));
  if (!uri) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} is not in this workspace. Open the examples folder of Flow Studio (npm start opens a copy of it) and try again.', relativePath),
    );
    return undefined;
  }
  return vscode.window.showTextDocument(uri, { preview: false });
}

async function atFolderRoots(relativePath: string): Promise<vscode.Uri | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

async function byName(relativePath: string): Promise<vscode.Uri | undefined> {
  const [found] = await vscode.workspace.findFiles(`**/${path.posix.basename(relativePath)}`, '**/node_modules/**', 10);
  return found;
}
