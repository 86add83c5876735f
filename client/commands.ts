/**
 * Every command of the run experience, each a small named function over the parts wired in
 * extension.ts. Arguments come from the command palette (none), the editor (a Uri), the
 * Executions view (its node) or a hover link (plain JSON), so each resolves what it was given.
 */
import * as vscode from 'vscode';
import type { Backend } from '../engine/index';
import { approveCallback, rejectCallback, type CallbackTarget } from './actions/callback-answers';
import { flowNameForDocument, followRun, showRunBlocked, startFlowRun } from './actions/flow-run';
import { jsonProblemText, pickRunInput, saveNamedInput } from './actions/input-picker';
import { openExample } from './actions/open-example';
import { runStepAlone, type StepAloneArgs, type StepAloneDeps } from './actions/step-alone';
import { saveAsTestScenario } from './actions/save-scenario';
import { replayInDebugger } from './actions/replay-execution';
import type { RunOutput } from './actions/run-output';
import type { BackendSelector } from './backends';
import { COMMAND_IDS } from './command-ids';
import { setExecutionsBackend, type BackendKind } from './config';
import type { ExecutionNode, ExecutionTreeNode } from './model/execution-tree';
import { recentInputsFor, rememberInput, type RecentInputs } from './model/input-history';
import { checkJsonObject } from './model/json-input';
import { longWaitSteps } from './model/long-waits';
import { runBlockers } from './model/run-blockers';
import { looksLikeFlow } from '../fdl/parse';
import { showCloudError } from './cloud/cloud-commands';
import { rerunCloudExecution } from './cloud/cloud-rerun';
import { deleteExecution, deleteFinishedExecutions, type DeleteFinishedOptions } from './views/delete-executions';
import { canDeleteExecution, type LocalExecutionDeletion } from './views/execution-deletion';
import type { ExecutionsViewNode } from './views/execution-items';
import type { ExecutionsView } from './views/executions-view';
import { historyUri, stepUri } from './views/json-documents';
import type { RunFlowCodeLens } from './views/run-codelens';
import type { StepDecorations } from './views/step-decorations';
import type { StepTestDocuments } from './views/step-test-documents';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  selector: BackendSelector;
  view: ExecutionsView;
  decorations: StepDecorations;
  codeLens: RunFlowCodeLens;
  runOutput: RunOutput;
  /** The flow file a local execution runs (from its stored start). */
  flowPathOf(flowName: string, executionName: string): string | undefined;
  /** The embedded engine's deleting (the cloud backend cannot delete). */
  localExecutions: LocalExecutionDeletion;
  /** Run Step Alone…: a flow's own invokers for a step run alone, and where its reports open. */
  stepInvokers: StepAloneDeps['invokersFor'];
  stepTestDocuments: StepTestDocuments;
}

const RECENT_INPUTS_KEY = 'flowStudio.recentInputs';

/** A callback to answer and, from a hover link, which backend issued it. */
type AnswerTarget = CallbackTarget & { backend?: BackendKind };

/** A reference to an execution as hover links and notifications pass it. */
interface ExecutionRefArg {
  flowName: string;
  executionName: string;
  backend?: BackendKind;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const register = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, fn as (...args: unknown[]) => unknown);
  return [
    register(COMMAND_IDS.runFlow, (uri?: vscode.Uri, options?: RunFlowOptions) => runFlow(deps, uri, options)),
    register(COMMAND_IDS.runStepAlone, (arg?: vscode.Uri | StepAloneArgs) =>
      runStepAlone({ backend: deps.selector.local, invokersFor: deps.stepInvokers, documents: deps.stepTestDocuments }, arg),
    ),
    register(COMMAND_IDS.rerunExecution, (arg?: ExecutionsViewNode | ExecutionRefArg) => rerunExecution(deps, arg)),
    register(COMMAND_IDS.stopExecution, (arg?: ExecutionsViewNode | ExecutionRefArg) => stopExecution(deps, arg)),
    register(COMMAND_IDS.openExecutionHistory, (arg?: ExecutionsViewNode | ExecutionRefArg) => openExecutionHistory(deps, arg)),
    register(COMMAND_IDS.openStepData, (arg?: ExecutionsViewNode) => openStepData(deps, arg)),
    register(COMMAND_IDS.approveCallback, (arg?: unknown) => answerCallback(deps, arg, approveCallback)),
    register(COMMAND_IDS.rejectCallback, (arg?: unknown) => answerCallback(deps, arg, rejectCallback)),
    register(COMMAND_IDS.refreshExecutions, () => deps.view.refresh()),
    register(COMMAND_IDS.selectBackend, () => selectBackend(deps)),
    register(COMMAND_IDS.saveExecutionInput, (arg?: ExecutionsViewNode | ExecutionRefArg) => saveExecutionInput(deps, arg)),
    register(COMMAND_IDS.showRunOutput, () => deps.runOutput.channel.show(true)),
    register(COMMAND_IDS.openExecutionFlow, (arg?: ExecutionsViewNode | ExecutionRefArg) => openExecutionFlow(deps, arg)),
    register(COMMAND_IDS.deleteExecution, async (arg?: ExecutionsViewNode | ExecutionRefArg) => {
      const ref = await executionRef(deps, arg, (e) => canDeleteExecution(deps.view.currentBackend.kind, e.status));
      return ref ? deleteExecution({ local: deps.localExecutions, view: deps.view }, backendOf(deps, ref), ref) : false;
    }),
    register(COMMAND_IDS.saveAsTestScenario, async (arg?: ExecutionsViewNode | ExecutionRefArg, options?: { target?: vscode.Uri | string }) => {
      const ref = await executionRef(deps, arg, (e) => e.status !== 'Running' && e.status !== 'Starting');
      if (!ref) return undefined;
      const backend = backendOf(deps, ref);
      const target = typeof options?.target === 'string' ? vscode.Uri.file(options.target) : options?.target;
      return saveAsTestScenario({
        backend,
        flowName: ref.flowName,
        executionName: ref.executionName,
        flowPath: backend.kind === 'local' ? deps.flowPathOf(ref.flowName, ref.executionName) : undefined,
        target,
      });
    }),
    register(COMMAND_IDS.replayInDebugger, async (arg?: ExecutionsViewNode | ExecutionRefArg) => {
      const ref = await executionRef(deps, arg, (e) => e.status !== 'Running' && e.status !== 'Starting');
      if (!ref) return false;
      const backend = backendOf(deps, ref);
      return replayInDebugger({
        backend,
        flowName: ref.flowName,
        executionName: ref.executionName,
        flowPath: backend.kind === 'local' ? deps.flowPathOf(ref.flowName, ref.executionName) : undefined,
      });
    }),
    register(COMMAND_IDS.openExample, (relativePath?: string) => openExample(relativePath)),
    register(COMMAND_IDS.deleteFinishedExecutions, (options?: DeleteFinishedOptions) => deleteFinishedExecutions({ local: deps.localExecutions, view: deps.view }, options)),
  ];
}

/** `lastInput`: the CodeLens's "Run with Last Input"; `input`: JSON text given by a caller (tests, keybindings), no picker. */
export interface RunFlowOptions {
  lastInput?: boolean;
  input?: string;
}

async function runFlow(deps: CommandDeps, uri?: vscode.Uri, options?: RunFlowOptions): Promise<StartedExecution | undefined> {
  const document = await flowDocument(uri);
  if (!document) return;
  // A flow that cannot run is refused before its input is asked for.
  const blockers = runBlockers(document.getText(), vscode.env.language);
  if (blockers) {
    void showRunBlocked(flowNameForDocument(document), blockers);
    return undefined;
  }
  const flowPath = document.uri.scheme === 'file' ? document.uri.fsPath : undefined;
  const recent = recentInputsFor(deps.context.workspaceState.get<RecentInputs>(RECENT_INPUTS_KEY), document.uri.toString());
  const given = typeof options?.input === 'string' ? checkJsonObject(options.input) : undefined;
  if (given && !given.ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The input cannot be used. {0}', jsonProblemText(given)));
    return undefined;
  }
  const input = given?.ok
    ? given.text
    : options?.lastInput && recent[0]
      ? recent[0]
      : await pickRunInput(flowPath, recent, vscode.l10n.t('Run {0}', vscode.workspace.asRelativePath(document.uri)));
  if (input === undefined) return undefined;
  return runWithInput(deps, document, input);
}

/** What runFlow resolves to (for callers such as tests): the execution it started. */
export interface StartedExecution {
  flowName: string;
  executionName: string;
}

async function runWithInput(deps: CommandDeps, document: vscode.TextDocument, input: string): Promise<StartedExecution | undefined> {
  const recent = deps.context.workspaceState.get<RecentInputs>(RECENT_INPUTS_KEY) ?? {};
  await deps.context.workspaceState.update(RECENT_INPUTS_KEY, rememberInput(recent, document.uri.toString(), input));
  deps.codeLens.refresh();
  const backend = deps.selector.local;
  if (deps.view.currentBackend !== backend) {
    deps.selector.prefer('local');
    await setExecutionsBackend('local');
  }
  const started = await startFlowRun(backend, { document, input });
  if (!started) return undefined;
  deps.decorations.follow(document.uri, { backendKind: backend.kind, flowName: started.flowName, executionName: started.name });
  void followRun(backend, { flowName: started.flowName, executionName: started.name, longWaits: longWaitSteps(document.getText()) });
  return { flowName: started.flowName, executionName: started.name };
}

async function rerunExecution(deps: CommandDeps, arg?: ExecutionsViewNode | ExecutionRefArg): Promise<void> {
  const ref = await executionRef(deps, arg);
  if (!ref) return;
  const backend = backendOf(deps, ref);
  if (backend.kind === 'cloud') return rerunInCloud(backend, ref);
  const flowPath = deps.flowPathOf(ref.flowName, ref.executionName);
  if (!flowPath) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The flow file of {0} is not known; open the flow and use Run Flow.', ref.executionName));
    return;
  }
  const summary = await backendOf(deps, ref).describeExecution(ref.flowName, ref.executionName);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(flowPath));
  await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true });
  await runWithInput(deps, document, summary.input ?? '{}');
}

/** The cloud keeps the flow under its name: a new execution of it with the same input, no local file needed. */
async function rerunInCloud(backend: Backend, ref: ExecutionRefArg): Promise<void> {
  try {
    const started = await rerunCloudExecution(backend, ref.flowName, ref.executionName);
    void followRun(backend, { flowName: started.flowName, executionName: started.name });
  } catch (e) {
    void showCloudError(e);
  }
}

async function stopExecution(deps: CommandDeps, arg?: ExecutionsViewNode | ExecutionRefArg): Promise<void> {
  const ref = await executionRef(deps, arg, (e) => e.status === 'Running' || e.status === 'Starting');
  if (!ref) return;
  try {
    await backendOf(deps, ref).stopExecution(ref.flowName, ref.executionName, 'Stopped', vscode.l10n.t('Stopped from VS Code'));
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not stop {0}: {1}', ref.executionName, (e as Error).message));
  }
}

async function openExecutionHistory(deps: CommandDeps, arg?: ExecutionsViewNode | ExecutionRefArg): Promise<void> {
  const ref = await executionRef(deps, arg);
  if (!ref) return;
  const document = await vscode.workspace.openTextDocument(historyUri(backendOf(deps, ref).kind, ref.flowName, ref.executionName));
  await vscode.languages.setTextDocumentLanguage(document, 'json');
  await vscode.window.showTextDocument(document, { preview: true });
}

async function openStepData(deps: CommandDeps, arg?: ExecutionsViewNode): Promise<void> {
  if (!arg || arg.kind !== 'step') return;
  const document = await vscode.workspace.openTextDocument(stepUri(deps.view.currentBackend.kind, arg));
  await vscode.languages.setTextDocumentLanguage(document, 'json');
  await vscode.window.showTextDocument(document, { preview: true, preserveFocus: true });
}

async function answerCallback(deps: CommandDeps, arg: unknown, answer: (backend: Backend, target: CallbackTarget) => Promise<boolean>): Promise<void> {
  const target = callbackTarget(arg) ?? (await pickCallback(deps));
  if (!target) return;
  await answer(deps.selector.byKind(target.backend ?? deps.view.currentBackend.kind), target);
}

async function selectBackend(deps: CommandDeps): Promise<void> {
  const items: (vscode.QuickPickItem & { kind2: BackendKind })[] = [
    { label: `$(vm) ${vscode.l10n.t('Embedded engine')}`, description: vscode.l10n.t('Runs in VS Code; history in .fdl/executions'), kind2: 'local' },
    {
      label: `$(cloud) ${vscode.l10n.t('Alibaba Cloud')}`,
      description: deps.selector.cloudAvailable ? vscode.l10n.t('Serverless Workflow in your account') : vscode.l10n.t('Sign in first (Flow Studio: Sign In to Alibaba Cloud)'),
      kind2: 'cloud',
    },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Show Executions From') });
  if (!picked) return;
  deps.selector.prefer(picked.kind2);
  await setExecutionsBackend(picked.kind2);
}

async function saveExecutionInput(deps: CommandDeps, arg?: ExecutionsViewNode | ExecutionRefArg): Promise<void> {
  const ref = await executionRef(deps, arg);
  if (!ref) return;
  const flowPath = deps.flowPathOf(ref.flowName, ref.executionName);
  if (!flowPath) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The flow file of {0} is not known.', ref.executionName));
    return;
  }
  const summary = await backendOf(deps, ref).describeExecution(ref.flowName, ref.executionName);
  await saveNamedInput(flowPath, summary.input ?? '{}');
}

async function openExecutionFlow(deps: CommandDeps, arg?: ExecutionsViewNode | ExecutionRefArg): Promise<void> {
  const ref = await executionRef(deps, arg);
  const flowPath = ref && deps.flowPathOf(ref.flowName, ref.executionName);
  if (!ref || !flowPath) return;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(flowPath));
  await vscode.window.showTextDocument(document);
  deps.decorations.follow(document.uri, { backendKind: backendOf(deps, ref).kind, flowName: ref.flowName, executionName: ref.executionName });
}

/** The flow document to run: the Uri given, else the active editor's (a flow file or a YAML flow). */
async function flowDocument(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || (document.languageId !== 'fdl' && !looksLikeFlow(document.getText()))) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a flow file (.flow.yaml, or YAML with type: flow and steps:) to run it.'));
    return undefined;
  }
  return document;
}

function backendOf(deps: CommandDeps, ref: ExecutionRefArg): Backend {
  return ref.backend ? deps.selector.byKind(ref.backend) : deps.view.currentBackend;
}

async function executionRef(
  deps: CommandDeps,
  arg: ExecutionsViewNode | ExecutionRefArg | undefined,
  filter: (e: ExecutionNode) => boolean = () => true,
): Promise<ExecutionRefArg | undefined> {
  if (arg && 'kind' in arg) {
    const root = rootOf(arg);
    if (root) return { flowName: root.flowName, executionName: root.executionName };
    if (arg.kind === 'callback') return { flowName: arg.callback.flowName, executionName: arg.callback.executionName };
  }
  if (arg && typeof arg === 'object' && 'flowName' in arg && 'executionName' in arg) return arg;
  const executions = deps.view.executionsModel.executions().filter(filter);
  if (!executions.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No executions to choose from.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    executions.map((e) => ({ label: e.flowName, description: `${e.executionName} · ${e.status}`, e })),
    { title: vscode.l10n.t('Choose an execution') },
  );
  return picked && { flowName: picked.e.flowName, executionName: picked.e.executionName };
}

function rootOf(node: ExecutionsViewNode): ExecutionNode | undefined {
  let n: ExecutionTreeNode | undefined = node.kind === 'callbacks' || node.kind === 'callback' ? undefined : node;
  while (n && n.kind !== 'execution') n = n.parent;
  return n;
}

/** What to answer, from a Callback row, a waiting step, or a hover link's `{token, stepName, backend}`. */
function callbackTarget(arg: unknown): AnswerTarget | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const node = arg as ExecutionsViewNode;
  if (node.kind === 'callback') return { token: node.callback.token, stepName: node.callback.stepName };
  if (node.kind === 'step') return node.pending ? { token: node.pending.token, stepName: node.stepName } : undefined;
  const a = arg as { token?: unknown; stepName?: unknown; backend?: unknown };
  if (typeof a.token === 'string')
    return { token: a.token, stepName: typeof a.stepName === 'string' ? a.stepName : '', backend: a.backend === 'cloud' ? 'cloud' : a.backend === 'local' ? 'local' : undefined };
  return undefined;
}

async function pickCallback(deps: CommandDeps): Promise<AnswerTarget | undefined> {
  const pending = deps.view.pendingCallbacks();
  if (!pending.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No task is waiting for a callback.'));
    return undefined;
  }
  if (pending.length === 1) return { token: pending[0].token, stepName: pending[0].stepName };
  const picked = await vscode.window.showQuickPick(
    pending.map((c) => ({ label: c.stepName, description: `${c.flowName} / ${c.executionName}`, c })),
    { title: vscode.l10n.t('Choose a waiting callback') },
  );
  return picked && { token: picked.c.token, stepName: picked.c.stepName };
}
