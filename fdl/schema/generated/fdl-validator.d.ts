// Types of the generated fdl-validator.js (scripts/schema-validators-source.mjs).
import type { ValidateFunction } from 'ajv';

/** The `$id` of schemas/fdl-v1.schema.json. */
export declare const id: string;
/** FDL v1 (schemas/fdl-v1.schema.json). */
export declare const fdl: ValidateFunction;
