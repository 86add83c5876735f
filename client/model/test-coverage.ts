/**
 * A flow's coverage (engine/analysis/coverage.ts) in the shape of VS Code's test-coverage API,
 * without `vscode`: what views/scenario-coverage.ts turns into a FileCoverage and its details.
 *
 * - each step or state is a statement at its name (the line the gutter marks), whose branches are
 *   its choice conditions and default and its catch and retry rules, each at its own place with
 *   the kind and condition or errors as label ("catch PaymentDeclined");
 * - each step or state is also a declaration spanning its whole text, so the Test Coverage view
 *   lists the flow's states (nested ones inside their parallel, foreach or Map by range);
 * - the counts: statements and declarations the states, branches every branch, default, catch and
 *   retry rule (none: no branch count, as VS Code's own FileCoverage.fromDetails does).
 */
import { coverageKindText, type CoverageTarget, type FlowCoverage } from '../../engine/index';
import type { Locale } from '../../fdl/messages';
import { LineIndex } from '../../fdl/positions';
import type { Span } from '../../fdl/span';

/** 0-based, as VS Code's Position. */
export interface CoveragePosition {
  line: number;
  character: number;
}

export interface CoverageRange {
  start: CoveragePosition;
  end: CoveragePosition;
}

export interface BranchDetail {
  label: string;
  executed: number;
  range: CoverageRange;
}

export interface StatementDetail {
  executed: number;
  range: CoverageRange;
  branches: BranchDetail[];
}

export interface DeclarationDetail {
  name: string;
  executed: number;
  range: CoverageRange;
}

export interface CoverageCount {
  covered: number;
  total: number;
}

export interface TestCoverageDetails {
  statements: StatementDetail[];
  declarations: DeclarationDetail[];
  statementCount: CoverageCount;
  declarationCount: CoverageCount;
  /** Undefined when the flow has no branch, catch or retry rule. */
  branchCount?: CoverageCount;
}

/** `coverage` of the flow whose text is `text` (the text the coverage was computed from). */
export function testCoverageDetails(coverage: FlowCoverage, text: string, locale: Locale): TestCoverageDetails {
  const lines = new LineIndex(text);
  const range = (span: Span): CoverageRange => {
    // A state's text ends with the line break (and blank lines) before the next one: not part of it.
    let end = span.end;
    while (end > span.start && /\s/.test(text[end - 1] ?? '')) end--;
    return { start: lines.positionAt(span.start), end: lines.positionAt(end) };
  };
  const statements = new Map<string, StatementDetail>();
  const declarations: DeclarationDetail[] = [];
  for (const t of coverage.targets) {
    if (t.kind !== 'state') continue;
    statements.set(stateKey(t), { executed: t.hits, range: range(t.span), branches: [] });
    declarations.push({ name: t.state, executed: t.hits, range: range(t.stateSpan) });
  }
  let branches: CoverageCount | undefined;
  for (const t of coverage.targets) {
    if (t.kind === 'state') continue;
    const owner = statements.get(stateKey(t));
    if (!owner) continue;
    const what = coverageKindText(t.kind, coverage.dialect, locale);
    owner.branches.push({ label: t.label ? `${what} ${t.label}` : what, executed: t.hits, range: range(t.span) });
    branches ??= { covered: 0, total: 0 };
    branches.total++;
    if (t.hits > 0) branches.covered++;
  }
  const states = { covered: declarations.filter((d) => d.executed > 0).length, total: declarations.length };
  return {
    statements: [...statements.values()],
    declarations,
    statementCount: states,
    declarationCount: { ...states },
    ...(branches ? { branchCount: branches } : {}),
  };
}

/** A target's state: its scope path and name (the state target's id). */
function stateKey(t: CoverageTarget): string {
  return `${t.scope}/${t.state}`;
}
