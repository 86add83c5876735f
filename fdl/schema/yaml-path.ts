/**
 * Finds where a JSON path (ajv's `instancePath`) was written in the YAML document, so a
 * structural error lands on the offending key or value rather than on the whole file.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode, type Pair } from 'yaml';
import type { Span } from '../model';
import { pairOf, spanOf } from '../yaml-access';

export interface LocatedPath {
  /** The node at the full path, if every segment was found. */
  node?: YamlNode;
  /** The pair whose value is `node` (absent for sequence items and the root). */
  pair?: Pair;
  /** The deepest node that was found, for a fallback range. */
  deepest?: YamlNode;
}

/** `/steps/0/re~1try` → `['steps', '0', 're/try']` (RFC 6901 unescaping). */
export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolve(doc: Document, node: unknown): YamlNode | undefined {
  let n = node as YamlNode | undefined;
  for (let i = 0; isAlias(n) && i < 50; i++) n = (n as unknown as { resolve(d: Document): YamlNode | undefined }).resolve(doc);
  return n && typeof n === 'object' ? n : undefined;
}

export function locatePath(doc: Document, segments: readonly string[]): LocatedPath {
  let node = resolve(doc, doc.contents);
  let pair: Pair | undefined;
  let deepest = node;
  for (const seg of segments) {
    if (isMap(node)) {
      pair = pairOf(node, seg);
      node = resolve(doc, pair?.value);
    } else if (isSeq(node)) {
      pair = undefined;
      node = resolve(doc, node.items[Number(seg)]);
    } else {
      return { deepest };
    }
    if (!node) return { deepest, pair };
    deepest = node;
  }
  return { node, pair, deepest };
}

function nonEmpty(span: Span | undefined): Span | undefined {
  return span && span.end > span.start ? span : undefined;
}

/** The written key of a pair (for unknown or misplaced keys). */
export function keySpanOf(pair: Pair | undefined): Span | undefined {
  return nonEmpty(pair?.key && typeof pair.key === 'object' ? spanOf(pair.key as YamlNode) : undefined);
}

/** The value at a path; an empty value (`steps:` with nothing after it) falls back to its key. */
export function valueSpan(loc: LocatedPath, fallback: Span): Span {
  const value = loc.node && !(isScalar(loc.node) && loc.node.value === null) ? nonEmpty(spanOf(loc.node)) : undefined;
  return value ?? keySpanOf(loc.pair) ?? nonEmpty(spanOf(loc.deepest)) ?? fallback;
}

/**
 * Where to report something missing from a mapping: its first `key: value` line (for a step,
 * usually `- type: task`), so the squiggle stays on one line instead of covering the block.
 */
export function mappingHeadSpan(loc: LocatedPath, fallback: Span): Span {
  const map = loc.node;
  if (isMap(map) && map.items.length > 0) {
    const first = map.items[0];
    const start = keySpanOf(first as Pair)?.start;
    const valueNode = first.value as YamlNode | null;
    const end = valueNode && typeof valueNode === 'object' && !isMap(valueNode) && !isSeq(valueNode) ? spanOf(valueNode).end : keySpanOf(first as Pair)?.end;
    if (start !== undefined && end !== undefined && end > start) return { start, end };
  }
  return keySpanOf(loc.pair) ?? nonEmpty(spanOf(loc.deepest)) ?? fallback;
}
