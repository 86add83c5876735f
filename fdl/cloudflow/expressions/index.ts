/**
 * CloudFlow's expression language (`Type: StateMachine` flows): parsing with located errors, static
 * checks, evaluation with the built-in functions, and constructors. Pure; never throws on any input.
 * Grammar and semantics: docs/cloudflow-expressions.md.
 */
export { SM_ROOTS, walkSmExpression, smExpressionPaths, smExpressionCalls } from './ast';
export type { SmExpression, SmPath, SmPathSegment, SmCall, SmObjectEntry, SmRoot, SmCompareOperator, SmLiteralValue } from './ast';
export type { SmExpressionError, SmExpressionErrorCode, SmSyntaxErrorCode, SmCheckErrorCode, SmEvaluationErrorCode, SmConstructorErrorCode, SmParseResult } from './errors';
export { MAX_SM_EXPRESSION_LENGTH, MAX_SM_CALL_DEPTH, MAX_SM_NESTING, MAX_SM_STRING_LENGTH, MAX_SM_ARRAY_LENGTH, MAX_SM_CONSTRUCTOR_DEPTH } from './limits';
export { parseSmExpression } from './parse';
export { parseSmExpressionCached } from './parse-cache';
export { checkSmExpression, SM_CONTEXT_FIELDS, type SmCheckOptions, type SmCheckFinding } from './check';
export { evaluateSmExpression, evaluateSmCondition, type SmEvaluationResult } from './evaluate';
export { evaluateSmConstructor, EXPRESSION_KEY_SUFFIX, type SmConstructorError, type SmConstructorResult } from './constructor';
export { SM_FUNCTIONS, SM_FUNCTION_NAMES, SM_FUNCTIONS_DOC_URL, type SmFunctionInfo, type SmFunctionEvidence } from './function-catalog';
export type { SmScope } from './scope';
export { SM_PLACE_ROOTS, type SmExpressionPlace } from './places';
export { looksLikeSmExpression } from './looks-like';
