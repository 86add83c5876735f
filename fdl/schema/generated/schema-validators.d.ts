// Types of the generated schema-validators.js (scripts/schema-validators-source.mjs).
import type { ValidateFunction } from 'ajv';

/** FDL v1 (schemas/fdl-v1.schema.json). */
export declare const fdl: ValidateFunction;
/** The StateMachine format (schemas/cloudflow-statemachine.schema.json). */
export declare const statemachine: ValidateFunction;
