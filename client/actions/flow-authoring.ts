/**
 * New Flow and Convert to CloudFlow StateMachine: the vscode part (pickers, files, editors, problems)
 * over client/model/flow-templates.ts and client/model/convert-flow.ts. The `flowStudio.classicFlow`
 * context key shows Convert only on classic flows.
 */
import * as vscode from 'vscode';
import { flowDialectOfText } from '../../fdl/dialect';
import { toLocale } from '../../fdl/messages';
import { COMMAND_IDS } from '../command-ids';
import { convertFlow, type ConversionProblem } from '../model/convert-flow';
import { FLOW_TEMPLATES, instantiateTemplate, templatePath, type FlowFormat, type FlowTemplate } from '../model/flow-templates';

const CLASSIC_FLOW_CONTEXT = 'flowStudio.classicFlow';

export function registerFlowAuthoring(context: vscode.ExtensionContext): vscode.Disposable[] {
  const problems = vscode.languages.createDiagnosticCollection('flowStudio.convert');
  const updateContext = (d = vscode.window.activeTextEditor?.document) => {
    void vscode.commands.executeCommand('setContext', CLASSIC_FLOW_CONTEXT, !!d && d.languageId === 'fdl' && flowDialectOfText(d.getText()) === 'classic');
  };
  updateContext();
  return [
    problems,
    vscode.window.onDidChangeActiveTextEditor((e) => updateContext(e?.document)),
    // A YAML file that flow detection switches to `fdl` is reopened under its new language.
    vscode.workspace.onDidOpenTextDocument((d) => d.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString() && updateContext(d)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) updateContext();
      // The problems point into the text as it was converted: an edit makes them stale.
      if (e.contentChanges.length && problems.has(e.document.uri)) problems.delete(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => problems.delete(d.uri)),
    vscode.commands.registerCommand(COMMAND_IDS.convertToStateMachine, (uri?: vscode.Uri) => convertToStateMachine(problems, uri)),
    // From the Explorer's context menu the argument is the folder clicked.
    vscode.commands.registerCommand(COMMAND_IDS.newFlow, (args?: NewFlowArgs | vscode.Uri) => newFlow(context, args instanceof vscode.Uri ? { folder: args } : args)),
  ];
}

/** What tests (and keybindings) may pass to skip the pickers. */
export interface NewFlowArgs {
  format?: FlowFormat;
  template?: FlowTemplate;
  target?: vscode.Uri;
  /** Where the save dialog starts (else beside the active file, else the first workspace folder). */
  folder?: vscode.Uri;
}

/** What Convert resolves to (for tests): the converted file and the problems shown on the original. */
export interface ConvertResult {
  converted: vscode.Uri;
  problems: number;
}

async function convertToStateMachine(problems: vscode.DiagnosticCollection, uri?: vscode.Uri): Promise<ConvertResult | undefined> {
  const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || document.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a classic flow file (version: v1, type: flow, steps:) to convert it.'));
    return undefined;
  }
  const r = convertFlow(document.uri.fsPath, document.getText(), toLocale(vscode.env.language));
  if (!r.ok) {
    void vscode.window.showWarningMessage(
      r.reason === 'syntax'
        ? vscode.l10n.t('{0} was not converted: it has YAML syntax errors (the first on line {1}).', vscode.workspace.asRelativePath(document.uri), r.line ?? 1)
        : vscode.l10n.t('{0} is not a classic flow (version: v1, type: flow, steps:); only classic flows are converted.', vscode.workspace.asRelativePath(document.uri)),
    );
    return undefined;
  }
  const target = vscode.Uri.file(r.path);
  if (await exists(target)) {
    const replace = vscode.l10n.t('Replace');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} already exists. Replace it with a new conversion?', vscode.workspace.asRelativePath(target)),
      { modal: true },
      replace,
    );
    if (answer !== replace) return undefined;
  }
  await vscode.workspace.fs.writeFile(target, Buffer.from(r.text, 'utf8'));
  problems.set(document.uri, r.problems.map(toDiagnostic));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { viewColumn: vscode.ViewColumn.Beside, preview: false });
  const where = vscode.workspace.asRelativePath(target);
  if (r.problems.length > 0) {
    const show = vscode.l10n.t('Show Problems');
    void vscode.window
      .showWarningMessage(
        r.problems.length === 1
          ? vscode.l10n.t('Converted into {0}. One thing could not be carried over as it was: see the Problems panel.', where)
          : vscode.l10n.t('Converted into {0}. {1} things could not be carried over as they were: see the Problems panel.', where, r.problems.length),
        show,
      )
      .then((a) => a === show && vscode.commands.executeCommand('workbench.actions.view.problems'));
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('Converted into {0}. Everything was carried over.', where));
  }
  return { converted: target, problems: r.problems.length };
}

function toDiagnostic(p: ConversionProblem): vscode.Diagnostic {
  const range = new vscode.Range(p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character);
  const d = new vscode.Diagnostic(range, p.message, p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
  d.source = vscode.l10n.t('Convert to StateMachine');
  d.code = p.code;
  return d;
}

async function newFlow(context: vscode.ExtensionContext, args: NewFlowArgs = {}): Promise<vscode.Uri | undefined> {
  const format = args.format ?? (await pickFormat());
  if (!format) return undefined;
  const template = args.template ?? (await pickTemplate());
  if (!template) return undefined;
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = args.folder ?? (active?.scheme === 'file' ? vscode.Uri.joinPath(active, '..') : vscode.workspace.workspaceFolders?.[0]?.uri);
  const target =
    args.target ??
    (await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save the new flow'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${template}.flow.yaml`) : undefined,
      filters: { [vscode.l10n.t('Flow files')]: ['yaml', 'yml'] },
    }));
  if (!target) return undefined;
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, templatePath(format, template))));
  await vscode.workspace.fs.writeFile(target, Buffer.from(instantiateTemplate(text, format, target.fsPath), 'utf8'));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: false });
  return target;
}

async function pickFormat(): Promise<FlowFormat | undefined> {
  const items: (vscode.QuickPickItem & { format: FlowFormat })[] = [
    {
      format: 'statemachine',
      label: vscode.l10n.t('CloudFlow StateMachine'),
      description: vscode.l10n.t('recommended for a new flow'),
      detail: vscode.l10n.t('Type: StateMachine, StartAt, States. The format the CloudFlow console writes and new features (Express mode, built-in functions) use.'),
    },
    {
      format: 'classic',
      label: vscode.l10n.t('Classic FDL'),
      detail: vscode.l10n.t('version: v1, type: flow, steps. Still accepted by the service; choose it to work beside flows already written in it.'),
    },
  ];
  return (
    await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('New Flow: format'),
      placeHolder: vscode.l10n.t('Which format? For a new flow, choose CloudFlow StateMachine.'),
    })
  )?.format;
}

async function pickTemplate(): Promise<FlowTemplate | undefined> {
  const text: Record<FlowTemplate, [string, string]> = {
    approval: [vscode.l10n.t('Approval with a callback'), vscode.l10n.t('A task waits until a person (or a system) reports back with its task token.')],
    batch: [vscode.l10n.t('Batch over items'), vscode.l10n.t('The same steps for every item of a list, several at a time; the results as a list.')],
    pipeline: [vscode.l10n.t('Pipeline of tasks'), vscode.l10n.t('Functions one after another, each reading what the one before produced, with a retry.')],
  };
  const items = FLOW_TEMPLATES.map((template) => ({ template, label: text[template][0], detail: text[template][1] }));
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('New Flow: starting point') }))?.template;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
