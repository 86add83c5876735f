/**
 * ajv errors → one located, human-worded diagnostic each.
 *
 * The schema dispatches steps on `type` with if/then, so a step is only ever checked against its
 * own kind: a task step with a typo yields the typo, not one failure per step kind. What is left
 * of ajv's bookkeeping is removed here: `if` errors (a `then` failed; its own errors follow) and
 * the `required` errors under an `anyOf` of alternatives (reported once as "needs a or b").
 */
import type { Document } from 'yaml';
import type { FdlDiagnostic } from '../diagnostic';
import { formatMessage, type Locale } from '../messages';
import type { Span } from '../model';
import { closestMatch } from './did-you-mean';
import { definitionName, STEP_DEFINITION_BY_TYPE, type JsonSchema } from './fdl-schema';
import { capitalized, contextLabel, jsonTypeOf, listOf, schemaMessages as m, typeName } from './schema-messages';
import type { ErrorObject } from './schema-validator';
import { keySpanOf, locatePath, mappingHeadSpan, splitPointer, valueSpan } from './yaml-path';

export const SCHEMA_CODES = {
  unknownProperty: 'schema-unknown-property',
  missingProperty: 'schema-missing-property',
  invalidEnum: 'schema-invalid-enum',
  unknownStepType: 'schema-unknown-step-type',
  wrongType: 'schema-wrong-type',
  outOfRange: 'schema-out-of-range',
  conflictingProperties: 'schema-conflicting-properties',
  invalidValue: 'schema-invalid-value',
  versionV1beta1: 'fdl-version-v1beta1',
  recursiveDocument: 'schema-recursive-document',
} as const;

interface Input {
  errors: ErrorObject[];
  doc: Document;
  value: unknown;
  locale: Locale;
  /** Range used when nothing better is found (start of the document). */
  fallback: Span;
}

/** `['steps','0','retry','1','errors']` → `errors`; `['steps','3']` → `steps[3]`; root → `(flow)`. */
function propertyLabel(segments: readonly string[]): string {
  let i = segments.length - 1;
  let suffix = '';
  while (i >= 0 && /^\d+$/.test(segments[i])) suffix = `[${segments[i--]}]${suffix}`;
  return i >= 0 ? `${segments[i]}${suffix}` : suffix || 'flow';
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let v = root;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const s = JSON.stringify(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(value);
  }
}

/** The definition to name in a message; a step still missing keys is named by its kind when known. */
function contextName(parent: JsonSchema | undefined, root: unknown, segments: readonly string[]): string | undefined {
  const name = definitionName(parent);
  if (name !== 'step') return name;
  const type = (valueAt(root, segments) as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' && STEP_DEFINITION_BY_TYPE.has(type) ? `${type}Step` : name;
}

export function schemaErrorsToDiagnostics({ errors, doc, value, locale, fallback }: Input): FdlDiagnostic[] {
  const out: FdlDiagnostic[] = [];
  const seen = new Set<string>();
  // "missing `name`" next to "unknown `nme` — did you mean `name`?" says the same thing twice.
  const misspeltRequired = new Set<string>();
  const whereMissing = new Map<FdlDiagnostic, string[]>();
  const push = (d: FdlDiagnostic) => {
    const key = `${d.code}|${d.span.start}|${d.span.end}|${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(d);
  };

  // `required` errors that belong to an anyOf of alternatives, reported once by the anyOf itself.
  const alternativesAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));

  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (e.keyword === 'required' && e.schemaPath.includes('/anyOf/') && alternativesAt.has(e.instancePath)) continue;
    const segments = splitPointer(e.instancePath);
    const parent = e.parentSchema as JsonSchema | undefined;
    const context = () => contextLabel(contextName(parent, value, segments), locale);
    const label = propertyLabel(segments);

    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        const loc = locatePath(doc, [...segments, key]);
        const present = new Set(Object.keys((valueAt(value, segments) as object) ?? {}));
        const allowed = Object.keys(parent?.properties ?? {});
        const suggestion = closestMatch(key, allowed.filter((k) => !present.has(k)));
        const span = keySpanOf(loc.pair) ?? valueSpan(loc, fallback);
        if (suggestion) misspeltRequired.add(`${e.instancePath}|${suggestion}`);
        push({
          code: SCHEMA_CODES.unknownProperty,
          severity: 'error',
          message: suggestion
            ? formatMessage(m.unknownPropertySuggest, locale, key, context(), suggestion)
            : formatMessage(m.unknownProperty, locale, key, context(), listOf(allowed, locale)),
          span,
          data: suggestion ? { property: key, replacement: suggestion } : { property: key },
        });
        break;
      }
      case 'required': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        const loc = locatePath(doc, segments);
        const d: FdlDiagnostic = {
          code: SCHEMA_CODES.missingProperty,
          severity: 'error',
          message: formatMessage(m.missingProperty, locale, missing, context()),
          span: mappingHeadSpan(loc, fallback),
          data: { property: missing },
        };
        whereMissing.set(d, [`${e.instancePath}|${missing}`]);
        push(d);
        break;
      }
      case 'anyOf': {
        const alternatives = ((e.schema as JsonSchema[] | undefined) ?? []).flatMap((s) => s.required ?? []);
        const loc = locatePath(doc, segments);
        const ctx = context();
        const d: FdlDiagnostic = {
          code: SCHEMA_CODES.missingProperty,
          severity: 'error',
          message: formatMessage(m.missingOneOf, locale, listOf(alternatives, locale), locale === 'en' ? capitalized(ctx) : ctx),
          span: mappingHeadSpan(loc, fallback),
          data: { properties: alternatives },
        };
        whereMissing.set(d, alternatives.map((a) => `${e.instancePath}|${a}`));
        push(d);
        break;
      }
      case 'not': {
        const together = (e.schema as JsonSchema | undefined)?.required ?? [];
        const last = together[together.length - 1];
        const loc = last !== undefined ? locatePath(doc, [...segments, last]) : locatePath(doc, segments);
        push({
          code: SCHEMA_CODES.conflictingProperties,
          severity: 'error',
          message: formatMessage(m.conflictingProperties, locale, listOf(together, locale, 'and'), context()),
          span: keySpanOf(loc.pair) ?? mappingHeadSpan(loc, fallback),
          data: { properties: together },
        });
        break;
      }
      case 'enum':
      case 'const': {
        const allowed = e.keyword === 'enum' ? ((e.params as { allowedValues: unknown[] }).allowedValues ?? []) : [(e.params as { allowedValue: unknown }).allowedValue];
        const actual = e.data;
        const loc = locatePath(doc, segments);
        const suggestion = allowed.length === 1 ? String(allowed[0]) : ['string', 'number', 'boolean'].includes(typeof actual) ? closestMatch(String(actual), allowed.map(String)) : undefined;
        const n = segments.length;
        const isStepType = n >= 3 && segments[n - 1] === 'type' && /^\d+$/.test(segments[n - 2]) && segments[n - 3] === 'steps';
        const list = listOf(allowed, locale);
        const message = isStepType
          ? formatMessage(suggestion ? m.unknownStepTypeSuggest : m.unknownStepType, locale, shown(actual), list, suggestion)
          : allowed.length === 1
            ? formatMessage(m.invalidConstant, locale, label, list, shown(actual))
            : formatMessage(suggestion ? m.invalidEnumSuggest : m.invalidEnum, locale, label, list, shown(actual), suggestion);
        push({
          code: isStepType ? SCHEMA_CODES.unknownStepType : SCHEMA_CODES.invalidEnum,
          severity: 'error',
          message,
          span: valueSpan(loc, fallback),
          data: suggestion ? { allowed, replacement: suggestion } : { allowed },
        });
        break;
      }
      case 'type': {
        const expected = [(e.params as { type: string | string[] }).type].flat();
        const loc = locatePath(doc, segments);
        const expectedWords = expected.map((t) => typeName(t, locale)).join(locale === 'zh-cn' ? '或' : ' or ');
        push({
          code: SCHEMA_CODES.wrongType,
          severity: 'error',
          message: formatMessage(m.wrongType, locale, label, expectedWords, typeName(jsonTypeOf(e.data), locale)),
          span: valueSpan(loc, fallback),
          data: { expected },
        });
        break;
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'minItems':
      case 'maxItems': {
        const limit = (e.params as { limit: number }).limit;
        const loc = locatePath(doc, segments);
        const actual = Array.isArray(e.data) ? e.data.length : e.data;
        push({
          code: SCHEMA_CODES.outOfRange,
          severity: 'error',
          message: formatMessage(m[e.keyword], locale, label, limit, shown(actual)),
          span: valueSpan(loc, fallback),
          data: { limit },
        });
        break;
      }
      case 'minLength':
      case 'pattern': {
        const loc = locatePath(doc, segments);
        const hint = locale === 'zh-cn' ? parent?.['x-pattern-hint-zh'] : parent?.['x-pattern-hint'];
        const message =
          e.keyword === 'minLength' || e.data === ''
            ? formatMessage(m.emptyValue, locale, label)
            : formatMessage(m.badPattern, locale, label, shown(e.data), hint ?? e.message ?? '');
        push({ code: SCHEMA_CODES.invalidValue, severity: 'error', message, span: valueSpan(loc, fallback) });
        break;
      }
      default: {
        const loc = locatePath(doc, segments);
        push({
          code: SCHEMA_CODES.invalidValue,
          severity: 'error',
          message: formatMessage(m.invalidValue, locale, label, e.message ?? e.keyword),
          span: valueSpan(loc, fallback),
        });
      }
    }
  }
  return misspeltRequired.size === 0 ? out : out.filter((d) => !(whereMissing.get(d) ?? []).some((k) => misspeltRequired.has(k)));
}
