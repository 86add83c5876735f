/**
 * The StateMachine format's JSON Schema (schemas/cloudflow-statemachine.schema.json) as the schema
 * check reads it: the same machinery as classic FDL's (fdl/schema/), given this schema, whose
 * states dispatch on `Type` in the `state` definition and are listed under `States`.
 */
import rawSchema from '../../schemas/cloudflow-statemachine.schema.json';
import type { Check } from '../check';
import { reportSchemaErrors } from '../schema/check-schema';
import { dialectSchema, type JsonSchema } from '../schema/fdl-schema';
import { schemaCatalog } from '../schema/schema-catalog';

export const STATEMACHINE_SCHEMA = dialectSchema(rawSchema as unknown as JsonSchema, { stepDefinition: 'state', typeKey: 'Type', listKey: 'States' });

export const checkStateMachineSchema: Check = {
  name: 'statemachine-schema',
  reach: 'item',
  run(ctx) {
    reportSchemaErrors(ctx, STATEMACHINE_SCHEMA);
  },
};

/** The schema as a catalogue for completion and hover (fdl/schema/schema-catalog.ts); a state without `Type` yet offers a Pass state's keys, the ones every state has. */
export const STATEMACHINE_CATALOG = schemaCatalog(STATEMACHINE_SCHEMA, 'passState');
