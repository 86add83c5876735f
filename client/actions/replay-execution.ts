/**
 * Replay in Debugger: a finished local execution's history written to a file and stepped through
 * in a `flow` debug session launched with `replay` (debug/flow-debug-session.ts), forwards and
 * backwards, without running anything.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Backend } from '../../engine/index';
import { FLOW_DEBUG_TYPE } from './flow-debug';

export interface ReplayTarget {
  backend: Backend;
  flowName: string;
  executionName: string;
  /** The flow file the execution ran (from its stored start). */
  flowPath?: string;
}

/** Starts the replay session; false (with a message shown) when it cannot. */
export async function replayInDebugger(t: ReplayTarget): Promise<boolean> {
  if (!t.flowPath) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The flow file of {0} is not known.', t.executionName));
    return false;
  }
  let events;
  try {
    events = await t.backend.getExecutionHistory(t.flowName, t.executionName);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not read execution {0}: {1}', t.executionName, (e as Error).message));
    return false;
  }
  // The adapter reads a history file, the same launch a person can write in launch.json.
  const dir = mkdtempSync(path.join(tmpdir(), 'flow-replay-'));
  const file = path.join(dir, `${t.flowName}.${t.executionName}.history.json`);
  writeFileSync(file, JSON.stringify({ events }));
  // The file is the session's alone: removed when it ends (or if it never starts).
  const cleanup = vscode.debug.onDidTerminateDebugSession((s) => {
    if (s.configuration.replay !== file) return;
    cleanup.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const started = await vscode.debug.startDebugging(undefined, {
    type: FLOW_DEBUG_TYPE,
    request: 'launch',
    name: vscode.l10n.t('Replay {0}', t.executionName),
    program: t.flowPath,
    replay: file,
  });
  if (!started) {
    cleanup.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  return started;
}
