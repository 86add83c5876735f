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

/**
 * Answers the quick pick or input box the extension has just shown, as a user would with the
 * keyboard: after it had time to appear, `down` presses of ↓ (separators are skipped), then Enter.
 */
export async function acceptQuickInput(down = 0): Promise<void> {
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < down; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

/** One input box the extension showed while `typeIntoInputBoxes` answered it. */
export interface AskedInput {
  prompt?: string;
  typed: string;
  /** What the box's validation said about the typed text (shown under the box; Enter then does nothing). */
  refusal?: string;
}

type Dialogs = Pick<typeof vscode.window, 'showInputBox' | 'showOpenDialog'>;

/**
 * Types `answers` into the next input boxes, one each, because text cannot be typed into VS Code's
 * quick input from the extension host. It replaces `vscode.window.showInputBox` on the API object
 * the extension shares with these suites (their bundles lie inside the extension's folder, so VS
 * Code hands both the same `vscode`). A typed text the box's own validateInput refuses is never
 * returned: the refusal is recorded and the box resolves as when the user then presses Escape.
 * Call `restore()` when done (in `finally`).
 */
export function typeIntoInputBoxes(answers: string[]): { asked: AskedInput[]; restore(): void } {
  const window = vscode.window as Dialogs;
  const real = window.showInputBox;
  const asked: AskedInput[] = [];
  window.showInputBox = (async (options?: vscode.InputBoxOptions) => {
    const typed = answers.shift();
    if (typed === undefined) throw new Error(`an input box nobody answers: ${options?.prompt ?? options?.title ?? ''}`);
    const said = await options?.validateInput?.(typed);
    const refusal = typeof said === 'string' ? said : (said?.message ?? undefined);
    asked.push({ prompt: options?.prompt, typed, refusal: refusal || undefined });
    return refusal ? undefined : typed;
  }) as Dialogs['showInputBox'];
  return { asked, restore: () => void (window.showInputBox = real) };
}

/** Picks `uri` in the next file dialogs (the dialog is not drivable from the extension host), as `typeIntoInputBoxes` does for input boxes. */
export function chooseInFileDialog(uri: vscode.Uri): { asked: vscode.OpenDialogOptions[]; restore(): void } {
  const window = vscode.window as Dialogs;
  const real = window.showOpenDialog;
  const asked: vscode.OpenDialogOptions[] = [];
  window.showOpenDialog = (async (options?: vscode.OpenDialogOptions) => {
    asked.push(options ?? {});
    return [uri];
  }) as Dialogs['showOpenDialog'];
  return { asked, restore: () => void (window.showOpenDialog = real) };
}

/** Waits (a step at a time) until the execution has left Running, and returns its summary. */
export async function executionEnd(api: FlowStudioApi, flowName: string, executionName: string) {
  return eventually(
    'the execution to end',
    () => api.localBackend.describeExecution(flowName, executionName),
    (s) => s.status !== 'Running' && s.status !== 'Starting',
  );
}

/**
 * Records the quick picks the extension creates (the real ones, which still show and are answered
 * with acceptQuickInput), so a test can read the rows a user is offered. Call `restore()` when done.
 */
export function watchQuickPicks(): { created: vscode.QuickPick<vscode.QuickPickItem>[]; restore(): void } {
  const window = vscode.window as Pick<typeof vscode.window, 'createQuickPick'>;
  const real = window.createQuickPick;
  const created: vscode.QuickPick<vscode.QuickPickItem>[] = [];
  window.createQuickPick = (<T extends vscode.QuickPickItem>() => {
    const qp = real<T>();
    created.push(qp as unknown as vscode.QuickPick<vscode.QuickPickItem>);
    return qp;
  }) as typeof real;
  return { created, restore: () => void (window.createQuickPick = real) };
}

/** One notification message the extension showed while `recordMessages` listened. */
export interface ShownMessage {
  severity: 'information' | 'warning' | 'error';
  text: string;
  /** The button labels offered with it. */
  actions: string[];
}

type Messages = Pick<typeof vscode.window, 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage'>;

/**
 * Records the information, warning and error messages the extension shows, and answers each as a
 * user who closes it without a button (undefined), so commands that await a message return. It
 * replaces the three functions on the shared `vscode.window`, as `typeIntoInputBoxes` does.
 * Modal messages are recorded the same way. Call `restore()` when done (in `finally`).
 */
export function recordMessages(): { shown: ShownMessage[]; restore(): void } {
  const window = vscode.window as Messages;
  const real = { information: window.showInformationMessage, warning: window.showWarningMessage, error: window.showErrorMessage };
  const shown: ShownMessage[] = [];
  const recorder = (severity: ShownMessage['severity']) =>
    (async (text: string, ...rest: unknown[]) => {
      const actions = rest
        .filter((r) => typeof r === 'string' || (typeof r === 'object' && r !== null && 'title' in r))
        .map((r) => (typeof r === 'string' ? r : (r as vscode.MessageItem).title));
      shown.push({ severity, text, actions });
      return undefined;
    }) as Messages['showInformationMessage'];
  window.showInformationMessage = recorder('information');
  window.showWarningMessage = recorder('warning') as Messages['showWarningMessage'];
  window.showErrorMessage = recorder('error') as Messages['showErrorMessage'];
  return {
    shown,
    restore: () => {
      window.showInformationMessage = real.information;
      window.showWarningMessage = real.warning;
      window.showErrorMessage = real.error;
    },
  };
}

/**
 * The text of the editor hover at `position` as a user reads it: every part of it, the extension's
 * decoration hovers included (`vscode.executeHoverProvider` returns only hover providers, never a
 * decoration's hoverMessage). It hides any hover shown (else the next command re-shows the last
 * one), puts the cursor there, runs "Show or Focus Hover" with focus and "Open Accessible View",
 * whose read-only document holds the hover's rendered text (links show as their text; their
 * targets are not in it), then gives the editor the focus back.
 */
export async function readHover(editor: vscode.TextEditor, position: vscode.Position): Promise<string> {
  const document = editor.document;
  const backInEditor = async () => {
    await vscode.window.showTextDocument(document, editor.viewColumn);
    return (await eventually(
      'the editor to have the focus',
      () => vscode.window.activeTextEditor,
      (e) => e?.document === document,
      10_000,
    ))!;
  };
  const shown = await backInEditor();
  await vscode.commands.executeCommand('editor.action.hideHover');
  shown.selection = new vscode.Selection(position, position);
  await new Promise((r) => setTimeout(r, 300));
  await vscode.commands.executeCommand('editor.action.showHover', { focus: 'autoFocusImmediately' });
  await new Promise((r) => setTimeout(r, 1000));
  await vscode.commands.executeCommand('editor.action.accessibleView');
  const view = await eventually(
    'the accessible view of the hover',
    () => vscode.window.activeTextEditor?.document,
    (d) => d?.uri.scheme === 'accessible-view',
    10_000,
  );
  const text = view!.getText();
  await backInEditor();
  return text;
}
