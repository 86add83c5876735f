import type { Check, CheckContext } from '../check';
import { FDL_DIALECT_SCHEMA, type DialectSchema } from './fdl-schema';
import { formatMessage } from '../messages';
import { SCHEMA_CODES, schemaErrorsToDiagnostics } from './schema-diagnostics';
import { schemaMessages } from './schema-messages';
import { validateFlowValue } from './schema-validator';

/**
 * Structure from schemas/fdl-v1.schema.json, reported in words a person understands.
 *
 * A valid document costs one ajv run and nothing more: locating and wording happen only for
 * the errors ajv reports.
 */
export const checkSchema: Check = {
  name: 'schema',
  reach: 'item',
  run(ctx) {
    const { parsed, locale } = ctx;
    if (parsed.value === undefined) return; // not buildable as JSON (alias bomb): parse reported it
    const version = parsed.flow.version;
    if (version?.value === 'v1beta1') {
      ctx.report({
        code: SCHEMA_CODES.versionV1beta1,
        severity: 'warning',
        message: formatMessage(schemaMessages.versionV1beta1, locale),
        span: version.span,
        data: { replacement: 'v1' },
      });
    }
    reportSchemaErrors(ctx, FDL_DIALECT_SCHEMA);
  },
};

/** Validates the document against a dialect's schema and reports each error located and worded. */
export function reportSchemaErrors(ctx: CheckContext, schema: DialectSchema): void {
  const { parsed, locale } = ctx;
  if (parsed.value === undefined) return;
  let errors;
  try {
    errors = validateFlowValue(parsed.value, schema.root);
  } catch (e) {
    // Recursive aliases (`&s [... *s]`) make the value cyclic; validation would never end.
    if (!(e instanceof RangeError)) throw e;
    ctx.report({
      code: SCHEMA_CODES.recursiveDocument,
      severity: 'error',
      message: formatMessage(schemaMessages.recursiveDocument, locale),
      span: { start: 0, end: Math.min(parsed.text.length, 1) },
    });
    return;
  }
  if (errors.length === 0) return;
  const fallback = { start: 0, end: Math.min(parsed.text.length, 1) };
  for (const d of schemaErrorsToDiagnostics(errors, { tree: parsed.tree, value: parsed.value, locale, fallback, schema, items: ctx.items })) ctx.report(d);
}
