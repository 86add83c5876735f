/**
 * The analysis of a StateMachine document (`Type: StateMachine`): the checks `analyze` runs
 * instead of the classic schema and rules when fdl/dialect.ts says the document is in that format.
 * Structure first (the schema), then names and transitions, then expressions, then tasks
 * (TaskMode × invocationType, the callback token) and the limits the schema cannot say.
 *
 * The schema, expression, task and limit checks are required when a StateMachine document is first
 * checked, not when the analysis is loaded: a classic flow's first diagnostics (the language
 * server's start, `fdl validate`) then do not evaluate them or CloudFlow's expression language
 * (docs/cold-start.md). The names check stays eager: the analysis reads its entries either way.
 */
import type { Check } from '../check';
import { checkStateNames, SM_NAME_CODES } from './statemachine-names';
import { checkNumberRange, NUMBER_RANGE_CODES } from '../rules/number-range';
import type * as Expressions from './statemachine-expressions';
import type * as Limits from './statemachine-limits';
import type * as Schema from './statemachine-schema';
import type * as Tasks from './statemachine-tasks';

/* eslint-disable @typescript-eslint/no-require-imports -- required when a StateMachine document is first checked (above) */
const expressions = () => require('./statemachine-expressions') as typeof Expressions;
const limits = () => require('./statemachine-limits') as typeof Limits;
const schema = () => require('./statemachine-schema') as typeof Schema;
const tasks = () => require('./statemachine-tasks') as typeof Tasks;
/* eslint-enable @typescript-eslint/no-require-imports */

/** A check whose module is required when the analysis first reads one of its fields. */
function onFirstUse(load: () => Check): Check {
  let check: Check | undefined;
  const real = () => (check ??= load());
  return {
    get name() {
      return real().name;
    },
    get run() {
      return real().run;
    },
    get reach() {
      return real().reach;
    },
    get reword() {
      return real().reword;
    },
    get parts() {
      return real().parts;
    },
  };
}

export const STATEMACHINE_CHECKS: Check[] = [
  onFirstUse(() => schema().checkStateMachineSchema),
  checkStateNames,
  onFirstUse(() => expressions().checkStateMachineExpressions),
  onFirstUse(() => tasks().checkStateMachineTasks),
  onFirstUse(() => limits().checkStateMachineLimits),
  checkNumberRange,
];

/** Stable codes of the StateMachine rules (the schema's codes are fdl/schema's SCHEMA_CODES). */
export function stateMachineRuleCodes(): readonly string[] {
  return [...SM_NAME_CODES, ...expressions().SM_EXPRESSION_CODES, ...tasks().SM_TASK_CODES, ...limits().SM_LIMIT_CODES, ...NUMBER_RANGE_CODES];
}
