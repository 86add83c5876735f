/** Typed readers over the located tree (tree.ts): the model's `Located<T>` values from nodes. */
import type { Located, Span } from '../span';
import { NodeKind, mapKey, type YNode } from './tree';

export function scalarString(node: YNode | null | undefined): Located<string> | undefined {
  if (!node || node.kind !== NodeKind.Scalar) return undefined;
  const v = node.value;
  if (typeof v === 'string') return { value: v, span: { start: node.s, end: node.e } };
  // Numbers, booleans and tagged scalars written where text is expected keep their source text.
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return { value: node.source ?? String(v), span: { start: node.s, end: node.e } };
  return { value: String(v), span: { start: node.s, end: node.e } };
}

export function scalarNumber(node: YNode | null | undefined): Located<number> | undefined {
  if (!node || node.kind !== NodeKind.Scalar) return undefined;
  const v = node.value;
  return typeof v === 'number' ? { value: v, span: { start: node.s, end: node.e } } : undefined;
}

export function scalarBoolean(node: YNode | null | undefined): Located<boolean> | undefined {
  if (!node || node.kind !== NodeKind.Scalar) return undefined;
  const v = node.value;
  return typeof v === 'boolean' ? { value: v, span: { start: node.s, end: node.e } } : undefined;
}

/** The span of a key (for "unknown key" style findings). */
export function keySpan(map: YNode | null | undefined, key: string): Span | undefined {
  const k = mapKey(map, key);
  return k ? { start: k.s, end: k.e } : undefined;
}

/** A node's plain JSON value as the reader that built it knows it (aliases resolved). */
export type ToJS = (n: YNode) => unknown;

/** Plain JSON value of a node, by the reader's `toJS` (aliases resolved). Never throws. */
export function plainValue(node: YNode | null | undefined, toJS: ToJS): unknown {
  if (!node) return undefined;
  try {
    return toJS(node);
  } catch {
    return undefined;
  }
}
