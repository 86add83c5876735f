// Types of the generated statemachine-validator.js (scripts/schema-validators-source.mjs).
import type { ValidateFunction } from 'ajv';

/** The `$id` of schemas/cloudflow-statemachine.schema.json. */
export declare const id: string;
/** The StateMachine format (schemas/cloudflow-statemachine.schema.json). */
export declare const statemachine: ValidateFunction;
