/**
 * The compiled schema validators (FDL v1's, the StateMachine format's): each compiled once per process, on first use.
 *
 * `allErrors` so a file with three typos shows three findings at once; `verbose` so each error
 * carries its `parentSchema` (which definition failed) and `data` (the offending value) and the
 * mapping to diagnostics needs no second walk. `strict: false` because the schema carries our own
 * annotation keywords (`x-description-zh`, …) and type unions with keyword siblings.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { FDL_SCHEMA, type JsonSchema } from './fdl-schema';

/** One validator per schema (each dialect has its own), compiled on first use. */
const compiled = new Map<JsonSchema, ValidateFunction>();

function validator(schema: JsonSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false });
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** Every structural error of a whole document value; empty when the value is a valid flow (of `schema`, FDL v1 by default). */
export function validateFlowValue(value: unknown, schema: JsonSchema = FDL_SCHEMA): ErrorObject[] {
  const validate = validator(schema);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

export type { ErrorObject };
