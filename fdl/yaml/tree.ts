/**
 * The located tree: the one YAML structure the model, the rules and the editor features read.
 *
 * Each node is one small object of a single shape (kind, source range, value, children), so a
 * 5,000-step document costs a fraction of what `yaml`'s node classes cost to build and to walk.
 * Both readers produce it: the block reader (block-reader.ts) straight from the text, and the
 * error-tolerant `yaml` path by converting `yaml`'s Document (from-yaml-document.ts). The `yaml` Document itself is only built
 * when a feature asks for it (`ParsedFlow.doc`).
 */
import type { Span } from '../span';

export const enum NodeKind {
  Scalar = 0,
  Map = 1,
  Seq = 2,
  /** An alias or anything else that is neither a scalar nor a collection once read. */
  Other = 3,
}

/**
 * A node. Made by `newNode` as an object literal rather than a class instance: V8 learns that the
 * nodes of its one allocation site live as long as the document and allocates them where the
 * young-generation collector need not copy them (about a sixth faster on a 5,000-step flow).
 */
export interface YNode {
  readonly kind: NodeKind;
  /** `range[0]`, `range[1]` of the same node in `yaml`: offsets into the full text. */
  s: number;
  e: number;
  /** A scalar's value; a collection's plain JSON value when the reader has it (else undefined). */
  value: unknown;
  /** Map entries as [key, value, key, value, …]; sequence items; null for scalars. */
  items: (YNode | null)[] | null;
  /** The raw text of a plain scalar (`source` in `yaml`); for quoted scalars, their value. */
  source: string | null;
  /** `!Ref`, …: a deploy tag written on the node. Rare, so only set where written (fewer fields per node). */
  tag?: string;
  /** Set (true) on flow collections (`[a, b]`, `{a: 1}`) only. */
  flow?: true;
}

export function newNode(kind: NodeKind, s: number, e: number, value: unknown): YNode {
  return { kind, s, e, value, items: null, source: null };
}

export function isScalarNode(n: YNode | null | undefined): n is YNode {
  return !!n && n.kind === NodeKind.Scalar;
}

export function isMapNode(n: YNode | null | undefined): n is YNode & { items: (YNode | null)[] } {
  return !!n && n.kind === NodeKind.Map;
}

export function isSeqNode(n: YNode | null | undefined): n is YNode & { items: (YNode | null)[] } {
  return !!n && n.kind === NodeKind.Seq;
}

export function nodeSpan(n: YNode | null | undefined, fallback: Span = { start: 0, end: 0 }): Span {
  return n ? { start: n.s, end: n.e } : fallback;
}

/** The text a key matches by, as `yaml`'s `String(key.value)`. */
function keyText(k: YNode | null): string | undefined {
  if (!k || k.kind !== NodeKind.Scalar) return undefined;
  const v = k.value;
  return typeof v === 'string' ? v : String(v);
}

/** Index into `items` of the first key written as `key`, or -1. */
export function entryIndex(map: YNode | null | undefined, key: string): number {
  if (!map || map.kind !== NodeKind.Map) return -1;
  const items = map.items!;
  for (let i = 0; i < items.length; i += 2) {
    const k = items[i];
    if (!k || k.kind !== NodeKind.Scalar) continue;
    const v = k.value;
    if (typeof v === 'string' ? v === key : String(v) === key) return i;
  }
  return -1;
}

/** The value node under `key`, if the mapping has one. */
export function mapValue(map: YNode | null | undefined, key: string): YNode | undefined {
  const i = entryIndex(map, key);
  return i < 0 ? undefined : (map!.items![i + 1] ?? undefined);
}

/** The key node written as `key`. */
export function mapKey(map: YNode | null | undefined, key: string): YNode | undefined {
  const i = entryIndex(map, key);
  return i < 0 ? undefined : (map!.items![i] ?? undefined);
}

/** The key's text when it is a scalar (`String(value)`, as `yaml` compares keys). */
export function scalarKeyText(k: YNode | null): string | undefined {
  return keyText(k);
}

/** Children of a collection (map values and keys, or sequence items); none for scalars. */
export function childValues(n: YNode | null | undefined): (YNode | null)[] {
  if (!n || !n.items) return [];
  if (n.kind === NodeKind.Seq) return n.items;
  const out: (YNode | null)[] = [];
  for (let i = 1; i < n.items.length; i += 2) out.push(n.items[i]);
  return out;
}
