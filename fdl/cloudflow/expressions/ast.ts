/**
 * The syntax tree of CloudFlow's expression language (`Type: StateMachine` flows): what `.$` keys,
 * `ItemsPath`, Choice `Condition`, `Seconds.$` and `Timeout.$` hold. Every node carries its offsets
 * in the expression string, so rules, hover and evaluation errors can point at what was written.
 * Grammar and semantics: docs/cloudflow-expressions.md.
 */
import type { CompareOperator } from '../../expressions/scanner';
import type { Span } from '../../model';

/** `$Item` is the item of a distributed Map's `ItemConstructor`; the others are documented everywhere. */
export type SmRoot = '$Input' | '$Output' | '$Context' | '$Item';
export const SM_ROOTS: readonly SmRoot[] = ['$Input', '$Output', '$Context', '$Item'];

export type SmCompareOperator = CompareOperator;
export type SmLiteralValue = string | number | boolean | null;

export type SmPathSegment = { kind: 'field'; name: string; span: Span } | { kind: 'index'; index: number; span: Span };

export interface SmPath {
  kind: 'path';
  root: SmRoot;
  rootSpan: Span;
  segments: SmPathSegment[];
  span: Span;
}

export interface SmCall {
  kind: 'call';
  name: string;
  nameSpan: Span;
  args: SmExpression[];
  span: Span;
}

export interface SmObjectEntry {
  key: string;
  keySpan: Span;
  value: SmExpression;
}

export type SmExpression =
  | SmPath
  | SmCall
  | { kind: 'literal'; value: SmLiteralValue; span: Span }
  | { kind: 'array'; elements: SmExpression[]; span: Span }
  | { kind: 'object'; entries: SmObjectEntry[]; span: Span }
  | { kind: 'compare'; op: SmCompareOperator; opSpan: Span; left: SmExpression; right: SmExpression; span: Span }
  | { kind: 'and' | 'or'; operands: SmExpression[]; span: Span };

/** Every node of a tree, parents before children, in source order. Iterative: deep trees cannot overflow. */
export function walkSmExpression(root: SmExpression): SmExpression[] {
  const out: SmExpression[] = [];
  const stack: SmExpression[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    const children = childrenOf(n);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return out;
}

function childrenOf(n: SmExpression): SmExpression[] {
  switch (n.kind) {
    case 'call':
      return n.args;
    case 'array':
      return n.elements;
    case 'object':
      return n.entries.map((e) => e.value);
    case 'compare':
      return [n.left, n.right];
    case 'and':
    case 'or':
      return n.operands;
    default:
      return [];
  }
}

/** The paths an expression reads, in source order (for completion, hover and the `$Output` placement rule). */
export function smExpressionPaths(root: SmExpression): SmPath[] {
  return walkSmExpression(root).filter((n): n is SmPath => n.kind === 'path');
}

/** The built-in function calls of an expression, outermost first. */
export function smExpressionCalls(root: SmExpression): SmCall[] {
  return walkSmExpression(root).filter((n): n is SmCall => n.kind === 'call');
}
