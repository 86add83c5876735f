/**
 * ajv errors → one located, human-worded diagnostic each.
 *
 * The schema dispatches steps on `type` with if/then, so a step is only ever checked against its
 * own kind: a task step with a typo yields the typo, not one failure per step kind. What is left
 * of ajv's bookkeeping is removed here: `if` errors (a `then` failed; its own errors follow), the
 * `required` errors under an `anyOf` of alternatives (reported once as "needs a or b"), and a
 * "missing `name`" when the same mapping has `nme` (reported once, as the misspelling).
 */
import type { FdlDiagnostic } from '../diagnostic';
import type { ErrorObject } from './schema-validator';
import { wordError, type Finding, type WordingContext } from './schema-error-wording';

export { SCHEMA_CODES } from './schema-error-wording';

export function schemaErrorsToDiagnostics(errors: ErrorObject[], w: WordingContext): FdlDiagnostic[] {
  const alternativesAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (e.keyword === 'required' && e.schemaPath.includes('/anyOf/') && alternativesAt.has(e.instancePath)) continue;
    const f = wordError(e, w);
    const d = f.diagnostic;
    const key = `${d.code}|${d.span.start}|${d.span.end}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(f);
  }
  const misspelt = new Set(findings.flatMap((f) => (f.misspelt ? [f.misspelt] : [])));
  return findings.filter((f) => !f.missing?.some((k) => misspelt.has(k))).map((f) => f.diagnostic);
}
