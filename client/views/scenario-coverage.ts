/**
 * The Testing view's coverage: one test run's scenario histories folded per flow (the engine's
 * flowCoverage, as `fdl test --coverage` does) and reported through VS Code's own coverage API, so
 * the Test Coverage view lists each flow file with its states, and the editor's gutter marks each
 * state's line and its choice branches, catch and retry rules (model/test-coverage.ts says how a
 * flow's coverage maps onto statements, branches and declarations). The summary and the targets
 * never taken are written to the run's output.
 */
import * as vscode from 'vscode';
import { coverageKindText, coverageSummaryText, flowCoverage, MAX_DOCUMENT_BYTES, type HistoryEvent } from '../../engine/index';
import { readWorkspaceText } from '../actions/workspace-text';
import { toLocale } from '../../fdl/messages';
import { parseFlow } from '../../fdl/parse';
import { testCoverageDetails, type CoverageRange } from '../model/test-coverage';

/** What was reported for a flow file in a coverage run (for the detailed view and extension-host tests). */
export interface ReportedCoverage {
  run: vscode.TestRun;
  file: vscode.FileCoverage;
  /** The lines written to the run's output: the summary, then each target never taken. */
  output: string[];
}

export class ScenarioCoverage {
  /** By flow file URI: the last coverage reported. */
  readonly reported = new Map<string, ReportedCoverage>();
  private readonly details = new WeakMap<vscode.FileCoverage, vscode.FileCoverageDetail[]>();

  /** The details VS Code asks for when a flow file is opened or expanded in the Test Coverage view. */
  detailsOf(file: vscode.FileCoverage): vscode.FileCoverageDetail[] {
    return this.details.get(file) ?? [];
  }

  /**
   * Reports the coverage of each flow by its histories in this run (a flow whose scenarios could
   * not run is reported with what its runs took: nothing, if none ran).
   */
  async report(run: vscode.TestRun, histories: ReadonlyMap<string, HistoryEvent[][]>): Promise<void> {
    const locale = toLocale(vscode.env.language);
    for (const [flowPath, runs] of histories) {
      const uri = vscode.Uri.file(flowPath);
      const shown = vscode.workspace.asRelativePath(uri, false);
      const read = await readWorkspaceText(uri, MAX_DOCUMENT_BYTES);
      // The scenario's own failure already says why the flow cannot be read.
      if (!('text' in read)) continue;
      const text = read.text;
      let coverage;
      try {
        coverage = flowCoverage(parseFlow(text, locale), runs);
      } catch (e) {
        run.appendOutput(`${vscode.l10n.t('The coverage of {0} could not be computed: {1}', shown, (e as Error).message)}\r\n`);
        continue;
      }
      const mapped = testCoverageDetails(coverage, text, locale);
      const count = (c: { covered: number; total: number } | undefined) => (c ? new vscode.TestCoverageCount(c.covered, c.total) : undefined);
      const file = new vscode.FileCoverage(uri, count(mapped.statementCount)!, count(mapped.branchCount), count(mapped.declarationCount));
      this.details.set(file, [
        ...mapped.statements.map(
          (s) =>
            new vscode.StatementCoverage(
              s.executed,
              toRange(s.range),
              s.branches.map((b) => new vscode.BranchCoverage(b.executed, toRange(b.range), b.label)),
            ),
        ),
        ...mapped.declarations.map((d) => new vscode.DeclarationCoverage(d.name, d.executed, toRange(d.range))),
      ]);
      run.addCoverage(file);
      const summary = vscode.l10n.t('Coverage of {0} ({1} run(s)): {2}', shown, runs.length, coverageSummaryText(coverage.summary, coverage.dialect, locale));
      const never = coverage.targets
        .filter((t) => t.hits === 0)
        .map((t) => {
          const what = t.kind === 'state' || t.kind === 'default' ? t.state : `${t.state}: ${t.label}`;
          return `  ${vscode.l10n.t('never taken: {0}:{1}:{2} {3} {4}', shown, t.line, t.column, coverageKindText(t.kind, coverage.dialect, locale), what)}`;
        });
      const output = [summary, ...never];
      run.appendOutput([...output, ''].join('\r\n'), new vscode.Location(uri, new vscode.Position(0, 0)));
      this.reported.set(uri.toString(), { run, file, output });
    }
  }
}

function toRange(r: CoverageRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
