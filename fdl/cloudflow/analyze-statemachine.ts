/**
 * The analysis of a StateMachine document (`Type: StateMachine`): the checks `analyze` runs
 * instead of the classic schema and rules when fdl/dialect.ts says the document is in that format.
 * Structure first (the schema), then names and transitions, then expressions, then tasks
 * (TaskMode × invocationType, the callback token) and the limits the schema cannot say.
 */
import type { Check } from '../check';
import { checkStateMachineExpressions, SM_EXPRESSION_CODES } from './statemachine-expressions';
import { checkStateMachineLimits, SM_LIMIT_CODES } from './statemachine-limits';
import { checkStateNames, SM_NAME_CODES } from './statemachine-names';
import { checkStateMachineSchema } from './statemachine-schema';
import { checkStateMachineTasks, SM_TASK_CODES } from './statemachine-tasks';
import { checkNumberRange, NUMBER_RANGE_CODES } from '../rules/number-range';

export const STATEMACHINE_CHECKS: Check[] = [
  checkStateMachineSchema,
  checkStateNames,
  checkStateMachineExpressions,
  checkStateMachineTasks,
  checkStateMachineLimits,
  checkNumberRange,
];

/** Stable codes of the StateMachine rules (the schema's codes are fdl/schema's SCHEMA_CODES). */
export const STATEMACHINE_RULE_CODES = [...SM_NAME_CODES, ...SM_EXPRESSION_CODES, ...SM_TASK_CODES, ...SM_LIMIT_CODES, ...NUMBER_RANGE_CODES] as const;
