/**
 * Debugging flows in VS Code: the `flow` debug type (package.json `contributes.debuggers`), its
 * adapter run inline in the extension host over the embedded engine (debug/flow-debug-session.ts;
 * the engine is asynchronous, so the UI never waits on it), F5 on an open flow without a
 * launch.json, and the Debug Flow command (editor title, CodeLens, palette). Step Into a task whose
 * function runs locally: the adapter asks for a child session attaching VS Code's JavaScript
 * debugger to the function's process (debug/function-attach.ts), which VS Code starts with the
 * `flow` type; the provider hands it to the Node.js debugger.
 */
import * as vscode from 'vscode';
import { FlowDebugSession } from '../../debug/flow-debug-session';
import { NODE_DEBUG_TYPE, STEP_INTO_MARK } from '../../debug/function-attach';
import { toLocale } from '../../fdl/messages';
import { COMMAND_IDS } from '../command-ids';
import type { EmbeddedEngine } from '../local/embedded-engine';
import { embeddedRunHost } from '../local/debug-run-host';
import { scenarioExecutionInvokers } from '../local/scenario-invokers';
import { noInvokerCause } from './no-invoker-cause';

export const FLOW_DEBUG_TYPE = 'flow';

/** VS Code's JavaScript debugger, built in: it debugs the functions Step Into reaches. */
const JS_DEBUG_EXTENSION = 'ms-vscode.js-debug';

export interface FlowDebuggingDeps {
  /** The embedded engine, started if it was not (a failed start rejects, saying why). */
  engine(): Promise<EmbeddedEngine>;
  /** The input of a debug started from the editor (Debug Flow, F5): Run Flow's picker; undefined when cancelled. */
  pickInput(document: vscode.TextDocument): Promise<string | undefined>;
  /** A debugged execution started: the views follow it as they follow a run. */
  onStarted(flowPath: string, flowName: string, executionName: string): void;
  /** A problem reading a debugged scenario's s.yaml, for the run's output channel. */
  onProblem(file: string, message: string): void;
}

export function registerFlowDebugging(deps: FlowDebuggingDeps): vscode.Disposable[] {
  const provider: vscode.DebugConfigurationProvider = {
    provideDebugConfigurations: () => [launchConfiguration('${file}')],
    // F5 with no launch.json (or a configuration naming no flow): the flow in the active editor,
    // with an input picked as Run Flow picks it unless the configuration gives one.
    async resolveDebugConfiguration(_folder, config) {
      if (config.request === 'attach' && config[STEP_INTO_MARK]) return functionAttach(config);
      if (config.program) return config;
      const document = vscode.window.activeTextEditor?.document;
      if (document?.languageId !== 'fdl' || document.uri.scheme !== 'file') {
        void vscode.window.showErrorMessage(vscode.l10n.t('Open a flow file to debug it, or name one in "program" in launch.json.'));
        return undefined;
      }
      const given = config.input !== undefined || config.inputFile !== undefined;
      const input = given ? undefined : await deps.pickInput(document);
      if (!given && input === undefined) return undefined;
      return { ...config, ...launchConfiguration(document.uri.fsPath, input), ...(config.name ? { name: config.name } : {}) };
    },
  };
  const factory: vscode.DebugAdapterDescriptorFactory = {
    async createDebugAdapterDescriptor() {
      const running = await deps.engine();
      const locale = toLocale(vscode.env.language);
      const host = embeddedRunHost(running, {
        trusted: () => vscode.workspace.isTrusted,
        locale,
        onStarted: deps.onStarted,
        // As the Testing view's Run builds them (views/scenario-tests.ts).
        scenarioInvokers: (scenarioPath, scenario, report) =>
          scenarioExecutionInvokers({
            scenario,
            report,
            trusted: vscode.workspace.isTrusted,
            workspaceRoot: vscode.workspace.getWorkspaceFolder(vscode.Uri.file(scenarioPath))?.uri.fsPath,
            locale,
            noInvokerCause: (inv) => noInvokerCause(inv, scenario.flowPath),
            onProblem: deps.onProblem,
          }),
      });
      // @vscode/debugadapter's session speaks vscode.DebugAdapter's shape (handleMessage, onDidSendMessage).
      return new vscode.DebugAdapterInlineImplementation(new FlowDebugSession(host) as unknown as vscode.DebugAdapter);
    },
  };
  return [
    vscode.debug.registerDebugConfigurationProvider(FLOW_DEBUG_TYPE, provider),
    vscode.debug.registerDebugConfigurationProvider(FLOW_DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(FLOW_DEBUG_TYPE, factory),
    vscode.commands.registerCommand(COMMAND_IDS.debugFlow, (uri?: vscode.Uri, options?: { input?: string }) => debugFlow(deps, uri, options)),
  ];
}

/** Step Into's child session (VS Code gave it the parent's type): the Node.js debugger's attach, when it is there. */
function functionAttach(config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
  if (!vscode.extensions.getExtension(JS_DEBUG_EXTENSION)) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        "Step Into a task's function needs VS Code's JavaScript debugger ({0}), which is not installed or is disabled; the function runs without it.",
        JS_DEBUG_EXTENSION,
      ),
    );
    return undefined;
  }
  return { ...config, type: NODE_DEBUG_TYPE };
}

/** Debug Flow: the flow given (or the active editor's), with the input given or picked. */
async function debugFlow(deps: FlowDebuggingDeps, uri: vscode.Uri | undefined, options?: { input?: string }): Promise<boolean> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== 'fdl' || document.uri.scheme !== 'file') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a flow file to debug it, or name one in "program" in launch.json.'));
    return false;
  }
  const input = options?.input ?? (await deps.pickInput(document));
  if (input === undefined) return false;
  // The adapter reads the file: what is debugged is what the breakpoints are set in.
  if (document.isDirty) await document.save();
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(document.uri), launchConfiguration(document.uri.fsPath, input));
}

function launchConfiguration(program: string, input?: string): vscode.DebugConfiguration {
  return { type: FLOW_DEBUG_TYPE, request: 'launch', name: vscode.l10n.t('Debug Flow'), program, ...(input !== undefined ? { input } : {}) };
}
