/**
 * One ajv error → one finding in words, located on the key or value it is about. One small
 * function per kind of error; `schema-diagnostics.ts` decides which errors get here.
 */
import type { YNode } from '../yaml/tree';
import type { FdlDiagnostic } from '../diagnostic';
import { formatMessage, message as messageOf, textFromData, type Locale } from '../messages';
import type { Span } from '../model';
import { closestMatch } from './did-you-mean';
import { FDL_DIALECT_SCHEMA, type DialectSchema, type JsonSchema } from './fdl-schema';
import { capitalized, contextLabel, jsonTypeOf, listOf, schemaMessages as m, typeName, typeNames } from './schema-messages';
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

/** What every wording function needs besides the error itself. */
export interface WordingContext {
  /** The document's located tree (ParsedFlow.tree). */
  tree: YNode | undefined;
  /** The whole document as plain JSON (what ajv validated). */
  value: unknown;
  locale: Locale;
  /** Range used when nothing better is found (start of the document). */
  fallback: Span;
  /** The dialect's schema the errors come from (FDL v1 when absent). */
  schema?: DialectSchema;
  /** In a document of some items of the flow's sequence (check.ts `CheckContext.items`): its key and the first item's index in the whole flow. */
  items?: { key: string; offset: number };
}

export interface Finding {
  diagnostic: FdlDiagnostic;
  /** Required keys this finding reports as missing, as `instancePath|key`. */
  missing?: string[];
  /** A required key this finding says was misspelt, as `instancePath|key`. */
  misspelt?: string;
}

/** Everything about one error that the wording functions share. */
class ErrorAt {
  readonly segments: string[];
  readonly parent: JsonSchema | undefined;

  constructor(
    readonly e: ErrorObject,
    readonly w: WordingContext,
  ) {
    this.segments = splitPointer(e.instancePath);
    this.parent = e.parentSchema as JsonSchema | undefined;
  }

  /** `['steps','0','retry','1','errors']` → `errors`; `['steps','3']` → `steps[3]`. */
  get label(): string {
    const s = this.segments;
    let i = s.length - 1;
    let suffix = '';
    const items = this.w.items;
    while (i >= 0 && /^\d+$/.test(s[i])) {
      // An item of the flow's sequence, in a document of some of its items, is named by its index in the whole flow.
      const index = i === 1 && items && s[0] === items.key ? Number(s[i]) + items.offset : s[i];
      suffix = `[${index}]${suffix}`;
      i--;
    }
    return i >= 0 ? `${s[i]}${suffix}` : suffix || 'flow';
  }

  /** "a task step", "a retry policy", …; a step still missing keys is named by its kind when known. */
  get schema(): DialectSchema {
    return this.w.schema ?? FDL_DIALECT_SCHEMA;
  }

  get context(): string {
    const s = this.schema;
    let name = s.definitionName(this.parent);
    if (name === s.stepDefinition) {
      const type = (valueAt(this.w.value, this.segments) as Record<string, unknown> | undefined)?.[s.typeKey];
      const own = typeof type === 'string' ? s.stepDefinitionByType.get(type) : undefined;
      if (own) name = s.definitionName(own) ?? name;
    }
    return contextLabel(name, this.w.locale);
  }

  locate(extra: string[] = []) {
    return locatePath(this.w.tree, [...this.segments, ...extra]);
  }

  message(text: (typeof m)[keyof typeof m], ...args: unknown[]): string {
    return formatMessage(text, this.w.locale, ...args);
  }
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

function unknownProperty(x: ErrorAt): Finding {
  const key = String((x.e.params as { additionalProperty: string }).additionalProperty);
  const loc = x.locate([key]);
  const present = new Set(Object.keys((valueAt(x.w.value, x.segments) as object) ?? {}));
  const allowed = Object.keys(x.parent?.properties ?? {});
  const suggestion = closestMatch(
    key,
    allowed.filter((k) => !present.has(k)),
  );
  return {
    diagnostic: {
      code: SCHEMA_CODES.unknownProperty,
      severity: 'error',
      message: suggestion ? x.message(m.unknownPropertySuggest, key, x.context, suggestion) : x.message(m.unknownProperty, key, x.context, listOf(allowed, x.w.locale)),
      span: keySpanOf(loc.pair) ?? valueSpan(loc, x.w.fallback),
      data: suggestion ? { property: key, replacement: suggestion } : { property: key },
    },
    misspelt: suggestion ? `${x.e.instancePath}|${suggestion}` : undefined,
  };
}

function missingProperty(x: ErrorAt): Finding {
  const missing = String((x.e.params as { missingProperty: string }).missingProperty);
  return {
    diagnostic: {
      code: SCHEMA_CODES.missingProperty,
      severity: 'error',
      message: x.message(m.missingProperty, missing, x.context),
      span: mappingHeadSpan(x.locate(), x.w.fallback),
      data: { property: missing },
    },
    missing: [`${x.e.instancePath}|${missing}`],
  };
}

/** `anyOf: [{required: [a]}, {required: [b]}]`: "needs `a` or `b`". */
function missingAlternative(x: ErrorAt): Finding {
  const alternatives = ((x.e.schema as JsonSchema[] | undefined) ?? []).flatMap((s) => s.required ?? []);
  const ctx = x.context;
  return {
    diagnostic: {
      code: SCHEMA_CODES.missingProperty,
      severity: 'error',
      message: x.message(m.missingOneOf, listOf(alternatives, x.w.locale), x.w.locale === 'en' ? capitalized(ctx) : ctx),
      span: mappingHeadSpan(x.locate(), x.w.fallback),
      data: { properties: alternatives },
    },
    missing: alternatives.map((a) => `${x.e.instancePath}|${a}`),
  };
}

/** `not: {required: [a, b]}`: a and b cannot be used together; located on the later key. */
function conflictingProperties(x: ErrorAt): Finding {
  const together = (x.e.schema as JsonSchema | undefined)?.required ?? [];
  const loc = x.locate(together.slice(-1));
  return {
    diagnostic: {
      code: SCHEMA_CODES.conflictingProperties,
      severity: 'error',
      message: x.message(m.conflictingProperties, listOf(together, x.w.locale, 'and'), x.context),
      span: keySpanOf(loc.pair) ?? mappingHeadSpan(x.locate(), x.w.fallback),
      data: { properties: together },
    },
  };
}

function invalidEnum(x: ErrorAt): Finding {
  const params = x.e.params as { allowedValues?: unknown[]; allowedValue?: unknown };
  const allowed = x.e.keyword === 'enum' ? (params.allowedValues ?? []) : [params.allowedValue];
  const actual = x.e.data;
  const suggestion =
    allowed.length === 1 ? String(allowed[0]) : ['string', 'number', 'boolean'].includes(typeof actual) ? closestMatch(String(actual), allowed.map(String)) : undefined;
  const s = x.segments;
  const n = s.length;
  const isStepType = n >= 3 && s[n - 1] === x.schema.typeKey && /^\d+$/.test(s[n - 2]) && s[n - 3] === x.schema.listKey;
  const list = listOf(allowed, x.w.locale);
  const isState = x.schema.typeKey === 'Type';
  const message = isStepType
    ? isState
      ? x.message(suggestion ? m.unknownStateTypeSuggest : m.unknownStateType, shown(actual), list, suggestion)
      : x.message(suggestion ? m.unknownStepTypeSuggest : m.unknownStepType, shown(actual), list, suggestion)
    : allowed.length === 1
      ? x.message(m.invalidConstant, x.label, list, shown(actual))
      : x.message(suggestion ? m.invalidEnumSuggest : m.invalidEnum, x.label, list, shown(actual), suggestion);
  return {
    diagnostic: {
      code: isStepType ? SCHEMA_CODES.unknownStepType : SCHEMA_CODES.invalidEnum,
      severity: 'error',
      message,
      span: valueSpan(x.locate(), x.w.fallback),
      data: suggestion ? { allowed, replacement: suggestion } : { allowed },
    },
  };
}

function wrongType(x: ErrorAt): Finding {
  const expected = [(x.e.params as { type: string | string[] }).type].flat();
  const words = typeNames(expected, x.w.locale);
  return {
    diagnostic: {
      code: SCHEMA_CODES.wrongType,
      severity: 'error',
      message: x.message(m.wrongType, x.label, words, typeName(jsonTypeOf(x.e.data), x.w.locale)),
      span: valueSpan(x.locate(), x.w.fallback),
      data: { expected },
    },
  };
}

function outOfRange(x: ErrorAt): Finding {
  const keyword = x.e.keyword as 'minimum' | 'maximum' | 'exclusiveMinimum' | 'minItems' | 'maxItems';
  const limit = (x.e.params as { limit: number }).limit;
  const actual = Array.isArray(x.e.data) ? x.e.data.length : x.e.data;
  return {
    diagnostic: {
      code: SCHEMA_CODES.outOfRange,
      severity: 'error',
      message: x.message(m[keyword], x.label, limit, shown(actual)),
      span: valueSpan(x.locate(), x.w.fallback),
      data: { limit },
    },
  };
}

/** Empty text, text not in the expected form (said with the schema's `x-pattern-hint`), or anything else. */
function invalidValue(x: ErrorAt): Finding {
  const { keyword, data } = x.e;
  const hint = x.parent?.['x-pattern-hint'];
  const message =
    keyword === 'minLength' || (keyword === 'pattern' && data === '')
      ? x.message(m.emptyValue, x.label)
      : keyword === 'pattern'
        ? x.message(m.badPattern, x.label, shown(data), hint ? messageOf(textFromData(hint)) : (x.e.message ?? ''))
        : x.message(m.invalidValue, x.label, x.e.message ?? keyword);
  return { diagnostic: { code: SCHEMA_CODES.invalidValue, severity: 'error', message, span: valueSpan(x.locate(), x.w.fallback) } };
}

const BY_KEYWORD: Record<string, (x: ErrorAt) => Finding> = {
  additionalProperties: unknownProperty,
  required: missingProperty,
  anyOf: missingAlternative,
  not: conflictingProperties,
  enum: invalidEnum,
  const: invalidEnum,
  type: wrongType,
  minimum: outOfRange,
  maximum: outOfRange,
  exclusiveMinimum: outOfRange,
  minItems: outOfRange,
  maxItems: outOfRange,
};

export function wordError(e: ErrorObject, w: WordingContext): Finding {
  return (BY_KEYWORD[e.keyword] ?? invalidValue)(new ErrorAt(e, w));
}
