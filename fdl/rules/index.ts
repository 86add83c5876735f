import type { Check } from '../check';
import { checkCallbackToken } from './callback-token';
import { checkChoiceDefault } from './choice-default';
import { checkErrorMappings } from './error-mappings';
import { checkErrorNames } from './error-names';
import { checkErrorPolicyOrder } from './error-policy-order';
import { checkExpressions } from './expressions';
import { checkFcInvocationPattern } from './fc-invocation-pattern';
import { checkForeachConcurrency } from './foreach-concurrency';
import { checkGotoTargets } from './goto-targets';
import { checkLoopWithoutWait } from './loop-without-wait';
import { checkReachability } from './reachability';
import { checkResourceArns } from './resource-arn';
import { checkRetryInterval } from './retry-interval';
import { checkServiceParamValues } from './service-param-values';
import { checkServiceParams } from './service-params';
import { checkDuplicateStepNames } from './step-names';
import { checkTaskPatterns } from './task-pattern';
import { checkUnmappedInput } from './unmapped-input';
import { checkWaitTime } from './wait-time';

/** Every semantic rule, in the order they run. One file per rule family in this folder. */
export const RULES: Check[] = [
  checkDuplicateStepNames,
  checkGotoTargets,
  checkReachability,
  checkResourceArns,
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
];

/** Stable codes the rules report (for docs, tests and quick fixes). */
export const RULE_CODES = [
  'duplicate-step-name',
  'unknown-goto-target',
  'unreachable-step',
  'end-has-no-effect',
  'invalid-resource-arn',
  'resource-arn-placeholder',
  'unsupported-resource-kind',
  'pattern-not-supported',
  'unknown-service-param',
  'invalid-invocation-type',
  'stateful-async-without-async',
  'callback-token-not-passed',
  'invalid-expression',
  'unknown-context-field',
  'foreach-collection-not-path',
  'unknown-error-name',
  'wait-duration-and-timestamp',
  'wait-too-long',
  'missing-service-param',
  'invalid-service-param-value',
  'service-param-not-unique',
  'sync-pattern-with-sync-invocation',
  'async-result-not-awaited',
  'input-key-not-mapped',
  'error-policy-shadowed',
  'loop-without-wait',
  'error-mappings-without-catch',
  'error-mapping-source',
  'retry-interval-too-long',
  'max-concurrency-local-only',
  'choice-without-default',
] as const;
