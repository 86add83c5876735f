/**
 * The schema as a catalogue for editor features (completion, hover, quick fixes): which keys a
 * mapping accepts at a document path, what each key and enum value means (in every shipped language:
 * the schema's English `description`, translated through the message bundles), and
 * which values an enum allows. Everything is read from the dialect's schema (schemas/fdl-v1.schema.json,
 * or schemas/cloudflow-statemachine.schema.json through `schemaCatalog`), so the words in hover,
 * completion and the yamlValidation contribution are the same.
 *
 * Paths are document paths: keys and sequence indexes from the root, e.g.
 * `['steps', 0, 'retry', 0]`. Steps are resolved by their own `type` (`Type`) in `root` (the
 * document as plain JSON, `ParsedFlow.value`, or a stand-in holding the keys that matter), so a
 * task step offers task keys and a wait step wait keys; a conditional (`if` a key has a constant
 * `then` these properties, e.g. `Action: FC:InvokeFunction` → its `Parameters`) applies the same way.
 */
import { localize, textFromData, type Locale } from '../messages';
import { STEP_TYPES } from '../model';
import { TRANSLATIONS } from '../translations';
import { FDL_DIALECT_SCHEMA, type DialectSchema, type JsonSchema } from './fdl-schema';

export type DocumentPath = readonly (string | number)[];

/** One schema text in every shipped language. */
export type LocalizedText = Record<Locale, string>;

const LOCALES = ['en', ...Object.keys(TRANSLATIONS)] as Locale[];

/** A schema's English text in every language; one without a bundle entry stays English. */
export function localizedSchemaText(english: string): LocalizedText {
  return Object.fromEntries(LOCALES.map((l) => [l, localize(textFromData(english), l)])) as LocalizedText;
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

/** Picks a schema description for a locale; undefined stays undefined. */
export function schemaText(text: LocalizedText | undefined, locale: Locale): string | undefined {
  return text?.[locale];
}

function textOf(s: JsonSchema | undefined): LocalizedText | undefined {
  if (!s?.description) return undefined;
  return localizedSchemaText(s.description);
}

function child(value: unknown, seg: string | number): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[seg as string] : undefined;
}

/** True when every property the `if` names has a `const` equal to the value's. */
function conditionHolds(cond: JsonSchema | undefined, value: unknown): boolean {
  const props = Object.entries(cond?.properties ?? {});
  return props.length > 0 && props.every(([k, p]) => p.const !== undefined && child(value, k) === p.const);
}

/** The catalogue of one dialect's schema. */
export interface SchemaCatalog {
  /** The resolved schema describing the value at `path`, or undefined where the schema says nothing (e.g. inside serviceParams). */
  schemaAt(path: DocumentPath, root: unknown): JsonSchema | undefined;
  /** The keys the mapping at `path` accepts, with their descriptions (completion of keys). */
  propertiesAt(path: DocumentPath, root: unknown): PropertyInfo[];
  /** The key at the end of `path` (hover over a key): `['steps', 0, 'pattern']` → pattern of that step. */
  propertyAt(path: DocumentPath, root: unknown): PropertyInfo | undefined;
  /** The allowed values of the value at `path` (completion of values), or [] when it is free. */
  enumValuesAt(path: DocumentPath, root: unknown): EnumValueInfo[];
  /** Describes one enum value (hover over `waitForCallback`), if the schema documents it. */
  enumValueDescription(path: DocumentPath, root: unknown, value: unknown): LocalizedText | undefined;
  /** The step (state) kinds with their descriptions, in the order the docs list them. */
  stepTypes(): EnumValueInfo[];
  /** The definition of a step kind (`task` → the taskStep schema), or undefined for unknown kinds. */
  schemaForStepType(type: string): JsonSchema | undefined;
}

/**
 * The catalogue of `dialect`'s schema; `untypedStep` names the definition whose keys a step
 * offers before its type is written (keys every kind accepts).
 */
export function schemaCatalog(dialect: DialectSchema, untypedStep: string): SchemaCatalog {
  const definitions: Record<string, JsonSchema> = dialect.root.definitions ?? {};
  const stepDefinition = definitions[dialect.stepDefinition];
  const withoutType: JsonSchema = definitions[untypedStep] ?? {};

  const deref = (schema: JsonSchema | undefined): JsonSchema | undefined => {
    let s = schema;
    for (let i = 0; s?.$ref && i < 10; i++) {
      const m = /^#\/definitions\/(.+)$/.exec(s.$ref);
      s = m ? definitions[m[1]] : undefined;
    }
    return s;
  };

  const describedBy = (prop: JsonSchema | undefined) => textOf(prop) ?? textOf(deref(prop));

  const enumInfo = (s: JsonSchema | undefined): EnumValueInfo[] | undefined => {
    const r = deref(s);
    if (!r?.enum) return undefined;
    const en = r['x-enum-descriptions'] ?? [];
    return r.enum.map((value, i) => ({ value, description: en[i] ? localizedSchemaText(en[i]) : undefined }));
  };

  const typesOf = (s: JsonSchema | undefined): string[] => {
    const r = deref(s);
    if (!r?.type) return [];
    return Array.isArray(r.type) ? r.type : [r.type];
  };

  /** A step by its own type; any schema with its conditional properties that hold for `value`. */
  const resolve = (schema: JsonSchema | undefined, value: unknown): JsonSchema | undefined => {
    let s = deref(schema);
    if (s && s === stepDefinition) {
      const type = child(value, dialect.typeKey);
      s = (typeof type === 'string' && dialect.stepDefinitionByType.get(type)) || withoutType;
    }
    let merged: JsonSchema | undefined;
    for (const branch of s?.allOf ?? []) {
      const then = branch.then;
      if (!then?.properties || then.$ref || !conditionHolds(branch.if, value)) continue;
      merged = { ...(merged ?? s), properties: { ...(merged ?? s)!.properties, ...then.properties } };
    }
    return merged ?? s;
  };

  const schemaAt = (path: DocumentPath, root: unknown): JsonSchema | undefined => {
    let s: JsonSchema | undefined = dialect.root;
    let value = root;
    for (const seg of path) {
      s = resolve(s, value);
      if (!s) return undefined;
      const isIndex = typeof seg === 'number' || /^\d+$/.test(seg);
      s = isIndex && s.items ? s.items : s.properties?.[String(seg)];
      value = child(value, seg);
    }
    return resolve(s, value);
  };

  const propertyInfo = (name: string, prop: JsonSchema, owner: JsonSchema): PropertyInfo => ({
    name,
    description: describedBy(prop),
    required: owner.required?.includes(name) ?? false,
    types: typesOf(prop),
    enumValues: enumInfo(prop),
    default: deref(prop)?.default,
    schema: deref(prop),
  });

  const enumValuesAt = (path: DocumentPath, root: unknown): EnumValueInfo[] => {
    if (path.length === 0) return [];
    const owner = schemaAt(path.slice(0, -1), root);
    const prop = owner?.properties?.[String(path[path.length - 1])];
    return enumInfo(prop) ?? (typesOf(prop).includes('boolean') ? [{ value: true }, { value: false }] : []);
  };

  return {
    schemaAt,
    propertiesAt(path, root) {
      const owner = schemaAt(path, root);
      if (!owner?.properties) return [];
      return Object.entries(owner.properties).map(([name, prop]) => propertyInfo(name, prop, owner));
    },
    propertyAt(path, root) {
      if (path.length === 0) return undefined;
      const name = String(path[path.length - 1]);
      const owner = schemaAt(path.slice(0, -1), root);
      const prop = owner?.properties?.[name];
      return owner && prop ? propertyInfo(name, prop, owner) : undefined;
    },
    enumValuesAt,
    enumValueDescription: (path, root, value) => enumValuesAt(path, root).find((v) => v.value === value)?.description,
    stepTypes: () => enumInfo(stepDefinition?.properties?.[dialect.typeKey]) ?? [],
    schemaForStepType: (type) => dialect.stepDefinitionByType.get(type),
  };
}

/** Classic FDL's catalogue (schemas/fdl-v1.schema.json). */
export const FDL_CATALOG = schemaCatalog(FDL_DIALECT_SCHEMA, 'passStep');

export const schemaAt = FDL_CATALOG.schemaAt;
export const propertiesAt = FDL_CATALOG.propertiesAt;
export const propertyAt = FDL_CATALOG.propertyAt;
export const enumValuesAt = FDL_CATALOG.enumValuesAt;
export const enumValueDescription = FDL_CATALOG.enumValueDescription;
export const schemaForStepType = FDL_CATALOG.schemaForStepType;

/** The step kinds with their descriptions, in the order the docs list them. */
export function stepTypes(): EnumValueInfo[] {
  const types = FDL_CATALOG.stepTypes();
  return types.length ? types : STEP_TYPES.map((value) => ({ value }));
}
