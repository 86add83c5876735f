/**
 * The classic format's semantic rules, in the order they run, and the codes they report (each rule
 * declares its own beside it). CONTRIBUTING.md, "A new diagnostic rule".
 */
import type { Check } from '../check';
import { checkCallbackToken, CALLBACK_TOKEN_CODES } from './callback-token';
import { checkChoiceDefault, CHOICE_DEFAULT_CODES } from './choice-default';
import { checkErrorMappings, ERROR_MAPPING_CODES } from './error-mappings';
import { checkErrorNames, ERROR_NAME_CODES } from './error-names';
import { checkErrorPolicyOrder, ERROR_POLICY_ORDER_CODES } from './error-policy-order';
import { checkExpressions, EXPRESSION_CODES } from './expressions';
import { checkFcInvocationPattern, FC_INVOCATION_PATTERN_CODES } from './fc-invocation-pattern';
import { checkForeachConcurrency, FOREACH_CONCURRENCY_CODES } from './foreach-concurrency';
import { checkGotoTargets, GOTO_TARGET_CODES } from './goto-targets';
import { checkLoopWithoutWait, LOOP_WITHOUT_WAIT_CODES } from './loop-without-wait';
import { checkNumberRange, NUMBER_RANGE_CODES } from './number-range';
import { checkReachability, REACHABILITY_CODES } from './reachability';
import { checkDeployTagCount, checkResourceArns, RESOURCE_ARN_CODES } from './resource-arn';
import { checkRetryInterval, RETRY_INTERVAL_CODES } from './retry-interval';
import { checkServiceParamValues, SERVICE_PARAM_VALUE_CODES } from './service-param-values';
import { checkServiceParams, SERVICE_PARAM_CODES } from './service-params';
import { checkStepNameLength, STEP_NAME_LENGTH_CODES } from './step-name-length';
import { checkDuplicateStepNames, STEP_NAME_CODES } from './step-names';
import { checkTaskPatterns, TASK_PATTERN_CODES } from './task-pattern';
import { checkUnmappedInput, UNMAPPED_INPUT_CODES } from './unmapped-input';
import { checkWaitTime, WAIT_TIME_CODES } from './wait-time';

/** Every semantic rule, in the order they run. One file per rule family in this folder. */
export const RULES: Check[] = [
  checkDuplicateStepNames,
  checkGotoTargets,
  checkReachability,
  checkResourceArns,
  checkDeployTagCount,
  checkTaskPatterns,
  checkServiceParams,
  checkCallbackToken,
  checkExpressions,
  checkErrorNames,
  checkWaitTime,
  checkServiceParamValues,
  checkFcInvocationPattern,
  checkUnmappedInput,
  checkErrorPolicyOrder,
  checkLoopWithoutWait,
  checkErrorMappings,
  checkRetryInterval,
  checkForeachConcurrency,
  checkChoiceDefault,
  checkNumberRange,
  checkStepNameLength,
];

/** Stable codes the rules report (for docs, tests and quick fixes), each declared beside its rule. */
export const RULE_CODES = [
  ...STEP_NAME_CODES,
  ...GOTO_TARGET_CODES,
  ...REACHABILITY_CODES,
  ...RESOURCE_ARN_CODES,
  ...TASK_PATTERN_CODES,
  ...SERVICE_PARAM_CODES,
  ...CALLBACK_TOKEN_CODES,
  ...EXPRESSION_CODES,
  ...ERROR_NAME_CODES,
  ...WAIT_TIME_CODES,
  ...SERVICE_PARAM_VALUE_CODES,
  ...FC_INVOCATION_PATTERN_CODES,
  ...UNMAPPED_INPUT_CODES,
  ...ERROR_POLICY_ORDER_CODES,
  ...LOOP_WITHOUT_WAIT_CODES,
  ...ERROR_MAPPING_CODES,
  ...RETRY_INTERVAL_CODES,
  ...FOREACH_CONCURRENCY_CODES,
  ...CHOICE_DEFAULT_CODES,
  ...NUMBER_RANGE_CODES,
  ...STEP_NAME_LENGTH_CODES,
] as const;
