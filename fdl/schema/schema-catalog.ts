/**
 * The schema as a catalogue for editor features (completion, hover, quick fixes): which keys a
 * mapping accepts at a document path, what each key and enum value means (en and zh-cn), and
 * which values an enum allows. Everything is read from schemas/fdl-v1.schema.json, so the words
 * in hover, completion and the yamlValidation contribution are the same.
 *
 * Paths are document paths: keys and sequence indexes from the root, e.g.
 * `['steps', 0, 'retry', 0]`. Steps are resolved by their own `type` in `root` (the document as
 * plain JSON, `ParsedFlow.value`), so a task step offers task keys and a wait step wait keys.
 */
import type { Locale } from '../messages';
import { STEP_TYPES } from '../model';
import { definition, deref, FDL_SCHEMA, STEP_DEFINITION_BY_TYPE, type JsonSchema } from './fdl-schema';

export type DocumentPath = readonly (string | number)[];

export interface LocalizedText {
  en: string;
  'zh-cn': string;
}

export interface EnumValueInfo {
  value: unknown;
  description?: LocalizedText;
}

export interface PropertyInfo {
  name: string;
  description?: LocalizedText;
  required: boolean;
  /** JSON types the value may have (`string`, `number`, `object`, `array`, …); empty = any. */
  types: string[];
  enumValues?: EnumValueInfo[];
  default?: unknown;
  /** The value's schema (resolved), for callers that need more (e.g. nested keys). */
  schema?: JsonSchema;
}

/** Picks the text for a locale; undefined stays undefined. */
export function localize(text: LocalizedText | undefined, locale: Locale): string | undefined {
  return text?.[locale];
}

function textOf(s: JsonSchema | undefined): LocalizedText | undefined {
  if (!s?.description) return undefined;
  return { en: s.description, 'zh-cn': s['x-description-zh'] ?? s.description };
}

/** A property's own words first (they say what the key means here), then its target's. */
function describedBy(prop: JsonSchema | undefined): LocalizedText | undefined {
  return textOf(prop) ?? textOf(deref(prop));
}

function enumInfo(s: JsonSchema | undefined): EnumValueInfo[] | undefined {
  const r = deref(s);
  if (!r?.enum) return undefined;
  const en = r['x-enum-descriptions'] ?? [];
  const zh = r['x-enum-descriptions-zh'] ?? [];
  return r.enum.map((value, i) => ({
    value,
    description: en[i] ? { en: en[i], 'zh-cn': zh[i] ?? en[i] } : undefined,
  }));
}

function typesOf(s: JsonSchema | undefined): string[] {
  const r = deref(s);
  if (!r?.type) return [];
  return Array.isArray(r.type) ? r.type : [r.type];
}

/** The definition of a step kind (`task` → the taskStep schema), or undefined for unknown kinds. */
export function schemaForStepType(type: string): JsonSchema | undefined {
  return STEP_DEFINITION_BY_TYPE.get(type);
}

/** The step kinds with their descriptions, in the order the docs list them. */
export function stepTypes(): EnumValueInfo[] {
  return enumInfo(definition('step')?.properties?.type) ?? STEP_TYPES.map((value) => ({ value }));
}

/** Keys every step accepts whatever its kind: what to offer before `type` is written. */
const STEP_WITHOUT_TYPE: JsonSchema = definition('passStep') ?? {};

function dispatchStep(s: JsonSchema | undefined, value: unknown): JsonSchema | undefined {
  if (s !== definition('step')) return s;
  const type = value && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
  return (typeof type === 'string' && STEP_DEFINITION_BY_TYPE.get(type)) || STEP_WITHOUT_TYPE;
}

function child(value: unknown, seg: string | number): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[seg as string] : undefined;
}

/** The resolved schema describing the value at `path`, or undefined where the schema says nothing (e.g. inside serviceParams). */
export function schemaAt(path: DocumentPath, root: unknown): JsonSchema | undefined {
  let s: JsonSchema | undefined = FDL_SCHEMA;
  let value = root;
  for (const seg of path) {
    s = dispatchStep(deref(s), value);
    if (!s) return undefined;
    const isIndex = typeof seg === 'number' || /^\d+$/.test(seg);
    s = isIndex && s.items ? s.items : s.properties?.[String(seg)];
    value = child(value, seg);
  }
  return dispatchStep(deref(s), value);
}

function propertyInfo(name: string, prop: JsonSchema, owner: JsonSchema): PropertyInfo {
  return {
    name,
    description: describedBy(prop),
    required: owner.required?.includes(name) ?? false,
    types: typesOf(prop),
    enumValues: enumInfo(prop),
    default: deref(prop)?.default,
    schema: deref(prop),
  };
}

/** The keys the mapping at `path` accepts, with their descriptions (completion of keys). */
export function propertiesAt(path: DocumentPath, root: unknown): PropertyInfo[] {
  const owner = schemaAt(path, root);
  if (!owner?.properties) return [];
  return Object.entries(owner.properties).map(([name, prop]) => propertyInfo(name, prop, owner));
}

/** The key at the end of `path` (hover over a key): `['steps', 0, 'pattern']` → pattern of that step. */
export function propertyAt(path: DocumentPath, root: unknown): PropertyInfo | undefined {
  if (path.length === 0) return undefined;
  const name = String(path[path.length - 1]);
  const owner = schemaAt(path.slice(0, -1), root);
  const prop = owner?.properties?.[name];
  return owner && prop ? propertyInfo(name, prop, owner) : undefined;
}

/** The allowed values of the value at `path` (completion of values), or [] when it is free. */
export function enumValuesAt(path: DocumentPath, root: unknown): EnumValueInfo[] {
  if (path.length === 0) return [];
  const owner = schemaAt(path.slice(0, -1), root);
  const prop = owner?.properties?.[String(path[path.length - 1])];
  return enumInfo(prop) ?? (typesOf(prop).includes('boolean') ? [{ value: true }, { value: false }] : []);
}

/** Describes one enum value (hover over `waitForCallback`), if the schema documents it. */
export function enumValueDescription(path: DocumentPath, root: unknown, value: unknown): LocalizedText | undefined {
  return enumValuesAt(path, root).find((v) => v.value === value)?.description;
}
