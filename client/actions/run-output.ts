/**
 * The "Flow Studio: Runs" output channel: each local execution's start, its steps' ends, every
 * task log line (function stdout/stderr, retries, mocks) and its result, prefixed by time,
 * execution and step.
 */
import * as vscode from 'vscode';
import { type HistoryEvent, endedStatus } from '../../engine/index';
import { eventDetail } from '../model/event-detail';
import { executionStatusText, stepStatusText } from '../views/execution-items';

export class RunOutput implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel(vscode.l10n.t('Flow Studio: Runs'));

  line(flowName: string, executionName: string, stepName: string | undefined, text: string): void {
    const time = new Date().toISOString().slice(11, 23);
    this.channel.appendLine(`${time} [${flowName}/${executionName}]${stepName ? ` ${stepName}:` : ''} ${text}`);
  }

  /** The events worth a line: the execution's start and end, each step's end. */
  event(flowName: string, executionName: string, e: HistoryEvent): void {
    const d = eventDetail(e);
    switch (e.type) {
      case 'ExecutionStarted':
        return this.line(flowName, executionName, undefined, vscode.l10n.t('started with input {0}', JSON.stringify(d.input ?? {})));
      case 'StepSucceeded':
      case 'StateSucceeded':
        return this.line(flowName, executionName, e.stepName, stepStatusText('succeeded'));
      case 'StepFailed':
      case 'StateFailed':
        return this.line(flowName, executionName, e.stepName, vscode.l10n.t('failed: {0} {1}', String(d.error ?? ''), String(d.cause ?? '')));
      case 'StateTimedOut':
        return this.line(flowName, executionName, e.stepName, vscode.l10n.t('timed out: {0} {1}', String(d.error ?? ''), String(d.cause ?? '')));
      case 'StateAborted':
        return this.line(flowName, executionName, e.stepName, vscode.l10n.t('aborted: {0} {1}', String(d.error ?? ''), String(d.cause ?? '')));
      case 'TaskScheduled':
        // Both dialects: a StateMachine WaitForCustomCallback is recorded with this pattern.
        if (d.pattern === 'waitForCallback') this.line(flowName, executionName, e.stepName, vscode.l10n.t('waiting for a callback (approve or reject it in the Executions view)'));
        return;
      case 'DataEdited': {
        // A change made in the debugger while the step was paused (engine/debug/).
        const changes = Array.isArray(d.changes) ? (d.changes as { variable?: string; path?: string; value?: unknown }[]) : [];
        const text = changes.map((c) => `${c.variable ?? ''}${c.path ? `.${c.path}` : ''} = ${JSON.stringify(c.value)}`).join(', ');
        return this.line(flowName, executionName, e.stepName, vscode.l10n.t('changed in the debugger before the step started: {0}', text));
      }
      case 'ExecutionSucceeded':
        return this.line(flowName, executionName, undefined, vscode.l10n.t('Succeeded with output {0}', JSON.stringify(d.output ?? {})));
      case 'ExecutionFailed':
      case 'ExecutionTimedOut':
      case 'ExecutionStopped':
        return this.line(flowName, executionName, undefined, `${executionStatusText(endedStatus(e.type) ?? 'Failed')}: ${String(d.error ?? '')} ${String(d.cause ?? '')}`);
    }
  }

  dispose(): void {
    this.channel.dispose();
  }
}
