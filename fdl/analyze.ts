/**
 * The one analysis the editor, the CLI and the engine's pre-run check all share:
 * YAML syntax → schema structure → semantic rules, for the document's dialect (dialect.ts): a
 * classic flow gets the classic schema and rules, a StateMachine flow its own analysis
 * (cloudflow/analyze-statemachine.ts), a document mixing both one finding that says so.
 */
import type { DeployTagMode } from './check';
import type { FdlDiagnostic } from './diagnostic';
import { toLocale, type Locale } from './messages';
import { parseFlow, type ParsedFlow } from './parse';
import { mixedDialectDiagnostic } from './dialect';
import { ordered, runChecksInParts } from './analysis-checks';
import { analyzeEdited, rememberFullRun } from './analysis-cache';

export interface AnalyzeOptions {
  locale?: Locale | string;
  /** Default `file-hint` (check.ts). */
  deployTags?: DeployTagMode;
}

export interface Analysis {
  parsed: ParsedFlow;
  diagnostics: FdlDiagnostic[];
}

export function analyzeParsed(parsed: ParsedFlow, options: AnalyzeOptions = {}): FdlDiagnostic[] {
  const locale = toLocale(options.locale);
  const syntax = parsed.syntaxDiagnostics;
  // A document that is not even YAML gets only its syntax errors: anything more would be noise.
  if (syntax.some((d) => d.severity === 'error')) return [...syntax];
  if (parsed.dialect === 'mixed') return [...syntax, mixedDialectDiagnostic(parsed.tree, locale)];
  const deployTags = options.deployTags === 'placeholder' ? 'placeholder' : 'file-hint';
  // An edit's analysis reuses what the edit did not touch (analysis-cache.ts); it equals this whole one.
  const edited = analyzeEdited(parsed, locale, deployTags);
  if (edited) return edited;
  const run = runChecksInParts(parsed, parsed.dialect, { locale, deployTags }, 'all');
  rememberFullRun(parsed, { locale, deployTags }, run);
  return ordered(syntax, run.ranked);
}

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const parsed = parseFlow(text, toLocale(options.locale));
  return { parsed, diagnostics: analyzeParsed(parsed, options) };
}
