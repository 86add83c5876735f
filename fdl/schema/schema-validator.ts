/**
 * The schema validators (FDL v1's, the StateMachine format's), compiled ahead of time by ajv
 * (generated/schema-validators.js, written by `npm run build`): no process pays for compiling a
 * schema when it starts.
 *
 * `allErrors` so a file with three typos shows three findings at once; `verbose` so each error
 * carries its `parentSchema` (which definition failed: an object of the schema file itself) and
 * `data` (the offending value), and the mapping to diagnostics needs no second walk.
 * `strict: false` because the schema carries our own annotation keywords (`x-enum-descriptions`, …)
 * and type unions with keyword siblings.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { FDL_SCHEMA, type JsonSchema } from './fdl-schema';
import stateMachineSchema from '../../schemas/cloudflow-statemachine.schema.json';
import { fdl, statemachine } from './generated/schema-validators';

/** The validator of a dialect's schema, by the schema's `$id`. */
const BY_ID = new Map<unknown, ValidateFunction>([
  [FDL_SCHEMA.$id, fdl],
  [stateMachineSchema.$id, statemachine],
]);

/** Every structural error of a whole document value; empty when the value is a valid flow (of `schema`, FDL v1 by default). */
export function validateFlowValue(value: unknown, schema: JsonSchema = FDL_SCHEMA): ErrorObject[] {
  const validate = BY_ID.get(schema.$id);
  if (!validate) throw new Error(`no compiled validator for schema ${String(schema.$id)}`);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

export type { ErrorObject };
