/**
 * Step statuses in the editor: after each step's name, the status of the latest run started from
 * that document (running, waiting for callback, succeeded, failed, skipped), with a hover giving
 * the step's input and output and, for a waiting callback, Approve / Reject links.
 * Placement is computed by client/model/step-marks.ts; this module only draws.
 */
import * as vscode from 'vscode';
import { parseFlow, type ParsedFlow } from '../../fdl/parse';
import { COMMAND_IDS } from '../command-ids';
import { stepMarks, type StepMarkStatus } from '../model/step-marks';
import { stepMarkdown, stepStatusText } from './execution-items';
import type { ExecutionsView } from './executions-view';

// Glyphs every common editor font has (⏸ and ⟳ render as boxes in some).
const STATUS_STYLE: Record<StepMarkStatus, { symbol: string; color: string }> = {
  running: { symbol: '↻', color: 'charts.blue' },
  waiting: { symbol: '●', color: 'charts.yellow' },
  succeeded: { symbol: '✓', color: 'testing.iconPassed' },
  failed: { symbol: '✗', color: 'testing.iconFailed' },
  stopped: { symbol: '■', color: 'disabledForeground' },
  skipped: { symbol: '–', color: 'disabledForeground' },
};

interface FollowedRun {
  backendKind: string;
  flowName: string;
  executionName: string;
}

export class StepDecorations implements vscode.Disposable {
  private readonly types = new Map<StepMarkStatus, vscode.TextEditorDecorationType>();
  private readonly followed = new Map<string, FollowedRun>();
  private readonly parsed = new Map<string, { version: number; parsed: ParsedFlow }>();
  private readonly disposables: vscode.Disposable[] = [];
  private enabled: boolean;

  constructor(
    private readonly view: ExecutionsView,
    enabled: boolean,
  ) {
    this.enabled = enabled;
    for (const [status, style] of Object.entries(STATUS_STYLE) as [StepMarkStatus, (typeof STATUS_STYLE)[StepMarkStatus]][]) {
      this.types.set(
        status,
        vscode.window.createTextEditorDecorationType({
          after: { contentText: `  ${style.symbol} ${stepStatusText(status)}`, color: new vscode.ThemeColor(style.color), fontStyle: 'italic' },
          rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        }),
      );
    }
    this.disposables.push(
      view.onDidChangeExecution((e) => this.onExecutionChanged(e.flowName, e.executionName)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.redrawAll()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.followed.has(e.document.uri.toString())) this.redrawDocument(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.parsed.delete(d.uri.toString())),
    );
  }

  /** Shows this execution's statuses in the document it was started from. */
  follow(document: vscode.Uri, run: FollowedRun): void {
    this.followed.set(document.toString(), run);
    this.redrawAll();
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.redrawAll();
  }

  private onExecutionChanged(flowName: string, executionName: string): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const run = this.followed.get(editor.document.uri.toString());
      if (run && run.flowName === flowName && run.executionName === executionName) this.draw(editor, run);
    }
  }

  private redrawAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const run = this.followed.get(editor.document.uri.toString());
      if (run) this.draw(editor, run);
    }
  }

  private redrawDocument(document: vscode.TextDocument): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) this.draw(editor, this.followed.get(document.uri.toString())!);
  }

  private draw(editor: vscode.TextEditor, run: FollowedRun): void {
    const byStatus = new Map<StepMarkStatus, vscode.DecorationOptions[]>();
    const execution = this.view.currentBackend.kind === run.backendKind ? this.view.execution(run.flowName, run.executionName) : undefined;
    if (this.enabled && execution) {
      for (const mark of stepMarks(this.parsedFlow(editor.document).steps, execution)) {
        const range = new vscode.Range(editor.document.positionAt(mark.span.start), editor.document.positionAt(mark.span.end));
        const list = byStatus.get(mark.status) ?? [];
        list.push({ range, hoverMessage: mark.visit ? hoverFor(mark.visit, mark.visits, run.backendKind) : undefined });
        byStatus.set(mark.status, list);
      }
    }
    for (const [status, type] of this.types) editor.setDecorations(type, byStatus.get(status) ?? []);
  }

  private parsedFlow(document: vscode.TextDocument): ParsedFlow {
    const key = document.uri.toString();
    const cached = this.parsed.get(key);
    if (cached && cached.version === document.version) return cached.parsed;
    const parsed = parseFlow(document.getText());
    this.parsed.set(key, { version: document.version, parsed });
    return parsed;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    for (const t of this.types.values()) t.dispose();
  }
}

function hoverFor(visit: import('../model/execution-tree').StepNode, visits: number, backendKind: string): vscode.MarkdownString {
  let extra = visits > 1 ? `${vscode.l10n.t('Visited {0} times; showing the latest visit.', visits)}\n\n` : '';
  if (visit.pending) {
    const args = encodeURIComponent(JSON.stringify([{ token: visit.pending.token, backend: backendKind, stepName: visit.stepName }]));
    extra += `[$(check) ${vscode.l10n.t('Approve')}](command:${COMMAND_IDS.approveCallback}?${args}) · [$(close) ${vscode.l10n.t('Reject')}](command:${COMMAND_IDS.rejectCallback}?${args})`;
  }
  const md = stepMarkdown(visit, extra);
  md.supportThemeIcons = true;
  md.isTrusted = { enabledCommands: [COMMAND_IDS.approveCallback, COMMAND_IDS.rejectCallback] };
  return md;
}
