/**
 * A workspace file's text as the extension reads it whole (a scenario, a flow, an input file):
 * bounded. A file on disk goes through the engine's readUtf8TextOrWhy (regular files only, within
 * `maxBytes`, UTF-8 or where it is not), so a FIFO or a link to /dev/zero among the workspace's
 * files never blocks a view or fills the extension host's memory; a file of another scheme
 * (a remote workspace) is read through VS Code after its size is checked.
 */
import * as vscode from 'vscode';
import { readUtf8TextOrWhy } from '../../engine/index';
import { toLocale } from '../../fdl/messages';

export async function readWorkspaceText(uri: vscode.Uri, maxBytes: number): Promise<{ text: string } | { why: string }> {
  if (uri.scheme === 'file') return readUtf8TextOrWhy(uri.fsPath, maxBytes, toLocale(vscode.env.language));
  try {
    const st = await vscode.workspace.fs.stat(uri);
    if (!(st.type & vscode.FileType.File) || st.size > maxBytes) return { why: vscode.l10n.t('{0} is no file of at most {1} bytes', uri.toString(), maxBytes) };
    return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
  } catch (e) {
    return { why: (e as Error).message };
  }
}
