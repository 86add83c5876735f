/**
 * Run Step Alone…: one step or state of the open flow run by itself on the engine (engine
 * `testStep`, docs/step-test.md), as Step Functions' TestState does: the step at the cursor (or
 * one picked), its starting data prefilled from the latest local execution that reached it, for
 * a task (or a parallel, a map) a mocked result or error or the flow's own mocks and local
 * functions, and the report (mapped input, output, next step) opened beside the flow.
 */
import * as vscode from 'vscode';
import {
  StepTestError,
  stepPaths,
  stepTestMarkdown,
  testStep,
  type Backend,
  type StepTestOptions,
  type StepTestResult,
  type TaskInvoker,
  type CallbackReport,
} from '../../engine/index';
import { stepPathAt } from '../../fdl/navigation/step-path';
import { looksLikeFlow, parseFlow } from '../../fdl/parse';
import { checkJsonObject } from '../model/json-input';
import { lastStepStart, type StepStart } from '../model/step-alone-input';
import type { StepTestDocuments } from '../views/step-test-documents';
import { flowNameForDocument } from './flow-run';
import { jsonProblemText } from './input-picker';

export interface StepAloneDeps {
  /** The embedded engine, whose executions prefill the step's data. */
  backend: Backend;
  /** The flow's own mocks and local functions, made with the step's report hook (undefined: none); starts the engine (its local API) if need be. */
  invokersFor(flowPath: string): Promise<((report: (token: string, report: CallbackReport) => void) => TaskInvoker[]) | undefined>;
  documents: StepTestDocuments;
}

/**
 * From the palette or the editor's context menu (no argument: the active editor's cursor), or
 * from a caller: `{uri, step, input?, local?, result?, error?}` runs without asking what is given.
 */
export interface StepAloneArgs {
  uri?: string;
  step?: string;
  input?: Record<string, unknown>;
  local?: Record<string, unknown>;
  result?: unknown;
  error?: { error: string; cause?: string };
  /** Use the flow's mocks and local functions for the task (no prompt). */
  useFlowInvokers?: boolean;
}

export async function runStepAlone(deps: StepAloneDeps, arg?: vscode.Uri | StepAloneArgs): Promise<StepTestResult | undefined> {
  const given: StepAloneArgs = arg instanceof vscode.Uri ? { uri: arg.toString() } : (arg ?? {});
  const document = await flowDocument(given.uri);
  if (!document) return undefined;
  const text = document.getText();
  const path = given.step ?? (await pickStep(document, text));
  if (path === undefined) return undefined;
  const listed = stepPaths(text).find((s) => s.path === path);
  const stepName = path.split('/').pop() ?? path;
  const classic = parseFlow(text).dialect === 'classic';
  const flowPath = document.uri.scheme === 'file' ? document.uri.fsPath : undefined;

  const options: StepTestOptions = { input: {}, flowName: flowNameForDocument(document), ...(flowPath ? { flowPath } : {}) };
  const asked = given.input === undefined;
  const start = asked ? await lastStepStart(deps.backend, options.flowName!, stepName) : undefined;
  if (asked) {
    const input = await askObject(vscode.l10n.t('Input of {0}', path), inputPrompt(classic, start), start?.input ?? {});
    if (input === undefined) return undefined;
    options.input = input;
    if (classic) {
      const local = await askObject(
        vscode.l10n.t('$local of the sequence {0} is in', path),
        vscode.l10n.t('What earlier steps of its sequence left in $local (its mappings read $local).'),
        start?.local ?? {},
      );
      if (local === undefined) return undefined;
      options.local = local;
    }
    if (start?.executionInput) options.executionInput = start.executionInput;
  } else {
    options.input = given.input!;
    if (given.local) options.local = given.local;
  }

  const mockable = listed && (listed.kind === 'task' || listed.kind === 'parallel' || listed.kind === 'map');
  if ('result' in given) options.result = given.result;
  else if (given.error) options.error = given.error;
  else if (mockable && !given.useFlowInvokers) {
    const answer = await askAnswer(path, listed.kind === 'task');
    if (answer === undefined) return undefined;
    Object.assign(options, answer);
  }
  const invokers = flowPath ? await deps.invokersFor(flowPath) : undefined;
  if (invokers) options.invokers = invokers;

  let result: StepTestResult;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Running {0} alone…', path) }, () => testStep(text, path, options));
  } catch (e) {
    if (!(e instanceof StepTestError)) throw e;
    void vscode.window.showErrorMessage(vscode.l10n.t('Run Step Alone: {0}', e.message));
    return undefined;
  }
  await deps.documents.show(path, stepTestMarkdown(result));
  return result;
}

async function flowDocument(uri?: string): Promise<vscode.TextDocument | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)) : vscode.window.activeTextEditor?.document;
  if (!document || (document.languageId !== 'fdl' && !looksLikeFlow(document.getText()))) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a flow file and put the cursor in a step to run it alone.'));
    return undefined;
  }
  return document;
}

/** The step at the cursor when the flow is the active editor; else a pick of every step's path. */
async function pickStep(document: vscode.TextDocument, text: string): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document === document) {
    const at = stepPathAt(parseFlow(text), document.offsetAt(editor.selection.active));
    if (at !== undefined) return at;
  }
  const steps = stepPaths(text);
  if (steps.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This flow has no steps to run alone.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    steps.map((s) => ({ label: s.path, description: s.kind })),
    { title: vscode.l10n.t('Run Step Alone'), placeHolder: vscode.l10n.t('Choose the step to run alone') },
  );
  return picked?.label;
}

function inputPrompt(classic: boolean, start: StepStart | undefined): string {
  const what = classic ? vscode.l10n.t('The $input of its sequence (its mappings read $input).') : vscode.l10n.t('The state input, before its InputConstructor.');
  return start ? `${what} ${vscode.l10n.t('Prefilled from execution {0}.', start.executionName)}` : what;
}

async function askObject(title: string, prompt: string, value: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt,
    value: JSON.stringify(value),
    ignoreFocusOut: true,
    validateInput: (t) => {
      const c = checkJsonObject(t);
      return c.ok ? undefined : jsonProblemText(c);
    },
  });
  if (text === undefined) return undefined;
  const c = checkJsonObject(text);
  return c.ok ? c.value : undefined;
}

/** How a task (or a parallel, a map) answers: a mocked result, a mocked error, or the flow's own way. */
async function askAnswer(path: string, task: boolean): Promise<Pick<StepTestOptions, 'result' | 'error'> | undefined> {
  const choices = [
    {
      label: `$(json) ${vscode.l10n.t('Mocked result…')}`,
      detail: task
        ? vscode.l10n.t('What the function returns, as a mocks file entry gives it.')
        : vscode.l10n.t("Its branches' or iterations' result, as they would hand it back."),
      id: 'result',
    },
    { label: `$(error) ${vscode.l10n.t('Mocked error…')}`, detail: vscode.l10n.t('The step fails with this error (retries and catch apply).'), id: 'error' },
    {
      label: `$(beaker) ${task ? vscode.l10n.t("The flow's mocks and local functions") : vscode.l10n.t('Run its branches')}`,
      detail: task ? vscode.l10n.t('As a local run of the flow would answer it.') : vscode.l10n.t("Their tasks answered by the flow's mocks and local functions."),
      id: 'flow',
    },
  ];
  const picked = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('How should {0} answer?', path), ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.id === 'flow') return {};
  if (picked.id === 'result') {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Mocked result of {0}', path),
      prompt: vscode.l10n.t('A JSON value'),
      value: task ? '{}' : '[]',
      ignoreFocusOut: true,
      validateInput: (t) => {
        try {
          JSON.parse(t);
          return undefined;
        } catch (e) {
          return vscode.l10n.t('Not valid JSON (the parser says: {0}).', (e as Error).message);
        }
      },
    });
    return text === undefined ? undefined : { result: JSON.parse(text) as unknown };
  }
  const error = await vscode.window.showInputBox({
    title: vscode.l10n.t('Mocked error of {0}', path),
    prompt: vscode.l10n.t('The error name, e.g. FC.ResourceThrottled'),
    ignoreFocusOut: true,
    validateInput: (t) => (t.trim() ? undefined : vscode.l10n.t('An error needs a name.')),
  });
  if (error === undefined) return undefined;
  const cause = await vscode.window.showInputBox({ title: vscode.l10n.t('Mocked error of {0}', path), prompt: vscode.l10n.t('Its cause (may be empty)'), ignoreFocusOut: true });
  if (cause === undefined) return undefined;
  return { error: { error: error.trim(), cause } };
}
