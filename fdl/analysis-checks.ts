/**
 * The checks a document's dialect gets, run apart by reach (check.ts: `item` or the whole flow)
 * so an edit can reuse what it did not touch (analysis-cache.ts), and the one order in which their
 * findings are listed, whichever way they were made.
 */
import type { Check, CheckContext, DeployTagMode } from './check';
import type { FdlDiagnostic } from './diagnostic';
import type { Locale } from './messages';
import type { ParsedFlow } from './parse';
import { RULES } from './rules/index';
import { foreignKeyDiagnostics } from './dialect';
import { foreignStepKeyDiagnostics } from './dialect-step-keys';
import { STATEMACHINE_CHECKS } from './cloudflow/analyze-statemachine';
import { checkSchema } from './schema/check-schema';

const CLASSIC_CHECKS: Check[] = [checkSchema, ...RULES];

/** A finding and where it stands in the list: after the syntax findings, by check, then the other format's keys. */
export interface Ranked {
  d: FdlDiagnostic;
  rank: number;
}

/** Ranks after every check's: a top-level key, then a step key, of the other format (dialect.ts, dialect-step-keys.ts). */
export const FOREIGN_KEY_RANK = 1000;
export const FOREIGN_STEP_KEY_RANK = 1001;

export function checksOf(dialect: 'classic' | 'statemachine'): Check[] {
  return dialect === 'statemachine' ? STATEMACHINE_CHECKS : CLASSIC_CHECKS;
}

export interface RunOptions {
  locale: Locale;
  deployTags: DeployTagMode;
}

/**
 * The findings of the dialect's checks of `reach` (`all`, the `item` ones, or the whole-flow
 * ones), each ranked; `item` and `all` add the other format's step keys (a per-step finding), `all`
 * its top-level keys too.
 */
export function runChecks(parsed: ParsedFlow, dialect: 'classic' | 'statemachine', o: RunOptions, reach: 'all' | 'item' | 'flow'): Ranked[] {
  const out: Ranked[] = [];
  let rank = 0;
  const ctx: CheckContext = { parsed, locale: o.locale, deployTags: o.deployTags, report: (d) => out.push({ d, rank }) };
  const checks = checksOf(dialect);
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i];
    if (reach !== 'all' && (check.reach === 'item') !== (reach === 'item')) continue;
    rank = i;
    try {
      check.run(ctx);
    } catch (e) {
      // A check that throws is a bug of ours; the user still gets every other finding.
      ctx.report({
        code: 'internal-check-failed',
        severity: 'warning',
        message: `Internal error in check "${check.name}": ${(e as Error).message}`,
        span: { start: 0, end: 0 },
      });
    }
  }
  if (reach === 'all') for (const d of foreignKeyDiagnostics(parsed.tree, dialect, o.locale)) out.push({ d, rank: FOREIGN_KEY_RANK });
  if (reach !== 'flow') for (const d of foreignStepKeyDiagnostics(parsed, o.locale)) out.push({ d, rank: FOREIGN_STEP_KEY_RANK });
  return out;
}

/**
 * The document's findings in their one order: by place, then syntax first, then by check, then
 * the other format's keys (whose places a schema "unknown property" finding does not repeat).
 * Findings of one rank at one place keep the order they were reported in.
 */
export function ordered(syntax: readonly FdlDiagnostic[], ranked: readonly Ranked[]): FdlDiagnostic[] {
  const foreignAt = new Set<string>();
  for (const r of ranked) if (r.rank >= FOREIGN_KEY_RANK) foreignAt.add(`${r.d.span.start}:${r.d.span.end}`);
  const all: Ranked[] = syntax.map((d) => ({ d, rank: -1 }));
  for (const r of ranked) if (!(foreignAt.size && r.d.code === 'schema-unknown-property' && foreignAt.has(`${r.d.span.start}:${r.d.span.end}`))) all.push(r);
  // Array.prototype.sort is stable: equal keys keep the order above.
  all.sort((a, b) => a.d.span.start - b.d.span.start || a.d.span.end - b.d.span.end || a.rank - b.rank);
  return all.map((r) => r.d);
}
