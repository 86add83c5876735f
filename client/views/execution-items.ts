/** How each node of the Executions view looks: label, description, icon, tooltip, context value. */
import * as vscode from 'vscode';
import type { ExecutionStatus } from '../../engine/index';
import { elapsedMs, formatDuration, timeoutLeftMs, type DurationUnits } from '../model/durations';
import type { ExecutionNode, PendingCallback, ScopeNode, StepNode, StepVisitStatus } from '../model/execution-tree';
import { COMMAND_IDS } from '../command-ids';
import { executionContextValue } from './execution-deletion';

/** The group listing every callback still waiting. */
export interface CallbacksGroup {
  kind: 'callbacks';
}

export interface CallbackItem {
  kind: 'callback';
  callback: PendingCallback;
}

export type ExecutionsViewNode = ExecutionNode | StepNode | ScopeNode | CallbacksGroup | CallbackItem;

const TOOLTIP_JSON_LIMIT = 1500;

export function durationUnits(): DurationUnits {
  return { ms: vscode.l10n.t('ms'), s: vscode.l10n.t('s'), min: vscode.l10n.t('min'), h: vscode.l10n.t('h') };
}

export function executionStatusText(status: ExecutionStatus): string {
  switch (status) {
    case 'Starting':
      return vscode.l10n.t('Starting');
    case 'Running':
      return vscode.l10n.t('Running');
    case 'Succeeded':
      return vscode.l10n.t('Succeeded');
    case 'Failed':
      return vscode.l10n.t('Failed');
    case 'Stopped':
      return vscode.l10n.t('Stopped');
    case 'TimedOut':
      return vscode.l10n.t('Timed out');
  }
}

export function stepStatusText(status: StepVisitStatus | 'skipped'): string {
  switch (status) {
    case 'running':
      return vscode.l10n.t('running');
    case 'waiting':
      return vscode.l10n.t('waiting for callback');
    case 'succeeded':
      return vscode.l10n.t('succeeded');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'stopped':
      return vscode.l10n.t('stopped');
    case 'skipped':
      return vscode.l10n.t('skipped');
  }
}

export function stepStatusIcon(status: StepVisitStatus | 'skipped'): vscode.ThemeIcon {
  switch (status) {
    case 'running':
      return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    case 'waiting':
      return new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('charts.yellow'));
    case 'succeeded':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'stopped':
      return new vscode.ThemeIcon('debug-stop', new vscode.ThemeColor('disabledForeground'));
    case 'skipped':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
  }
}

function executionIcon(status: ExecutionStatus): vscode.ThemeIcon {
  switch (status) {
    case 'Starting':
    case 'Running':
      return stepStatusIcon('running');
    case 'Succeeded':
      return stepStatusIcon('succeeded');
    case 'Failed':
      return stepStatusIcon('failed');
    case 'Stopped':
      return stepStatusIcon('stopped');
    case 'TimedOut':
      return new vscode.ThemeIcon('watch', new vscode.ThemeColor('testing.iconFailed'));
  }
}

export function jsonBlock(value: unknown): string {
  let text = JSON.stringify(value, null, 2) ?? 'undefined';
  if (text.length > TOOLTIP_JSON_LIMIT) text = `${text.slice(0, TOOLTIP_JSON_LIMIT)}\n…`;
  return `\n\`\`\`json\n${text.replace(/```/g, '`\u200b``')}\n\`\`\`\n`;
}

/** Step details as markdown: shared by tree tooltips and editor hovers. */
export function stepMarkdown(step: StepNode, extra = ''): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escape(step.stepName)}** — ${stepStatusText(step.status)}`);
  if (step.attempts > 1) md.appendMarkdown(` · ${vscode.l10n.t('{0} attempts', step.attempts)}`);
  md.appendMarkdown('\n\n');
  if (step.input !== undefined) md.appendMarkdown(`${vscode.l10n.t('Input')}:${jsonBlock(step.input)}`);
  if (step.output !== undefined) md.appendMarkdown(`${vscode.l10n.t('Output')}:${jsonBlock(step.output)}`);
  if (step.error) md.appendMarkdown(`${vscode.l10n.t('Error')}: ${codeSpan(step.error)}\n\n`);
  if (step.cause) md.appendMarkdown(`${vscode.l10n.t('Cause')}: ${escape(step.cause)}\n\n`);
  if (extra) md.appendMarkdown(extra);
  return md;
}

export function executionItem(node: ExecutionNode, backendKind: string, now: number): vscode.TreeItem {
  const item = new vscode.TreeItem(node.flowName, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${backendKind}:${node.id}`;
  const started = new Date(node.startedTime);
  const when = Number.isNaN(started.getTime()) ? node.startedTime : started.toLocaleString(vscode.env.language);
  // A failed run says why at a glance; the tooltip has the cause too.
  const outcome = node.error && node.status !== 'Succeeded' ? `${executionStatusText(node.status)}: ${node.error}` : executionStatusText(node.status);
  item.description = `${outcome} · ${when} · ${formatDuration(elapsedMs(node.startedTime, node.stoppedTime, now), durationUnits())}`;
  item.iconPath = executionIcon(node.status);
  item.contextValue = executionContextValue(node.status);
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escape(node.flowName)}** / ${codeSpan(node.executionName)} — ${executionStatusText(node.status)}\n\n`);
  if (node.input !== undefined) md.appendMarkdown(`${vscode.l10n.t('Input')}:${jsonBlock(node.input)}`);
  if (node.output !== undefined) md.appendMarkdown(`${vscode.l10n.t('Output')}:${jsonBlock(node.output)}`);
  if (node.error) md.appendMarkdown(`${vscode.l10n.t('Error')}: ${codeSpan(node.error)}\n\n`);
  if (node.cause) md.appendMarkdown(`${vscode.l10n.t('Cause')}: ${escape(node.cause)}\n\n`);
  item.tooltip = md;
  return item;
}

export function stepItem(node: StepNode, backendKind: string, now: number): vscode.TreeItem {
  const item = new vscode.TreeItem(node.stepName, node.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `${backendKind}:${node.id}`;
  const status = node.status === 'failed' && node.error ? `${stepStatusText(node.status)}: ${node.error}` : stepStatusText(node.status);
  const parts = [status, formatDuration(elapsedMs(node.enteredTime, node.endedTime, now), durationUnits())];
  if (node.attempts > 1) parts.push(vscode.l10n.t('{0} attempts', node.attempts));
  item.description = parts.join(' · ');
  item.iconPath = stepStatusIcon(node.status);
  item.tooltip = stepMarkdown(node);
  item.contextValue = node.status === 'waiting' ? 'step.waiting' : 'step';
  item.command = { command: COMMAND_IDS.openStepData, title: vscode.l10n.t('Open Step Input and Output'), arguments: [node] };
  return item;
}

export function scopeItem(node: ScopeNode, backendKind: string): vscode.TreeItem {
  const label = node.kind === 'branch' ? vscode.l10n.t('Branch {0}', node.index) : vscode.l10n.t('Iteration {0}', node.index);
  const item = new vscode.TreeItem(label, node.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `${backendKind}:${node.id}`;
  item.iconPath = new vscode.ThemeIcon(node.kind === 'branch' ? 'split-horizontal' : 'list-ordered');
  item.description = node.done ? '' : stepStatusText('running');
  if (node.input !== undefined) item.tooltip = new vscode.MarkdownString(`${vscode.l10n.t('Input')}:${jsonBlock(node.input)}`);
  item.contextValue = 'scope';
  return item;
}

export function callbacksGroupItem(count: number, backendKind: string): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Waiting for callback'), vscode.TreeItemCollapsibleState.Expanded);
  item.id = `${backendKind}:callbacks`;
  item.description = String(count);
  item.iconPath = new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('charts.yellow'));
  item.contextValue = 'callbacks';
  return item;
}

export function callbackItem(c: PendingCallback, backendKind: string, now: number): vscode.TreeItem {
  const item = new vscode.TreeItem(c.stepName, vscode.TreeItemCollapsibleState.None);
  item.id = `${backendKind}:callback:${c.stepId}`;
  const units = durationUnits();
  const parts = [`${c.flowName} / ${c.executionName}`, vscode.l10n.t('waiting {0}', formatDuration(elapsedMs(c.scheduledTime, undefined, now), units))];
  const left = timeoutLeftMs(c.scheduledTime, c.timeoutSeconds, now);
  if (left !== undefined) parts.push(vscode.l10n.t('{0} until timeout', formatDuration(left, units)));
  item.description = parts.join(' · ');
  item.iconPath = new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('charts.yellow'));
  const md = new vscode.MarkdownString(`**${escape(c.stepName)}** — ${vscode.l10n.t('waiting for callback')}\n\n${escape(c.flowName)} / ${codeSpan(c.executionName)}\n\n`);
  if (c.input !== undefined) md.appendMarkdown(`${vscode.l10n.t('Task input')}:${jsonBlock(c.input)}`);
  item.tooltip = md;
  item.contextValue = 'callback';
  return item;
}

/** Inline code: markdown escapes are literal inside it, so only backticks need replacing. */
function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
