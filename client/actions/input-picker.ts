/**
 * Asking for a run's input: a QuickPick of the flow's sample input (`<flow>.input.json`, first
 * and so selected), the empty object, its saved named inputs (`<flow>.inputs.json`), the recent inputs, typing
 * JSON, or a JSON file. Every choice is checked to be a JSON object before it is used. A recent
 * input can be saved under a name (the save button on its row).
 */
import { existsSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { toLocale } from '../../fdl/messages';
import { sampleInputPath, savedInputsPath } from '../model/flow-companions';
import { withSavedInput } from '../model/input-history';
import { MAX_JSON_BYTES } from '../../engine/index';
import { readSavedInputsFile, savedInputsText } from '../local/saved-inputs-file';
import { readWorkspaceText } from './workspace-text';
import { checkJsonObject, type JsonNonObjectKind, type JsonObjectCheck } from '../model/json-input';

interface InputChoice extends vscode.QuickPickItem {
  take: () => Thenable<string | undefined> | string | undefined;
  /** Compact JSON of a ready input (recent ones can be saved by name). */
  input?: string;
}

const PREVIEW_LENGTH = 80;

/**
 * Why a text cannot be used, as a sentence that follows "The input cannot be used." and the like.
 * The parser's message comes from the JavaScript runtime in English, so it is quoted as the
 * parser's words rather than spliced into the translated sentence.
 */
export function jsonProblemText(check: Exclude<JsonObjectCheck, { ok: true }>): string {
  return check.problem === 'notJson'
    ? vscode.l10n.t('Not valid JSON (the parser says: {0}).', check.detail)
    : vscode.l10n.t('Must be a JSON object ({ … }), not {0}.', jsonKindText(check.kind));
}

function jsonKindText(kind: JsonNonObjectKind): string {
  switch (kind) {
    case 'array':
      return vscode.l10n.t('an array');
    case 'null':
      return vscode.l10n.t('null');
    case 'string':
      return vscode.l10n.t('a string');
    case 'number':
      return vscode.l10n.t('a number');
    case 'boolean':
      return vscode.l10n.t('true or false');
  }
}

/** Resolves to the input's JSON text, or undefined if the user cancelled. */
export async function pickRunInput(flowPath: string | undefined, recent: readonly string[], title: string): Promise<string | undefined> {
  const choices: InputChoice[] = [];
  // The sample saved beside the flow comes first, so Enter runs the flow with the data it was
  // written for; the empty object follows.
  const sample = flowPath && sampleInputPath(flowPath);
  if (sample && existsSync(sample))
    choices.push({ label: `$(file) ${vscode.l10n.t('Sample input')}`, description: vscode.workspace.asRelativePath(sample), take: () => readJsonFile(vscode.Uri.file(sample)) });
  choices.push({ label: '$(json) {}', description: vscode.l10n.t('Empty input'), take: () => '{}' });
  if (flowPath) {
    const saved = readSavedInputs(flowPath);
    if (saved.length) choices.push({ label: vscode.l10n.t('Saved inputs'), kind: vscode.QuickPickItemKind.Separator, take: () => undefined });
    for (const s of saved) choices.push({ label: `$(bookmark) ${s.name}`, description: preview(s.input), take: () => s.input, input: s.input });
  }
  if (recent.length) choices.push({ label: vscode.l10n.t('Recent inputs'), kind: vscode.QuickPickItemKind.Separator, take: () => undefined });
  const saveButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('save'), tooltip: vscode.l10n.t('Save as a named input') };
  for (const r of recent) choices.push({ label: `$(history) ${preview(r)}`, take: () => r, input: r, buttons: flowPath ? [saveButton] : [] });
  choices.push({ label: vscode.l10n.t('Other'), kind: vscode.QuickPickItemKind.Separator, take: () => undefined });
  choices.push({ label: `$(edit) ${vscode.l10n.t('Enter JSON…')}`, take: () => typeJson(title, recent[0]) });
  choices.push({ label: `$(folder-opened) ${vscode.l10n.t('From a JSON file…')}`, take: () => chooseJsonFile() });

  const picked = await new Promise<InputChoice | undefined>((resolve) => {
    const qp = vscode.window.createQuickPick<InputChoice>();
    qp.title = title;
    qp.placeholder = vscode.l10n.t('Choose the execution input');
    qp.items = choices;
    qp.activeItems = [choices[0]];
    qp.onDidTriggerItemButton((e) => {
      if (flowPath && e.item.input) void saveNamedInput(flowPath, e.item.input);
    });
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
  if (!picked) return undefined;
  const text = await picked.take();
  if (text === undefined) return undefined;
  const check = checkJsonObject(text);
  if (!check.ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The input cannot be used. {0}', jsonProblemText(check)));
    return undefined;
  }
  return check.text;
}

/** An input box that accepts only a JSON object. */
export function typeJson(title: string, value = '{}', prompt = vscode.l10n.t('A JSON object, e.g. {"orderId": "A-1"}')): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const check = checkJsonObject(v);
      return check.ok ? undefined : jsonProblemText(check);
    },
  });
}

/** Opens a file dialog for a .json file; resolves to its text (checked by the caller). */
export async function chooseJsonFile(): Promise<string | undefined> {
  const [uri] =
    (await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: vscode.l10n.t('Use as JSON'),
      filters: { JSON: ['json'] },
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    })) ?? [];
  return uri ? readJsonFile(uri) : undefined;
}

async function readJsonFile(uri: vscode.Uri): Promise<string | undefined> {
  const read = await readWorkspaceText(uri, MAX_JSON_BYTES);
  if ('text' in read) return read.text;
  void vscode.window.showErrorMessage(vscode.l10n.t('Could not read {0}: {1}', uri.fsPath, read.why));
  return undefined;
}

function readSavedInputs(flowPath: string) {
  const file = savedInputsPath(flowPath);
  const read = readSavedInputsFile(file, toLocale(vscode.env.language));
  if (read.error) void vscode.window.showWarningMessage(vscode.l10n.t('{0} is not a JSON object of named inputs: {1}', vscode.workspace.asRelativePath(file), read.error));
  return read.inputs;
}

/** Saves `input` under a name the user gives, in the flow's `.inputs.json`. */
export async function saveNamedInput(flowPath: string, input: string): Promise<void> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Save Input'),
    prompt: vscode.l10n.t('A name for this input'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')),
  });
  if (!name) return;
  const file = savedInputsPath(flowPath);
  const existing = savedInputsText(file, toLocale(vscode.env.language));
  if (existing && 'why' in existing) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not read {0}: {1}', vscode.workspace.asRelativePath(file), existing.why));
    return;
  }
  const text = withSavedInput(existing?.text, name.trim(), input);
  if (text === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not a JSON object; fix it before saving inputs into it.', vscode.workspace.asRelativePath(file)));
    return;
  }
  writeFileSync(file, text);
  void vscode.window.showInformationMessage(vscode.l10n.t('Saved input "{0}" in {1}.', name.trim(), vscode.workspace.asRelativePath(file)));
}

function preview(json: string): string {
  return json.length > PREVIEW_LENGTH ? `${json.slice(0, PREVIEW_LENGTH - 1)}…` : json;
}
