/**
 * Finds where a JSON path (ajv's `instancePath`) was written in the YAML document, so a
 * structural error lands on the offending key or value rather than on the whole file.
 */
import type { Span } from '../model';
import { entryIndex, isMapNode, isScalarNode, isSeqNode, NodeKind, type YNode } from '../yaml/tree';

export interface LocatedPath {
  /** The node at the full path, if every segment was found. */
  node?: YNode;
  /** The key of the entry whose value is `node` (absent for sequence items and the root). */
  pair?: { key: YNode | null };
  /** The deepest node that was found, for a fallback range. */
  deepest?: YNode;
}

/** `/steps/0/re~1try` → `['steps', '0', 're/try']` (RFC 6901 unescaping). */
export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Follows aliases (their `value` is the node they name, see from-yaml-document.ts). */
function resolve(node: YNode | null | undefined): YNode | undefined {
  let n = node ?? undefined;
  for (let i = 0; n && n.kind === NodeKind.Other && i < 50; i++) n = (n.value as YNode | undefined) ?? undefined;
  return n;
}

export function locatePath(tree: YNode | undefined, segments: readonly string[]): LocatedPath {
  let node = resolve(tree);
  let pair: LocatedPath['pair'];
  let deepest = node;
  for (const seg of segments) {
    if (isMapNode(node)) {
      const i = entryIndex(node, seg);
      pair = i < 0 ? undefined : { key: node.items[i] };
      node = i < 0 ? undefined : resolve(node.items[i + 1]);
    } else if (isSeqNode(node)) {
      pair = undefined;
      node = resolve(node.items[Number(seg)]);
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

function spanOf(n: YNode | null | undefined): Span | undefined {
  return n ? { start: n.s, end: n.e } : undefined;
}

/** The written key of a pair (for unknown or misplaced keys). */
export function keySpanOf(pair: { key: YNode | null } | undefined): Span | undefined {
  return nonEmpty(spanOf(pair?.key));
}

/**
 * The value at a path; an empty value (`steps:` with nothing after it) falls back to its key, an
 * empty sequence item (`- ` alone, as typed to start a step) to the character before where its
 * value would be, on the item's dash line (a finding there then belongs to the item).
 */
export function valueSpan(loc: LocatedPath, fallback: Span): Span {
  const value = loc.node && !(isScalarNode(loc.node) && loc.node.value === null) ? nonEmpty(spanOf(loc.node)) : undefined;
  return value ?? keySpanOf(loc.pair) ?? nonEmpty(spanOf(loc.deepest)) ?? beforeEmpty(loc.deepest) ?? fallback;
}

function beforeEmpty(n: YNode | undefined): Span | undefined {
  return n && n.s === n.e && n.s > 0 ? { start: n.s - 1, end: n.s } : undefined;
}

/**
 * Where to report something missing from a mapping: its first `key: value` line (for a step,
 * usually `- type: task`), so the squiggle stays on one line instead of covering the block.
 */
export function mappingHeadSpan(loc: LocatedPath, fallback: Span): Span {
  const map = loc.node;
  if (isMapNode(map) && map.items.length > 0) {
    const first = { key: map.items[0] };
    const start = keySpanOf(first)?.start;
    const valueNode = map.items[1];
    const end = valueNode && !isMapNode(valueNode) && !isSeqNode(valueNode) ? valueNode.e : keySpanOf(first)?.end;
    if (start !== undefined && end !== undefined && end > start) return { start, end };
  }
  return keySpanOf(loc.pair) ?? nonEmpty(spanOf(loc.deepest)) ?? fallback;
}
