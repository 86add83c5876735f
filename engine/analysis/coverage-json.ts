/**
 * The coverage report `fdl test --coverage-json <file>` writes for CI: a stable, documented shape
 * (docs/coverage.md, "The JSON report"). `version` changes only when a field changes meaning or
 * goes; fields may be added.
 */
import type { CoverageSummary, CoverageTarget, FlowCoverage } from './coverage';

export const COVERAGE_JSON_FORMAT = 'flow-studio-coverage';
export const COVERAGE_JSON_VERSION = 1;

export interface CoverageJson {
  format: typeof COVERAGE_JSON_FORMAT;
  version: typeof COVERAGE_JSON_VERSION;
  flows: CoverageJsonFlow[];
}

export interface CoverageJsonFlow {
  /** The flow file as given to the scenarios, relative to the working directory, with `/`. */
  flow: string;
  dialect: FlowCoverage['dialect'];
  executions: number;
  summary: CoverageSummary;
  targets: Omit<CoverageTarget, 'span' | 'stateSpan'>[];
}

export function coverageJson(flows: readonly { flow: string; coverage: FlowCoverage }[]): CoverageJson {
  return {
    format: COVERAGE_JSON_FORMAT,
    version: COVERAGE_JSON_VERSION,
    flows: flows.map(({ flow, coverage }) => ({
      flow,
      dialect: coverage.dialect,
      executions: coverage.executions,
      summary: coverage.summary,
      targets: coverage.targets.map((t) => ({
        id: t.id,
        kind: t.kind,
        state: t.state,
        scope: t.scope,
        ...(t.index !== undefined ? { index: t.index } : {}),
        label: t.label,
        line: t.line,
        column: t.column,
        hits: t.hits,
      })),
    })),
  };
}
