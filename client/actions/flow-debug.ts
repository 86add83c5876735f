/**
 * Debugging flows in VS Code: the `flow` debug type (package.json `contributes.debuggers`), its
 * adapter run inline in the extension host over the embedded engine (debug/flow-debug-session.ts;
 * the engine is asynchronous, so the UI never waits on it), F5 on an open flow without a
 * launch.json, and the Debug Flow command (editor title, CodeLens, palette).
 */
import * as vscode from 'vscode';
import { FlowDebugSession } from '../../debug/flow-debug-session';
import { toLocale } from '../../fdl/messages';
import { COMMAND_IDS } from '../command-ids';
import type { EmbeddedEngine } from '../local/embedded-engine';
import { embeddedRunHost } from '../local/debug-run-host';
import { scenarioExecutionInvokers } from '../local/scenario-invokers';
import { noInvokerCause } from './no-invoker-cause';

export const FLOW_DEBUG_TYPE = 'flow';

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
