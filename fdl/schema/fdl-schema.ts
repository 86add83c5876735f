/**
 * The FDL v1 JSON Schema (schemas/fdl-v1.schema.json) as typed data.
 *
 * The JSON file is the single source of truth for structure, enums and descriptions: the schema
 * check validates against it and completion/hover read their words from it. It is imported (not
 * read from disk) so esbuild bundles it into dist/server.js and dist/cli.js.
 */
import rawSchema from '../../schemas/fdl-v1.schema.json';

/** The subset of JSON Schema draft-07 (plus our `x-` annotations) the FDL schema uses. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  'x-enum-descriptions'?: string[];
  /** Why a `pattern` failed, in words (translated like `description`); the raw regex is never shown to users. */
  'x-pattern-hint'?: string;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  pattern?: string;
  definitions?: Record<string, JsonSchema>;
  [k: string]: unknown;
}

export const FDL_SCHEMA = rawSchema as unknown as JsonSchema;

/**
 * What the schema check needs to know of a dialect's schema besides the schema itself: how its
 * definitions are named, and which definition dispatches its steps (or states) on which key, so an
 * error is worded by the definition of the step's own type ("a task step", "a Task state").
 */
export interface DialectSchema {
  root: JsonSchema;
  /** The definition that dispatches on the type key (`step`, `state`). */
  stepDefinition: string;
  /** The key naming a step's type (`type`, `Type`) and the key holding a list of steps (`steps`, `States`). */
  typeKey: string;
  listKey: string;
  /** A step's definition by the value of its type key. */
  stepDefinitionByType: ReadonlyMap<string, JsonSchema>;
  /** `flow` for the root, the definition's name otherwise (ajv reports `parentSchema` as the original object). */
  definitionName(schema: JsonSchema | undefined): string | undefined;
}

export function dialectSchema(root: JsonSchema, names: { stepDefinition: string; typeKey: string; listKey: string }): DialectSchema {
  const defs: Record<string, JsonSchema> = root.definitions ?? {};
  const nameOf = new Map<JsonSchema, string>(Object.entries(defs).map(([k, v]) => [v, k]));
  const follow = (schema: JsonSchema | undefined): JsonSchema | undefined => {
    let x = schema;
    for (let i = 0; x?.$ref && i < 10; i++) {
      const m = /^#\/definitions\/(.+)$/.exec(x.$ref);
      x = m ? defs[m[1]] : undefined;
    }
    return x;
  };
  const stepDefinitionByType = new Map(
    (defs[names.stepDefinition]?.allOf ?? []).flatMap((branch) => {
      const t = branch.if?.properties?.[names.typeKey]?.const;
      const target = follow(branch.then);
      return typeof t === 'string' && target ? [[t, target] as const] : [];
    }),
  );
  return {
    root,
    ...names,
    stepDefinitionByType,
    definitionName: (schema) => (!schema ? undefined : schema === root ? 'flow' : nameOf.get(schema)),
  };
}

export const FDL_DIALECT_SCHEMA = dialectSchema(FDL_SCHEMA, { stepDefinition: 'step', typeKey: 'type', listKey: 'steps' });

const definitions: Record<string, JsonSchema> = FDL_SCHEMA.definitions ?? {};

/** `flow` for the root schema, the definition name (`taskStep`, `retryPolicy`, …) otherwise. */
export function definitionName(schema: JsonSchema | undefined): string | undefined {
  return FDL_DIALECT_SCHEMA.definitionName(schema);
}

export function definition(name: string): JsonSchema | undefined {
  return definitions[name];
}

/** Follows a local `$ref` (`#/definitions/x`); other schemas are returned as they are. */
export function deref(schema: JsonSchema | undefined): JsonSchema | undefined {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) {
    const m = /^#\/definitions\/(.+)$/.exec(s.$ref);
    s = m ? definitions[m[1]] : undefined;
  }
  return s;
}

/** The step kinds, in schema order, read from the step dispatch. */
export const STEP_DEFINITION_BY_TYPE: ReadonlyMap<string, JsonSchema> = FDL_DIALECT_SCHEMA.stepDefinitionByType;
