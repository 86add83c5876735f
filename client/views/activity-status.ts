/**
 * The status bar item shown while executions of the Executions view's backend run or wait for a
 * callback: their counts, and a click that opens the waiting callbacks (the "Waiting for callback"
 * group of the view, revealed and selected). Hidden when nothing runs.
 */
import * as vscode from 'vscode';
import { COMMAND_IDS, VIEW_IDS } from '../command-ids';
import { activityCounts, type ActivityCounts } from '../model/activity';
import type { ExecutionsViewNode } from './execution-items';
import type { ExecutionsView } from './executions-view';

export function registerActivityStatus(view: ExecutionsView, treeView: vscode.TreeView<ExecutionsViewNode>): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('flowStudio.activity', vscode.StatusBarAlignment.Left, 40);
  item.name = vscode.l10n.t('Flow Studio executions');
  item.command = COMMAND_IDS.showWaitingCallbacks;
  let shown = '';
  const update = () => {
    const counts = activityCounts(view.executionsModel.executions(), view.pendingCallbacks());
    const text = statusText(counts);
    if (text === shown) return;
    shown = text;
    if (!text) return item.hide();
    item.text = text;
    item.tooltip = statusTooltip(counts);
    item.show();
  };
  update();
  return [
    item,
    view.onDidChangeTreeData(update),
    vscode.commands.registerCommand(COMMAND_IDS.showWaitingCallbacks, async () => {
      const group = view.callbacksGroup();
      if (group) await treeView.reveal(group, { select: true, focus: true, expand: true });
      else await vscode.commands.executeCommand(`${VIEW_IDS.executions}.focus`);
    }),
  ];
}

function statusText({ running, waiting }: ActivityCounts): string {
  const parts: string[] = [];
  if (running) parts.push(`$(sync~spin) ${vscode.l10n.t('{0} running', running)}`);
  if (waiting) parts.push(`$(bell-dot) ${vscode.l10n.t('{0} waiting', waiting)}`);
  return parts.join('  ');
}

function statusTooltip({ running, waiting }: ActivityCounts): string {
  const lines: string[] = [];
  if (running) lines.push(running === 1 ? vscode.l10n.t('1 execution running') : vscode.l10n.t('{0} executions running', running));
  if (waiting) lines.push(waiting === 1 ? vscode.l10n.t('1 execution waiting for a callback') : vscode.l10n.t('{0} executions waiting for a callback', waiting));
  lines.push(vscode.l10n.t('Click to open the waiting callbacks'));
  return lines.join('\n');
}
