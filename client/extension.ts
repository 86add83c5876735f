/** Extension entry: wiring only. Features live in their own modules. */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Backend } from '../engine/index';
import { toLocale } from '../fdl/messages';
import { flowNameForDocument } from './actions/flow-run';
import { RunOutput } from './actions/run-output';
import { registerFlowAuthoring } from './actions/flow-authoring';
import { BackendSelector } from './backends';
import { registerCloudCommands } from './cloud/cloud-commands';
import { cloudFlowNameOf } from './cloud/cloud-settings';
import { JSON_DOCUMENT_SCHEME, STEP_TEST_SCHEME, VIEW_IDS } from './command-ids';
import { registerCommands } from './commands';
import { registerAfterRunCommands } from './actions/after-run-commands';
import { CoverageMarks } from './views/coverage-marks';
import { onConfigChange, readConfig } from './config';
import { registerFlowGraph, type FlowGraphs } from './graph/register-flow-graph';
import type { PausedSteps } from './graph/debug-pauses';
import { startEmbeddedEngine, type EmbeddedEngine } from './local/embedded-engine';
import { LazyEngine } from './local/lazy-engine';
import { noInvokerCause } from './actions/no-invoker-cause';
import { recentInputsFor, type RecentInputs } from './model/input-history';
import { pickRunInput } from './actions/input-picker';
import { registerActivityStatus } from './views/activity-status';
import { ExecutionsView } from './views/executions-view';
import { ScenarioTests } from './views/scenario-tests';
import { registerFlowDetection } from './views/flow-detection';
import { JsonDocuments } from './views/json-documents';
import { RunFlowCodeLens } from './views/run-codelens';
import { registerFlowDebugging } from './actions/flow-debug';
import { StepDecorations } from './views/step-decorations';
import { StepTestDocuments } from './views/step-test-documents';

/** What activate() returns: for extension-host tests and other extensions. */
export interface FlowStudioApi {
  /** The embedded engine (LocalBackend) the Run Flow command uses. */
  localBackend: Backend;
  /** The embedded engine, started on first need; `current` is undefined until then (extension-host tests). */
  engine: LazyEngine;
  /** The Executions view's tree (what it shows), for extension-host tests. */
  executionsView: ExecutionsView;
  /** The Testing view's scenarios (their TestController), for extension-host tests. */
  scenarioTests: ScenarioTests;
  /** Where flow debug sessions are paused, as the flow graphs mark it (extension-host tests). */
  debugPauses: PausedSteps;
  /** What activating cost, in ms (bench/ and the extension-host tests print it). */
  activation: ActivationTimes;
  /** Where the language server keeps V8's code cache of its bundles (server/main.ts), for extension-host tests. */
  serverCompileCache: string;
}

export interface ActivationTimes {
  /** From the bundle's first line (esbuild.mjs's banner) to activate() called: evaluating the bundle's modules. */
  evaluate: number;
  /** activate() itself: views and commands; the language server starts with the first flow document, the engine on first need. */
  activate: number;
}

/** Set by dist/extension.js's first line (esbuild.mjs); absent when this module is bundled otherwise (tests). */
declare const __flowStudioBundleStart: number | undefined;
const bundleStart = typeof __flowStudioBundleStart === 'number' ? __flowStudioBundleStart : performance.now();

let client: LanguageClient | undefined;
let engine: LazyEngine | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<FlowStudioApi> {
  const activateStart = performance.now();
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server keeps V8's compiled code of its bundles here between starts (server/main.ts): a
  // directory of this extension's, never the workspace. (Added to the server's environment.)
  const serverCompileCache = path.join(context.globalStorageUri.fsPath, 'compile-cache');
  const env = { FLOW_STUDIO_COMPILE_CACHE: serverCompileCache };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'fdl' }],
    // The server words its messages in the display language (InitializeParams.locale carries it too).
    initializationOptions: { locale: vscode.env.language, deployTags: vscode.workspace.getConfiguration('flowStudio').get('diagnostics.deployTags') },
    // The settings the server's findings depend on reach it as didChangeConfiguration.
    synchronize: { configurationSection: 'flowStudio.diagnostics' },
  };
  const languageClient = new LanguageClient('fdl', 'Serverless Workflow (FDL)', serverOptions, clientOptions);
  client = languageClient;
  // The server (a process) starts with the first flow document, not in a workspace of plain YAML
  // files. Not awaited: its start and initialize go on while the rest activates; the client
  // queues what is asked of it meanwhile (a notification sent before starts it), and reports a
  // failed start itself.
  let languageServerAsked = false;
  // The account's functions (fdl/cloudFunctions) known before the server starts: sent when it does.
  let cloudFunctionsBeforeStart: [method: string, params: unknown] | undefined;
  const startLanguageServer = (document: vscode.TextDocument): void => {
    if (document.languageId !== 'fdl' || languageServerAsked || languageClient.state !== State.Stopped) return;
    languageServerAsked = true;
    firstFlowOpened.dispose();
    void languageClient.start().catch(() => undefined);
    if (cloudFunctionsBeforeStart) void languageClient.sendNotification(...cloudFunctionsBeforeStart).catch(() => undefined);
  };
  const firstFlowOpened = vscode.workspace.onDidOpenTextDocument(startLanguageServer);
  vscode.workspace.textDocuments.forEach(startLanguageServer);
  context.subscriptions.push(firstFlowOpened, { dispose: () => void client?.stop() });

  const config = readConfig();
  context.subscriptions.push(registerFlowDetection(() => readConfig().detectFlowsInYaml));
  context.subscriptions.push(...registerFlowAuthoring(context));

  const runOutput = new RunOutput();
  const workspaceRoot = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const storeDir = workspaceRoot ? path.join(workspaceRoot, '.fdl', 'executions') : path.join(context.globalStorageUri.fsPath, 'executions');
  // Nothing of the engine exists until it is needed (client/local/lazy-engine.ts): activating on a
  // YAML file creates no store, takes no lock and starts no server.
  engine = new LazyEngine(storeDir, () =>
    startEngine(context, storeDir, runOutput).catch((e: unknown) => {
      void vscode.window.showErrorMessage(vscode.l10n.t('The embedded engine could not start: {0}', (e as Error).message));
      throw e;
    }),
  );
  const lazy = engine;
  const local = lazy.backend;
  context.subscriptions.push(runOutput, { dispose: () => void lazy.dispose() }, { dispose: local.onEvent((f, x, e) => runOutput.event(f, x, e)) });

  const selector = new BackendSelector(local, config.executionsBackend);
  const view = new ExecutionsView(selector.current, config.executionsMaxShown);
  const decorations = new StepDecorations(view, config.showStepDecorations);
  const codeLens = new RunFlowCodeLens(
    config.showCodeLens,
    (d) => recentInputsFor(context.workspaceState.get<RecentInputs>('flowStudio.recentInputs'), d.uri.toString()).length > 0,
  );
  const stepTestDocuments = new StepTestDocuments();
  // Several executions may be selected: Compare Executions takes two.
  const treeView = vscode.window.createTreeView(VIEW_IDS.executions, { treeDataProvider: view, showCollapseAll: true, canSelectMany: true });
  const coverageMarks = new CoverageMarks(context.extensionUri);
  // The graphs are registered below (they need the cloud); the after-run commands find them here.
  const graphs: { registered?: FlowGraphs } = {};
  context.subscriptions.push(
    selector,
    view,
    treeView,
    treeView.onDidChangeVisibility((e) => {
      view.setVisible(e.visible);
      openStoreIfShown(e.visible);
    }),
    // Started by anything (a run, the view shown): the view lists what the store holds.
    { dispose: lazy.onDidStart(() => void (selector.current.kind === 'local' && view.refresh())) },
    ...registerActivityStatus(view, treeView),
    decorations,
    coverageMarks,
    ...registerAfterRunCommands({ selector, view, marks: coverageMarks, flowNameOf: flowNameForDocument, graphs: () => graphs.registered }),
    selector.onDidChange((backend) => void view.show(backend)),
    vscode.languages.registerCodeLensProvider({ language: 'fdl' }, codeLens),
    ...registerFlowDebugging({
      engine: () => lazy.ensure(),
      pickInput: (document) =>
        pickRunInput(
          document.uri.fsPath,
          recentInputsFor(context.workspaceState.get<RecentInputs>('flowStudio.recentInputs'), document.uri.toString()),
          vscode.l10n.t('Debug {0}', vscode.workspace.asRelativePath(document.uri)),
        ),
      // As Run Flow does: the Executions view shows the engine, the editor the run's step statuses.
      onStarted: (flowPath, flowName, executionName) => {
        selector.prefer('local');
        decorations.follow(vscode.Uri.file(flowPath), { backendKind: 'local', flowName, executionName });
      },
      onProblem: (file, message) => runOutput.line('-', '-', undefined, `${vscode.workspace.asRelativePath(file)}: ${message}`),
    }),
    vscode.workspace.registerTextDocumentContentProvider(JSON_DOCUMENT_SCHEME, new JsonDocuments((kind) => selector.byKind(kind), view)),
    vscode.workspace.registerTextDocumentContentProvider(STEP_TEST_SCHEME, stepTestDocuments),
    onConfigChange((c) => {
      selector.prefer(c.executionsBackend);
      view.setMaxShown(c.executionsMaxShown);
      decorations.setEnabled(c.showStepDecorations);
      codeLens.setEnabled(c.showCodeLens);
      lazy.current?.setMaxEventsPerExecution(c.maxEventsPerExecution);
    }),
    ...registerCommands({
      context,
      selector,
      view,
      decorations,
      codeLens,
      runOutput,
      // An execution known by name was listed or started: the engine runs.
      flowPathOf: (flowName, executionName) => lazy.current?.flowPathOf({ flowName, executionName }),
      localExecutions: local,
      stepInvokers: async (flowPath) => (await lazy.ensure()).stepInvokers(flowPath),
      stepTestDocuments,
    }),
  );

  const cloud = registerCloudCommands(context, {
    // Sending would start the language server: before a flow is open it waits.
    sendNotification: (method, params) => {
      if (languageServerAsked) return languageClient.sendNotification(method, params);
      cloudFunctionsBeforeStart = [method, params];
    },
    // As Run Flow does for the engine: the view shows the cloud, the editor the run's step statuses.
    onExecutionStarted: (flowName, executionName, document) => {
      selector.prefer('cloud');
      decorations.follow(document, { backendKind: 'cloud', flowName, executionName });
    },
  });
  selector.setCloud(cloud.backend);
  context.subscriptions.push(cloud.onDidChange(() => selector.setCloud(cloud.backend)));
  // The graph follows the engine's runs once it has started (the lazy backend lists none before).
  const runSourcesChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    runSourcesChanged,
    cloud.onDidChange(() => runSourcesChanged.fire()),
    { dispose: lazy.onDidStart(() => runSourcesChanged.fire()) },
  );
  // The graph overlays runs of the open flow from the engine (named after the file) and the cloud
  // (named through flowStudio.cloud.flowNames, as Deploy and Start Execution name it).
  graphs.registered = registerFlowGraph(
    context,
    (document) => [
      { backend: lazy.current?.backend ?? openStoreFor(local), flowName: flowNameForDocument(document) },
      cloud.backend && { backend: cloud.backend, flowName: cloudFlowNameOf(document.uri, cloud.settings) },
    ],
    runSourcesChanged.event,
  );
  // Shown now or later over executions of earlier sessions: open the store to list them.
  function openStoreIfShown(visible: boolean): void {
    if (visible && !lazy.current && lazy.storeExists()) void lazy.ensure().catch(() => undefined);
  }
  function openStoreFor<T>(backend: T): T {
    openStoreIfShown(true);
    return backend;
  }
  openStoreIfShown(treeView.visible);
  // Scenario files in the Testing view (discovered when the view asks, or now for the gutter icons).
  const scenarioTests = new ScenarioTests(
    (line) => runOutput.line('-', '-', undefined, line),
    async () => (await lazy.ensure()).backend,
  );
  context.subscriptions.push(scenarioTests);
  void scenarioTests.discover();
  return {
    localBackend: local,
    engine: lazy,
    executionsView: view,
    scenarioTests,
    debugPauses: graphs.registered.pauses,
    activation: { evaluate: activateStart - bundleStart, activate: performance.now() - activateStart },
    serverCompileCache,
  };
}

/** The engine as this window runs it, with what its start has to say (the store owned elsewhere, a damaged log). */
async function startEngine(context: vscode.ExtensionContext, storeDir: string, runOutput: RunOutput): Promise<EmbeddedEngine> {
  const config = readConfig();
  const workspaceRoot = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const started = await startEmbeddedEngine({
    storeDir,
    fallbackStoreDir: path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'executions'),
    workspaceRoot,
    flowsDirs: workspaceRoot ? [workspaceRoot] : [],
    timeScale: config.runTimeScale,
    maxEventsPerExecution: config.maxEventsPerExecution,
    locale: toLocale(vscode.env.language),
    isTrusted: () => vscode.workspace.isTrusted,
    startApi: config.startLocalApi,
    onLog: (flowName, executionName, stepName, line) => runOutput.line(flowName, executionName, stepName, line),
    onProblem: (file, message) => runOutput.line('-', '-', undefined, `${vscode.workspace.asRelativePath(file)}: ${message}`),
    noInvokerCause,
  });
  if (started.storeOwnedBy !== undefined) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Another process ({0}) is running the executions in {1}; this window keeps its own local executions in {2}.',
        started.storeOwnedBy,
        vscode.workspace.asRelativePath(storeDir),
        started.storeDir,
      ),
    );
  }
  const damage = started.backend.storeDamage;
  if (damage.length) {
    // Damaged lines of the store's log (docs/store-format.md, "Damage"): said once per window.
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        '{0} is damaged at line {1}; those lines are kept in {2} and every other line was read. Unfinished executions that may have lost events there are shown as Failed and are not resumed.',
        vscode.workspace.asRelativePath(damage[0].file),
        damage.map((x) => x.line).join(', '),
        [...new Set(damage.map((x) => x.quarantine ?? x.file))].join(', '),
      ),
    );
  }
  return started;
}

export async function deactivate(): Promise<void> {
  await engine?.dispose();
  engine = undefined;
  await client?.stop();
}
