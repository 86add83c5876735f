/**
 * One local run of an open flow document: start it on the embedded engine, show its step
 * statuses in the editor, and keep a progress notification (cancellable = Stop) until it ends or
 * waits for a callback, then say how it ended with a way to its history.
 */
import * as vscode from 'vscode';
import { type Backend, type ExecutionSummary, type HistoryEvent, FlowInvalidError, endedStatus } from '../../engine/index';
import { COMMAND_IDS } from '../command-ids';
import { countingNodes } from '../model/activity';
import { eventDetail } from '../model/event-detail';
import { executionTreeFromHistory } from '../model/execution-tree';
import { localFlowName } from '../model/local-flow-name';
import { executionStatusText } from '../views/execution-items';

export interface FlowRunTarget {
  document: vscode.TextDocument;
  input: string;
}

export interface StartedRun {
  flowName: string;
  executionName: string;
  /** Wait steps that may last long (model/long-waits.ts): entering one closes the progress too. */
  longWaits?: ReadonlySet<string>;
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
      const first = e.diagnostics[0];
      await showRunBlocked(flowName, { count: e.diagnostics.length, first: first && { line: target.document.positionAt(first.span.start).line + 1, message: first.message } });
      return undefined;
    }
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} did not start: {1}', flowName, (e as Error).message));
    return undefined;
  }
}

/** Says why a flow cannot run (how many errors, the first with its line) and offers the Problems panel. */
export async function showRunBlocked(flowName: string, blockers: { count: number; first?: { line: number; message: string } }): Promise<void> {
  const { count, first } = blockers;
  const text = !first
    ? count === 1
      ? vscode.l10n.t('{0} cannot run: it has an error. Fix it first.', flowName)
      : vscode.l10n.t('{0} cannot run: it has {1} errors. Fix them first.', flowName, count)
    : count === 1
      ? vscode.l10n.t('{0} cannot run: it has an error, at line {1}: {2} Fix it first.', flowName, first.line, first.message)
      : vscode.l10n.t('{0} cannot run: it has {1} errors; the first, at line {2}: {3} Fix them first.', flowName, count, first.line, first.message);
  const show = vscode.l10n.t('Show Problems');
  const answer = await vscode.window.showErrorMessage(text, show);
  if (answer === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
}

/**
 * A progress notification following the execution (cancelling stops it) until it ends, starts
 * waiting for a callback or enters a long wait step: a wait may last a day, and the status bar and
 * the Executions view say it meanwhile. The end is announced either way.
 */
export function followRun(backend: Backend, run: StartedRun): Thenable<void> {
  let ended = false;
  let waiting = false;
  let closeProgress: () => void = () => undefined;
  const finish = (e?: HistoryEvent) => {
    if (ended) return;
    ended = true;
    unsubscribe();
    closeProgress();
    if (e) void announceEnd(run, e);
  };
  let report: (message: string) => void = () => undefined;
  const unsubscribe = backend.onEvent((flowName, executionName, e) => {
    if (flowName !== run.flowName || executionName !== run.executionName) return;
    if ((e.type === 'StepEntered' || e.type === 'StateEntered') && e.stepName) report(vscode.l10n.t('Step {0}', e.stepName));
    const longWait = (e.type === 'StepEntered' || e.type === 'StateEntered') && !!e.stepName && !!run.longWaits?.has(e.stepName);
    if (longWait || (e.type === 'TaskScheduled' && eventDetail(e).pattern === 'waitForCallback')) {
      waiting = true;
      closeProgress();
    }
    if (endedStatus(e.type)) finish(e);
  });
  // It may have ended (a flow of pass steps is instant) or started waiting before we subscribed.
  void backend
    .describeExecution(run.flowName, run.executionName)
    .then(
      async (s) => {
        if (s.status !== 'Running' && s.status !== 'Starting')
          return finish({
            eventId: 0,
            type: `Execution${s.status}`,
            time: s.stoppedTime ?? '',
            eventDetail: JSON.stringify({ output: safeJson(s.output), error: s.error, cause: s.cause }),
          });
        const history = await backend.getExecutionHistory(run.flowName, run.executionName);
        const tree = executionTreeFromHistory(s, history);
        const inLongWait = countingNodes([tree.root]).some((n) => n.kind === 'step' && !!run.longWaits?.has(n.stepName));
        if (inLongWait || tree.pendingCallbacks().length) {
          waiting = true;
          closeProgress();
        }
      },
      () => finish(),
    )
    .catch(() => undefined);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Running {0}', run.flowName), cancellable: true },
    (progress, token) =>
      new Promise<void>((resolve) => {
        if (ended || waiting) return resolve();
        closeProgress = resolve;
        report = (message) => progress.report({ message });
        token.onCancellationRequested(() => {
          void backend.stopExecution(run.flowName, run.executionName, 'Stopped', vscode.l10n.t('Stopped from VS Code')).catch(() => undefined);
        });
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
