/**
 * Evaluating CloudFlow expressions over a scope. Where the docs are silent we chose (and the engine
 * follows; docs/cloudflow-expressions.md says why):
 *
 * - A path that finds nothing (missing key, index out of range, a field of a non-object) is `null`.
 *   Only own keys are read, so `$Input.constructor` is `null`, not a JavaScript function.
 * - `$Output` outside an OutputConstructor, and `$Item` outside an ItemConstructor, are errors.
 * - `==` / `!=` compare JSON values strictly (no coercion: `1 == "1"` is false; arrays and objects
 *   compare deeply). `<` `<=` `>` `>=` compare two numbers, or two strings by UTF-16 code units;
 *   any other pair is false. These are the classic dialect's choices, shared on purpose.
 * - `&&` and `||` short-circuit and yield booleans; an operand counts as true only if it is `true`.
 * - Built-in functions: `functions.ts`. Any wrong argument is a located error, never an exception.
 */
import { jsonEquals } from '../../expressions/condition-evaluate';
import { defineMessages, type MessageText } from '../../messages';
import type { SmExpression, SmPath } from './ast';
import { SmExpressionFailure, smFail, type SmEvaluationErrorCode, type SmExpressionError } from './errors';
import { argumentCountMessage, unknownFunctionMessage } from './check-messages';
import { SM_FUNCTIONS } from './function-catalog';
import { SM_FUNCTION_IMPLS } from './functions';
import { setOwn } from './own-property';
import type { SmScope } from './scope';

export type SmEvaluationResult = { ok: true; value: unknown } | { ok: false; error: SmExpressionError<SmEvaluationErrorCode> };

const messages = defineMessages({
  outputUnavailable: "`$Output` (the task's result) can only be read in an OutputConstructor.",
  itemUnavailable: "`$Item` can only be read in a distributed Map's ItemConstructor.",
  tooDeepData: 'The data this expression works on is nested too deeply to process.',
});

export const SM_ROOT_UNAVAILABLE: Record<'$Output' | '$Item', MessageText> = {
  $Output: messages.outputUnavailable,
  $Item: messages.itemUnavailable,
};

/** Evaluates a parsed expression. Never throws. */
export function evaluateSmExpression(ast: SmExpression, scope: SmScope): SmEvaluationResult {
  try {
    return { ok: true, value: valueOf(ast, scope) };
  } catch (e) {
    if (e instanceof SmExpressionFailure) return { ok: false, error: e.error as SmExpressionError<SmEvaluationErrorCode> };
    // Deeply nested data can exhaust the stack inside JSON.stringify and friends.
    if (e instanceof RangeError) {
      return { ok: false, error: { code: 'result-too-large', start: ast.span.start, end: Math.max(ast.span.end, ast.span.start + 1), message: messages.tooDeepData } };
    }
    throw e;
  }
}

/** A Choice `Condition`: true only when the expression yields the boolean `true`. */
export function evaluateSmCondition(ast: SmExpression, scope: SmScope): { ok: true; value: boolean } | { ok: false; error: SmExpressionError<SmEvaluationErrorCode> } {
  const r = evaluateSmExpression(ast, scope);
  return r.ok ? { ok: true, value: r.value === true } : r;
}

function valueOf(node: SmExpression, scope: SmScope): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'path':
      return readPath(node, scope);
    case 'array':
      return node.elements.map((e) => valueOf(e, scope));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) setOwn(out, e.key, valueOf(e.value, scope));
      return out;
    }
    case 'and':
      return node.operands.every((o) => valueOf(o, scope) === true);
    case 'or':
      return node.operands.some((o) => valueOf(o, scope) === true);
    case 'compare': {
      const a = valueOf(node.left, scope);
      const b = valueOf(node.right, scope);
      if (node.op === '==') return jsonEquals(a, b);
      if (node.op === '!=') return !jsonEquals(a, b);
      return ordered(node.op, a, b);
    }
    case 'call': {
      const info = SM_FUNCTIONS.get(node.name);
      const impl = SM_FUNCTION_IMPLS.get(node.name);
      if (!info || !impl) smFail('unknown-function', node.nameSpan.start, node.nameSpan.end, unknownFunctionMessage(node.name));
      if (node.args.length < info.minArgs || node.args.length > info.maxArgs) {
        smFail('argument-count', node.span.start, node.span.end, argumentCountMessage(info, node.args.length));
      }
      const args = node.args.map((a) => valueOf(a, scope));
      const value = impl(args, node, scope);
      return value === undefined ? null : value;
    }
  }
}

function readPath(node: SmPath, scope: SmScope): unknown {
  let v: unknown;
  switch (node.root) {
    case '$Input':
      v = scope.Input;
      break;
    case '$Context':
      v = scope.Context;
      break;
    case '$Output':
    case '$Item':
      v = node.root === '$Output' ? scope.Output : scope.Item;
      if (v === undefined) smFail('root-not-allowed', node.rootSpan.start, node.rootSpan.end, SM_ROOT_UNAVAILABLE[node.root]);
      break;
  }
  for (const s of node.segments) {
    if (s.kind === 'field') {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, s.name)) return null;
      v = (v as Record<string, unknown>)[s.name];
    } else {
      if (!Array.isArray(v) || s.index >= v.length) return null;
      v = v[s.index];
    }
  }
  return v === undefined ? null : v;
}

function ordered(op: '<' | '<=' | '>' | '>=', a: unknown, b: unknown): boolean {
  const comparable = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}
