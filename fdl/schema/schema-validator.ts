/**
 * The compiled FDL schema validator: compiled once per process, on first use.
 *
 * `allErrors` so a file with three typos shows three findings at once; `verbose` so each error
 * carries its `parentSchema` (which definition failed) and `data` (the offending value) and the
 * mapping to diagnostics needs no second walk. `strict: false` because the schema carries our own
 * annotation keywords (`x-description-zh`, …) and type unions with keyword siblings.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { FDL_SCHEMA } from './fdl-schema';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false });
    compiled = ajv.compile(FDL_SCHEMA);
  }
  return compiled;
}

/** Every structural error of a whole document value; empty when the value is a valid flow. */
export function validateFlowValue(value: unknown): ErrorObject[] {
  const validate = validator();
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

export type { ErrorObject };
