/** The expression languages of FDL: reference paths and choice conditions. Pure, never throw. */
export { type ExpressionError, type ExpressionErrorCode, type ParseResult } from './expression-error';
export { MAX_EXPRESSION_LENGTH, MAX_CONDITION_DEPTH } from './limits';
export { parsePath, formatPath, PATH_ROOTS, type PathAst, type PathRoot, type PathSegment } from './path';
export { evaluatePath, type PathScope } from './path-evaluate';
export { parseCondition, conditionPaths, type ConditionAst, type CompareOperator, type LiteralValue } from './condition';
export { evaluateCondition, jsonEquals } from './condition-evaluate';
export { isPathSource, classifySource, type MappingSource } from './mapping-source';
