/**
 * Save as Test Scenario: a finished execution (local or cloud) written as a scenario file that
 * replays it without functions (engine/scenario-recording.ts), beside its flow unless the user
 * picks another place, then opened. The Testing view finds the new file through its watcher.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ScenarioRecordingError, scenarioFromExecution, scenarioText, type Backend } from '../../engine/index';
import { cloudFlowNameOf, readCloudSettings } from '../cloud/cloud-settings';

export interface SaveScenarioTarget {
  backend: Backend;
  flowName: string;
  executionName: string;
  /** The flow file a local execution ran (from its stored start). */
  flowPath?: string;
  /** Where to write, without asking (callers such as tests and keybindings). */
  target?: vscode.Uri;
}

export async function saveAsTestScenario(t: SaveScenarioTarget): Promise<vscode.Uri | undefined> {
  let summary;
  let history;
  try {
    summary = await t.backend.describeExecution(t.flowName, t.executionName);
    history = await t.backend.getExecutionHistory(t.flowName, t.executionName);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not read execution {0}: {1}', t.executionName, (e as Error).message));
    return undefined;
  }
  // Refused before anything is asked: a stopped or unfinished execution cannot replay.
  let recorded;
  try {
    recorded = scenarioFromExecution({ summary, history, flowFile: '', name: vscode.l10n.t('{0} as execution {1} ran', t.flowName, t.executionName) });
  } catch (e) {
    if (!(e instanceof ScenarioRecordingError)) throw e;
    void vscode.window.showWarningMessage(e.message);
    return undefined;
  }
  const flowPath = t.flowPath ?? (t.backend.kind === 'cloud' ? await localFlowFileOf(t.flowName) : undefined);
  if (!flowPath) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The flow file of {0} is not known.', t.executionName));
    return undefined;
  }
  const target =
    t.target ??
    (await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(freeName(path.dirname(flowPath), `${flowBase(flowPath)}.${summary.status.toLowerCase()}`)),
      filters: { [vscode.l10n.t('Test scenario')]: ['scenario.yaml', 'yaml', 'yml'] },
      title: vscode.l10n.t('Save {0} as a test scenario', t.executionName),
    }));
  if (!target) return undefined;
  recorded.flow = path.relative(path.dirname(target.fsPath), flowPath).split(path.sep).join('/');
  const text = scenarioText(recorded, [
    vscode.l10n.t(
      'Saved from execution {0} of {1} ({2}, {3}).',
      t.executionName,
      t.flowName,
      t.backend.kind === 'cloud' ? vscode.l10n.t('cloud') : vscode.l10n.t('embedded engine'),
      summary.startedTime,
    ),
    vscode.l10n.t('The mocks are its task results and callback reports, one per invocation; run it with `fdl test` or the Testing view.'),
  ]);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: false });
  return target;
}

/** A cloud flow's local file: the workspace flow file deployed under that name, else one the user picks. */
async function localFlowFileOf(flowName: string): Promise<string | undefined> {
  const settings = readCloudSettings();
  const files = await vscode.workspace.findFiles('**/*.{flow.yaml,flow.yml,yaml,yml}', '**/{node_modules,.git,.fdl}/**');
  const match =
    files.find((uri) => /\.flow\.ya?ml$/.test(uri.fsPath) && cloudFlowNameOf(uri, settings) === flowName) ??
    files.find((uri) => cloudFlowNameOf(uri, settings) === flowName && !/\.scenario\./.test(uri.fsPath));
  if (match) return match.fsPath;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Use this flow'),
    title: vscode.l10n.t('The flow file of {0}', flowName),
    filters: { YAML: ['yaml', 'yml'] },
  });
  return picked?.[0]?.fsPath;
}

function flowBase(flowPath: string): string {
  return path.basename(flowPath).replace(/(\.flow)?\.ya?ml$/i, '');
}

/** `<dir>/<base>.scenario.yaml`, numbered when that file exists. */
function freeName(dir: string, base: string): string {
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${base}${n > 1 ? `-${n}` : ''}.scenario.yaml`);
    if (!existsSync(file)) return file;
  }
}
