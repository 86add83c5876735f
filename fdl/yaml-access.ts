/** Small typed readers over `yaml`'s AST, used to lift the model and by features that need raw nodes. */
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq, type Scalar } from 'yaml';
import type { Located, Span } from './model';

export function spanOf(node: YamlNode | null | undefined, fallback: Span = { start: 0, end: 0 }): Span {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

export function asMap(node: unknown): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

export function asSeq(node: unknown): YAMLSeq | undefined {
  return isSeq(node) ? node : undefined;
}

export function pairOf(map: YAMLMap | undefined, key: string): Pair | undefined {
  if (!map) return undefined;
  for (const item of map.items) {
    const k = item.key;
    if (isScalar(k) && String(k.value) === key) return item as Pair;
  }
  return undefined;
}

export function valueNode(map: YAMLMap | undefined, key: string): YamlNode | undefined {
  const v = pairOf(map, key)?.value;
  return v && typeof v === 'object' ? (v as YamlNode) : undefined;
}

/** The span of a key (for "unknown key" style findings). */
export function keySpan(map: YAMLMap | undefined, key: string): Span | undefined {
  const k = pairOf(map, key)?.key as YamlNode | undefined;
  return k?.range ? spanOf(k) : undefined;
}

export function scalarString(node: YamlNode | undefined): Located<string> | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (typeof v === 'string') return { value: v, span: spanOf(node) };
  // Numbers, booleans and tagged scalars written where text is expected keep their source text.
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return { value: sourceText(node as Scalar) ?? String(v), span: spanOf(node) };
  return { value: String(v), span: spanOf(node) };
}

export function scalarNumber(node: YamlNode | undefined): Located<number> | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  return typeof v === 'number' ? { value: v, span: spanOf(node) } : undefined;
}

export function scalarBoolean(node: YamlNode | undefined): Located<boolean> | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  return typeof v === 'boolean' ? { value: v, span: spanOf(node) } : undefined;
}

function sourceText(node: Scalar): string | undefined {
  return typeof node.source === 'string' ? node.source : undefined;
}

/** Plain JSON value of a node; aliases resolved by the document. Never throws. */
export function plainValue(node: YamlNode | undefined, toJS: (n: YamlNode) => unknown): unknown {
  if (!node) return undefined;
  try {
    return toJS(node);
  } catch {
    return undefined;
  }
}
