/**
 * The analysis of a StateMachine document (`Type: StateMachine`): the checks `analyze` runs
 * instead of the classic schema and rules when fdl/dialect.ts says the document is in that format.
 * Structure first (the schema), then names and transitions, then expressions.
 */
import type { Check } from '../check';
import { checkStateMachineExpressions, SM_EXPRESSION_CODES } from './statemachine-expressions';
import { checkStateNames, SM_NAME_CODES } from './statemachine-names';
import { checkStateMachineSchema } from './statemachine-schema';

export const STATEMACHINE_CHECKS: Check[] = [checkStateMachineSchema, checkStateNames, checkStateMachineExpressions];

/** Stable codes of the StateMachine rules (the schema's codes are fdl/schema's SCHEMA_CODES). */
export const STATEMACHINE_RULE_CODES = [...SM_NAME_CODES, ...SM_EXPRESSION_CODES] as const;
