/** The extension's settings, read through one typed accessor (names match package.json `contributes.configuration`). */
import * as vscode from 'vscode';
import { maxEventsFrom } from '../engine/index';

export type BackendKind = 'local' | 'cloud';

export interface FlowStudioConfig {
  /** Switch YAML files whose top level has `type: flow` and `steps:` to the FDL language. */
  detectFlowsInYaml: boolean;
  /** Multiplies waits, retry back-off and timeouts of local runs (1 = real time, 0 = instant). */
  runTimeScale: number;
  /** The most events one local execution may have (the service's 5,000 unless raised; 0 = no limit). */
  maxEventsPerExecution: number;
  /** Serve the local FnF-compatible API on 127.0.0.1 so local functions can report callbacks. */
  startLocalApi: boolean;
  /** Which backend the Executions view shows. */
  executionsBackend: BackendKind;
  /** At most this many executions in the Executions view. */
  executionsMaxShown: number;
  /** Step statuses beside step names while a flow runs. */
  showStepDecorations: boolean;
  /** "Run Flow" CodeLens above `steps:`. */
  showCodeLens: boolean;
}

export function readConfig(): FlowStudioConfig {
  const c = vscode.workspace.getConfiguration('flowStudio');
  return {
    detectFlowsInYaml: c.get<boolean>('detectFlowsInYaml', true),
    runTimeScale: nonNegative(c.get<number>('run.timeScale', 1), 1),
    maxEventsPerExecution: maxEventsFrom(c.get<unknown>('engine.maxEventsPerExecution')),
    startLocalApi: c.get<boolean>('run.startLocalApi', true),
    executionsBackend: c.get<string>('executions.backend', 'local') === 'cloud' ? 'cloud' : 'local',
    executionsMaxShown: Math.max(1, Math.floor(nonNegative(c.get<number>('executions.maxShown', 100), 100))),
    showStepDecorations: c.get<boolean>('editor.stepStatus', true),
    showCodeLens: c.get<boolean>('editor.codeLens', true),
  };
}

export async function setExecutionsBackend(kind: BackendKind): Promise<void> {
  // A window with no folder has no workspace settings to write (VS Code refuses the update): the
  // backend selector's own preference is what shows it there.
  if (!vscode.workspace.workspaceFolders?.length && !vscode.workspace.workspaceFile) return;
  await vscode.workspace.getConfiguration('flowStudio').update('executions.backend', kind, vscode.ConfigurationTarget.Workspace);
}

/** Fires `listener` when any Flow Studio setting changes. */
export function onConfigChange(listener: (config: FlowStudioConfig) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('flowStudio')) listener(readConfig());
  });
}

function nonNegative(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
}
