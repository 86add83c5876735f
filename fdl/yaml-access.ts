/**
 * Small typed readers over `yaml`'s AST, for documents read with `yaml` itself (Serverless Devs
 * `s.yaml`). Flow files are read through the located tree instead (yaml/tree.ts, yaml/tree-read.ts).
 */
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Span } from './span';

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
