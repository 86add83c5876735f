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
  'x-description-zh'?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  'x-enum-descriptions'?: string[];
  'x-enum-descriptions-zh'?: string[];
  /** Why a `pattern` failed, in words (en / zh); the raw regex is never shown to users. */
  'x-pattern-hint'?: string;
  'x-pattern-hint-zh'?: string;
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

const definitions: Record<string, JsonSchema> = FDL_SCHEMA.definitions ?? {};

/** Name of a definition by object identity (ajv reports `parentSchema` as the original object). */
const nameByDefinition = new Map<JsonSchema, string>(Object.entries(definitions).map(([k, v]) => [v, k]));

/** `flow` for the root schema, the definition name (`taskStep`, `retryPolicy`, …) otherwise. */
export function definitionName(schema: JsonSchema | undefined): string | undefined {
  if (!schema) return undefined;
  if (schema === FDL_SCHEMA) return 'flow';
  return nameByDefinition.get(schema);
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
export const STEP_DEFINITION_BY_TYPE: ReadonlyMap<string, JsonSchema> = new Map(
  (definitions.step?.allOf ?? []).flatMap((branch) => {
    const t = branch.if?.properties?.type?.const;
    const target = deref(branch.then);
    return typeof t === 'string' && target ? [[t, target] as const] : [];
  }),
);
