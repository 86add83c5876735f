/**
 * The one analysis the editor, the CLI and the engine's pre-run check all share:
 * YAML syntax → schema structure → semantic rules, for the document's dialect (dialect.ts): a
 * classic flow gets the classic schema and rules, a StateMachine flow its own analysis
 * (cloudflow/analyze-statemachine.ts), a document mixing both one finding that says so.
 */
import type { Check, CheckContext, DeployTagMode } from './check';
import type { FdlDiagnostic } from './diagnostic';
import { toLocale, type Locale } from './messages';
import { parseFlow, type ParsedFlow } from './parse';
import { RULES } from './rules/index';
import { foreignKeyDiagnostics, mixedDialectDiagnostic, withoutShadowedSchemaFindings } from './dialect';
import { foreignStepKeyDiagnostics } from './dialect-step-keys';
import { STATEMACHINE_CHECKS } from './cloudflow/analyze-statemachine';
import { checkSchema } from './schema/check-schema';

export interface AnalyzeOptions {
  locale?: Locale | string;
  /** Default `file-hint` (check.ts). */
  deployTags?: DeployTagMode;
}

export interface Analysis {
  parsed: ParsedFlow;
  diagnostics: FdlDiagnostic[];
}

const CHECKS: Check[] = [checkSchema, ...RULES];

export function analyzeParsed(parsed: ParsedFlow, options: AnalyzeOptions = {}): FdlDiagnostic[] {
  const locale = toLocale(options.locale);
  const diagnostics: FdlDiagnostic[] = [...parsed.syntaxDiagnostics];
  // A document that is not even YAML gets only its syntax errors: anything more would be noise.
  if (parsed.syntaxDiagnostics.some((d) => d.severity === 'error')) return diagnostics;
  if (parsed.dialect === 'mixed') return [...diagnostics, mixedDialectDiagnostic(parsed.tree, locale)];
  const ctx: CheckContext = { parsed, locale, deployTags: options.deployTags === 'placeholder' ? 'placeholder' : 'file-hint', report: (d) => diagnostics.push(d) };
  for (const check of parsed.dialect === 'statemachine' ? STATEMACHINE_CHECKS : CHECKS) {
    try {
      check.run(ctx);
    } catch (e) {
      // A check that throws is a bug of ours; the user still gets every other finding.
      diagnostics.push({
        code: 'internal-check-failed',
        severity: 'warning',
        message: `Internal error in check "${check.name}": ${(e as Error).message}`,
        span: { start: 0, end: 0 },
      });
    }
  }
  const foreign = [...foreignKeyDiagnostics(parsed.tree, parsed.dialect, locale), ...foreignStepKeyDiagnostics(parsed, locale)];
  return [...withoutShadowedSchemaFindings(diagnostics, foreign), ...foreign].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const parsed = parseFlow(text, toLocale(options.locale));
  return { parsed, diagnostics: analyzeParsed(parsed, options) };
}
