/**
 * Replay in Debugger: a finished execution's history (local, or cloud through GetExecutionHistory)
 * written to a file and stepped through in a `flow` debug session launched with `replay`
 * (debug/flow-debug-session.ts), forwards and backwards, without running anything. Steps map to
 * lines of the flow it ran: a local execution's file; for a cloud execution the workspace file that
 * deploys as its flow, else the definition it ran (DescribeExecution), opened read-only in a cloud
 * document and handed to the adapter as the launch's `definition`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MAX_DOCUMENT_BYTES, readUtf8TextOrWhy, type Backend } from '../../engine/index';
import type { CloudBackend } from '../cloud/cloud-backend';
import { showCloudError } from '../cloud/cloud-commands';
import { CLOUD_DOCUMENT_SCHEME, executionDefinitionPath } from '../cloud/cloud-document-paths';
import { readCloudSettings } from '../cloud/cloud-settings';
import { localFlowFiles } from '../cloud/local-flow-files';
import { FLOW_DEBUG_TYPE } from './flow-debug';

export interface ReplayTarget {
  backend: Backend;
  flowName: string;
  executionName: string;
  /** The flow file a local execution ran (from its stored start). */
  flowPath?: string;
}

/** What the session binds steps to: a flow file, or a read-only document's URI with its text. */
interface ReplayProgram {
  program: string;
  definition?: string;
}

/** Starts the replay session; false (with a message shown) when it cannot. */
export async function replayInDebugger(t: ReplayTarget): Promise<boolean> {
  const program = t.backend.kind === 'cloud' ? await cloudProgram(t.backend as CloudBackend, t) : localProgram(t);
  if (!program) return false;
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
    program: program.program,
    ...(program.definition !== undefined ? { definition: program.definition } : {}),
    replay: file,
  });
  if (!started) {
    cleanup.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  return started;
}

function localProgram(t: ReplayTarget): ReplayProgram | undefined {
  if (t.flowPath) return { program: t.flowPath };
  void vscode.window.showWarningMessage(vscode.l10n.t('The flow file of {0} is not known.', t.executionName));
  return undefined;
}

/**
 * A cloud execution's flow: the workspace file deployed under its name (breakpoints set there
 * bind; a file that differs from what the execution ran is said to, since steps match by name),
 * else the definition it ran, read-only.
 */
async function cloudProgram(backend: CloudBackend, t: ReplayTarget): Promise<ReplayProgram | undefined> {
  let definition: string | undefined;
  try {
    definition = await backend.executionDefinition(t.flowName, t.executionName);
  } catch (e) {
    void showCloudError(e);
    return undefined;
  }
  const local = (await localFlowFiles(t.flowName, readCloudSettings().flowNames))[0];
  if (local) {
    if (definition !== undefined && !sameText(readText(local.fsPath), definition))
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          '{0} differs from the definition execution {1} ran; the replay matches its steps to the file by name.',
          vscode.workspace.asRelativePath(local, false),
          t.executionName,
        ),
      );
    return { program: local.fsPath };
  }
  if (definition === undefined) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The definition execution {0} ran is not known, and no workspace file deploys as {1}.', t.executionName, t.flowName));
    return undefined;
  }
  const uri = vscode.Uri.from({ scheme: CLOUD_DOCUMENT_SCHEME, path: executionDefinitionPath(backend.region, t.flowName, t.executionName) });
  // Open before the session starts, so breakpoints can be set in it while replaying.
  await vscode.window.showTextDocument(uri, { preview: true });
  return { program: uri.toString(), definition };
}

/** The workspace file's text, read bounded (a FIFO or a link to a device would block or fill the extension host); undefined when it cannot be. */
function readText(file: string): string | undefined {
  const read = readUtf8TextOrWhy(file, MAX_DOCUMENT_BYTES);
  return 'text' in read ? read.text : undefined;
}

function sameText(a: string | undefined, b: string): boolean {
  return a !== undefined && a.replace(/\r\n/g, '\n').trim() === b.replace(/\r\n/g, '\n').trim();
}
