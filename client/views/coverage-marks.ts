/**
 * Coverage in the editor: a gutter mark on every line holding a coverage target (a step or state,
 * a choice condition or default, a catch or retry rule), green where the executions took it and red
 * where none did, with its count after the line; and the summary in the status bar. Drawn with
 * decorations rather than VS Code's test-coverage API, which shows coverage only for a TestRun of a
 * TestController, and these executions were not one (the Testing view's own coverage runs use that
 * API: scenario-coverage.ts). The marks go as soon as the document is edited (their places would
 * be stale) or Show Coverage runs again.
 */
import * as vscode from 'vscode';
import { coverageHitsText, coverageKindText, coverageSummaryText, type FlowCoverage } from '../../engine/index';
import { toLocale } from '../../fdl/messages';

export class CoverageMarks implements vscode.Disposable {
  private readonly taken: vscode.TextEditorDecorationType;
  private readonly never: vscode.TextEditorDecorationType;
  private readonly status = vscode.window.createStatusBarItem('flowStudio.coverage', vscode.StatusBarAlignment.Left, 40);
  private shown?: { uri: string; coverage: FlowCoverage };
  private readonly disposables: vscode.Disposable[] = [];

  constructor(extensionUri: vscode.Uri) {
    const icon = (name: string) => vscode.Uri.joinPath(extensionUri, 'media', 'coverage', `${name}.svg`);
    this.taken = vscode.window.createTextEditorDecorationType({
      gutterIconPath: icon('taken'),
      gutterIconSize: 'contain',
      overviewRulerColor: new vscode.ThemeColor('testing.iconPassed'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    });
    this.never = vscode.window.createTextEditorDecorationType({
      gutterIconPath: icon('never'),
      gutterIconSize: 'contain',
      overviewRulerColor: new vscode.ThemeColor('testing.iconFailed'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
      backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
      isWholeLine: true,
    });
    this.status.name = vscode.l10n.t('Flow coverage');
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.redraw()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && e.document.uri.toString() === this.shown?.uri) this.clear();
      }),
    );
  }

  show(document: vscode.TextDocument, coverage: FlowCoverage): void {
    this.shown = { uri: document.uri.toString(), coverage };
    const summary = coverageSummaryText(coverage.summary, coverage.dialect, toLocale(vscode.env.language));
    this.status.text = `$(beaker) ${summary}`;
    this.status.tooltip = vscode.l10n.t('Coverage of this flow by {0} local execution(s)', coverage.executions);
    this.status.show();
    this.redraw();
  }

  clear(): void {
    this.shown = undefined;
    this.status.hide();
    this.redraw();
  }

  private redraw(): void {
    const locale = toLocale(vscode.env.language);
    for (const editor of vscode.window.visibleTextEditors) {
      const c = this.shown && editor.document.uri.toString() === this.shown.uri ? this.shown.coverage : undefined;
      const taken: vscode.DecorationOptions[] = [];
      const never: vscode.DecorationOptions[] = [];
      for (const t of c?.targets ?? []) {
        const range = editor.document.lineAt(Math.min(t.line - 1, editor.document.lineCount - 1)).range;
        const what = coverageKindText(t.kind, c!.dialect, locale);
        const text = `${what}${t.label ? ` ${t.label}` : ''}: ${coverageHitsText(t.hits, locale)}`;
        const option: vscode.DecorationOptions = {
          range,
          hoverMessage: text,
          renderOptions: { after: { contentText: `  ${coverageHitsText(t.hits, locale)}`, color: new vscode.ThemeColor('descriptionForeground'), fontStyle: 'italic' } },
        };
        (t.hits > 0 ? taken : never).push(option);
      }
      editor.setDecorations(this.taken, taken);
      editor.setDecorations(this.never, never);
    }
  }

  dispose(): void {
    this.taken.dispose();
    this.never.dispose();
    this.status.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
