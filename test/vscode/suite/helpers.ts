/// <reference types="mocha" />
/** What the extension-host suites share: the activated extension's API and waiting for a condition. */
import * as vscode from 'vscode';
import type { FlowStudioApi } from '../../../client/extension';

export const EXTENSION_ID = 'flow-studio.flow-studio-fnf';

export async function flowStudio(): Promise<FlowStudioApi> {
  const ext = vscode.extensions.getExtension<FlowStudioApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return ext.activate();
}

export function workspaceFile(relative: string): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) throw new Error('the tests need the examples copy open as the workspace');
  return vscode.Uri.joinPath(root, relative);
}

export async function eventually<T>(what: string, read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
