/**
 * One local run of an open flow document: start it on the embedded engine, show its step
 * statuses in the editor, and keep a progress notification (cancellable = Stop) until it ends,
 * then say how it ended with a way to its history.
 */
import * as vscode from 'vscode';
import { type Backend, type ExecutionSummary, type HistoryEvent, FlowInvalidError, endedStatus } from '../../engine/index';
import { COMMAND_IDS } from '../command-ids';
import { eventDetail } from '../model/event-detail';
import { localFlowName } from '../model/local-flow-name';
import { executionStatusText } from '../views/execution-items';

export interface FlowRunTarget {
  document: vscode.TextDocument;
  input: string;
}

export interface StartedRun {
  flowName: string;
  executionName: string;
}

/** A valid flow name from the file name (letters, digits, _ and -, starting with a letter or _). */
export function flowNameForDocument(document: vscode.TextDocument): string {
  return localFlowName(document.uri.path);
}

export async function startFlowRun(backend: Backend, target: FlowRunTarget): Promise<ExecutionSummary | undefined> {
  const flowName = flowNameForDocument(target.document);
  try {
    return await backend.startExecution({
      flowName,
      definition: target.document.getText(),
      flowPath: target.document.uri.scheme === 'file' ? target.document.uri.fsPath : undefined,
      input: target.input,
    });
  } catch (e) {
    if (e instanceof FlowInvalidError) {
      const show = vscode.l10n.t('Show Problems');
      const answer = await vscode.window.showErrorMessage(vscode.l10n.t('{0} cannot run: it has {1} error(s). Fix them first.', flowName, e.diagnostics.length), show);
      if (answer === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
      return undefined;
    }
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} did not start: {1}', flowName, (e as Error).message));
    return undefined;
  }
}

/** A progress notification following the execution until it ends; cancelling stops it. */
export function followRun(backend: Backend, run: StartedRun): Thenable<void> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Running {0}', run.flowName), cancellable: true },
    (progress, token) =>
      new Promise<void>((resolve) => {
        let ended = false;
        const finish = (e?: HistoryEvent) => {
          if (ended) return;
          ended = true;
          unsubscribe();
          resolve();
          if (e) void announceEnd(run, e);
        };
        const unsubscribe = backend.onEvent((flowName, executionName, e) => {
          if (flowName !== run.flowName || executionName !== run.executionName) return;
          if ((e.type === 'StepEntered' || e.type === 'StateEntered') && e.stepName) progress.report({ message: vscode.l10n.t('Step {0}', e.stepName) });
          if (e.type === 'TaskScheduled' && eventDetail(e).pattern === 'waitForCallback')
            progress.report({ message: vscode.l10n.t('{0} is waiting for a callback: approve or reject it in the Executions view or the editor.', e.stepName ?? '') });
          if (endedStatus(e.type)) finish(e);
        });
        token.onCancellationRequested(() => {
          void backend.stopExecution(run.flowName, run.executionName, 'Stopped', vscode.l10n.t('Stopped from VS Code')).catch(() => undefined);
        });
        // It may have ended before we subscribed (a flow of pass steps is instant).
        void backend.describeExecution(run.flowName, run.executionName).then(
          (s) => {
            if (s.status !== 'Running' && s.status !== 'Starting')
              finish({
                eventId: 0,
                type: `Execution${s.status}`,
                time: s.stoppedTime ?? '',
                eventDetail: JSON.stringify({ output: safeJson(s.output), error: s.error, cause: s.cause }),
              });
          },
          () => finish(),
        );
      }),
  );
}

async function announceEnd(run: StartedRun, e: HistoryEvent): Promise<void> {
  const d = eventDetail(e);
  const history = vscode.l10n.t('Open History');
  const output = vscode.l10n.t('Show Output');
  const args = { flowName: run.flowName, executionName: run.executionName, backend: 'local' };
  let answer: string | undefined;
  if (e.type === 'ExecutionSucceeded') answer = await vscode.window.showInformationMessage(vscode.l10n.t('{0} succeeded.', run.flowName), history, output);
  else if (e.type === 'ExecutionStopped') answer = await vscode.window.showInformationMessage(vscode.l10n.t('{0} was stopped.', run.flowName), history);
  else {
    const status = executionStatusText(endedStatus(e.type) ?? 'Failed');
    const reason = [d.error, d.cause]
      .filter((v) => v !== undefined && v !== '')
      .map(String)
      .join(' ');
    const text = reason ? vscode.l10n.t('{0} ended: {1}. {2}', run.flowName, status, reason) : vscode.l10n.t('{0} ended: {1}.', run.flowName, status);
    answer = await vscode.window.showErrorMessage(text, history, output);
  }
  if (answer === history) void vscode.commands.executeCommand(COMMAND_IDS.openExecutionHistory, args);
  if (answer === output) void vscode.commands.executeCommand(COMMAND_IDS.showRunOutput);
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
