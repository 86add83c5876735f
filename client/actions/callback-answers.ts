/**
 * Answering a waiting callback from the editor or the Executions view: Approve sends
 * ReportTaskSucceeded with an output object (empty, typed, or read from a file, checked before it
 * is sent); Reject sends ReportTaskFailed with an error name and a cause.
 */
import * as vscode from 'vscode';
import type { Backend } from '../../engine/index';
import { checkJsonObject } from '../model/json-input';
import { chooseJsonFile, jsonProblemText, typeJson } from './input-picker';

export interface CallbackTarget {
  token: string;
  stepName: string;
}

export async function approveCallback(backend: Backend, target: CallbackTarget): Promise<boolean> {
  const title = vscode.l10n.t('Approve {0}', target.stepName);
  const choice = await vscode.window.showQuickPick(
    [
      { label: '$(json) {}', description: vscode.l10n.t('Empty output'), id: 'empty' },
      { label: `$(edit) ${vscode.l10n.t('Enter JSON output…')}`, id: 'type' },
      { label: `$(folder-opened) ${vscode.l10n.t('Output from a JSON file…')}`, id: 'file' },
    ],
    { title, placeHolder: vscode.l10n.t('The task output sent with ReportTaskSucceeded') },
  );
  if (!choice) return false;
  const text = choice.id === 'empty' ? '{}' : choice.id === 'type' ? await typeJson(title, '{}', vscode.l10n.t('The task output: a JSON object')) : await chooseJsonFile();
  if (text === undefined) return false;
  const check = checkJsonObject(text);
  if (!check.ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The output was not sent. {0}', jsonProblemText(check)));
    return false;
  }
  return report(() => backend.reportTaskSucceeded(target.token, check.text), vscode.l10n.t('Approved {0}.', target.stepName));
}

export async function rejectCallback(backend: Backend, target: CallbackTarget): Promise<boolean> {
  const title = vscode.l10n.t('Reject {0}', target.stepName);
  const error = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Error name (what retry and catch match, e.g. Rejected)'),
    value: 'Rejected',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim().length === 0 ? vscode.l10n.t('Enter an error name.') : v.length > 128 ? vscode.l10n.t('At most 128 characters.') : undefined),
  });
  if (error === undefined) return false;
  const cause = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Cause (optional): why it was rejected'), ignoreFocusOut: true });
  if (cause === undefined) return false;
  return report(() => backend.reportTaskFailed(target.token, error.trim(), cause), vscode.l10n.t('Rejected {0}.', target.stepName));
}

async function report(send: () => Promise<void>, done: string): Promise<boolean> {
  try {
    await send();
    void vscode.window.setStatusBarMessage(done, 4000);
    return true;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The callback was not accepted: {0}', (e as Error).message));
    return false;
  }
}
