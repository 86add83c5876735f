// Types of the generated step-keys.js (scripts/schema-validators-source.mjs).

/** Every key any classic step definition (`…Step`) of schemas/fdl-v1.schema.json declares. */
export declare const CLASSIC_STEP_KEYS: readonly string[];
/** Every key any state definition (`…State`) of schemas/cloudflow-statemachine.schema.json declares. */
export declare const STATE_KEYS: readonly string[];
