/**
 * Evaluating a choice condition. The docs only say comparisons apply to strings and numbers and
 * that a condition must yield a boolean; where they are silent we chose (and the engine follows):
 *
 * - A path that finds nothing is `null` (so `$.missing == null` is true, `$.missing != "x"` true).
 * - `==` / `!=` compare JSON values strictly: no coercion, so `"true" == true` is false and
 *   `1 == "1"` is false; arrays and objects compare deeply.
 * - `<` `<=` `>` `>=` compare two numbers numerically or two strings by UTF-16 code units;
 *   any other pair (mixed types, null, booleans, objects) makes the comparison false.
 * - A bare value used as a condition or as an operand of `&&`, `||`, `!` is true only when it is
 *   the boolean `true` (a bare `$.hasMore` holding `"true"`, 1 or an object is false).
 * - `&&` and `||` short-circuit left to right.
 */
import type { ConditionAst } from './condition';
import { evaluatePath, type PathScope } from './path-evaluate';

export function evaluateCondition(ast: ConditionAst, scope: PathScope): boolean {
  return valueOf(ast, scope) === true;
}

function valueOf(node: ConditionAst, scope: PathScope): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'path': {
      const v = evaluatePath(node, scope);
      return v === undefined ? null : v;
    }
    case 'not':
      return valueOf(node.operand, scope) !== true;
    case 'and':
      return node.operands.every((o) => valueOf(o, scope) === true);
    case 'or':
      return node.operands.some((o) => valueOf(o, scope) === true);
    case 'compare': {
      const a = valueOf(node.left, scope);
      const b = valueOf(node.right, scope);
      switch (node.op) {
        case '==':
          return jsonEquals(a, b);
        case '!=':
          return !jsonEquals(a, b);
        default:
          return ordered(node.op, a, b);
      }
    }
  }
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

/** Strict structural equality of JSON values (no coercion). Iterative, so deep data cannot overflow. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) {
      const ya = y as unknown[];
      if (x.length !== ya.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], ya[i]]);
    } else {
      const xo = x as Record<string, unknown>;
      const yo = y as Record<string, unknown>;
      const xk = Object.keys(xo);
      if (xk.length !== Object.keys(yo).length) return false;
      for (const k of xk) {
        if (!Object.prototype.hasOwnProperty.call(yo, k)) return false;
        stack.push([xo[k], yo[k]]);
      }
    }
  }
  return true;
}
