/**
 * The schema validators (FDL v1's, the StateMachine format's), compiled ahead of time by ajv
 * (generated/<dialect>-validator.js, written by `npm run build`): no process pays for compiling a
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
import type * as ClassicValidator from './generated/fdl-validator';
import type * as StateMachineValidator from './generated/statemachine-validator';

// Each dialect's validator is required when a document of that dialect is first checked: a classic
// flow never evaluates the StateMachine one (and the 100 KB schema it reports from), nor a
// StateMachine flow the classic one (docs/cold-start.md).
/* eslint-disable @typescript-eslint/no-require-imports -- required on first use (above) */
const classic = () => require('./generated/fdl-validator') as typeof ClassicValidator;
const stateMachine = () => require('./generated/statemachine-validator') as typeof StateMachineValidator;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The validator of a dialect's schema, by the schema's `$id`. */
function validatorOf(schema: JsonSchema): ValidateFunction | undefined {
  if (schema.$id === FDL_SCHEMA.$id) return classic().fdl;
  const sm = stateMachine();
  return schema.$id === sm.id ? sm.statemachine : undefined;
}

/** Every structural error of a whole document value; empty when the value is a valid flow (of `schema`, FDL v1 by default). */
export function validateFlowValue(value: unknown, schema: JsonSchema = FDL_SCHEMA): ErrorObject[] {
  const validate = validatorOf(schema);
  if (!validate) throw new Error(`no compiled validator for schema ${String(schema.$id)}`);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

export type { ErrorObject };
