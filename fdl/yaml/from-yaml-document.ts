/**
 * `yaml`'s Document → the located tree (tree.ts), for texts the block reader declines (syntax
 * errors, anchors, block scalars, …): the reader of every text a user is typing in.
 *
 * Plain values: in the common case (no alias, no merge key, no key that is a collection, no
 * node of a class beyond plain maps, sequences and scalars) every collection node gets its plain
 * value while it is converted, built by the very steps `yaml`'s `doc.toJS()` takes
 * (addPairToJSMap, YAMLSeq.toJSON), so the caller needs no second walk over `yaml`'s nodes. Any of
 * those makes the value a property of the whole document (an alias's value is its anchor's; a
 * merge key draws in another mapping's entries): the tree is then converted again without values
 * and with the `yaml` node of each collection and alias, for the caller to ask `yaml` (`toJS`).
 *
 * An alias becomes a node of kind Other whose `value` is the tree node of its anchor (when it has
 * one). Recursion depth is bounded by the input limits (fdl/input-limits.ts), as `yaml`'s own is.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq, type Document, type Node as YamlNode } from 'yaml';
import { newNode, NodeKind, type YNode } from './tree';

export type DocumentTree =
  /** Every collection node holds its plain value, equal to what `doc.toJS()` builds for it. */
  | { tree: YNode | undefined; valued: true }
  /** Collections hold no value: `source` maps each collection and alias to its `yaml` node. */
  | { tree: YNode | undefined; valued: false; source: Map<YNode, YamlNode> };

/** Thrown when the document holds something whose plain value is not local to its node. */
class NotLocal extends Error {}
const NOT_LOCAL = new NotLocal('plain value depends on the document');

/** The tree of `doc.contents` (undefined when it is empty), with plain values when they are local. */
export function treeFromDocument(doc: Document.Parsed): DocumentTree {
  try {
    return { tree: convertValued(doc.contents) ?? undefined, valued: true };
  } catch (e) {
    if (!(e instanceof NotLocal)) throw e;
  }
  const source = new Map<YNode, YamlNode>();
  return { tree: convertWithSource(doc, source), valued: false, source };
}

/**
 * A node with its plain value. Mirrors `toJS` with `keep` (Document.toJS without `json`): a
 * scalar's value as is; a map's pairs added in order by addPairToJSMap (key `null` → '', other
 * scalars → String(value); a key already `in` the object, which includes `__proto__` and the
 * other names of Object.prototype, defined rather than assigned); a sequence's items in order.
 */
function convertValued(n: unknown): YNode | null {
  if (n === null || n === undefined) return null;
  if (typeof n !== 'object') throw NOT_LOCAL; // not a node: never made by `yaml`'s composer
  const y = n as YamlNode;
  const r = y.range;
  const s = r ? r[0] : 0;
  const e = r ? r[1] : 0;
  let out: YNode;
  if (y instanceof Scalar) {
    const v = y.value;
    // Dates, binary, symbols (a merge key): not what `yaml`'s core schema gives; take the general path.
    if (y.constructor !== Scalar || (v !== null && (typeof v === 'object' || typeof v === 'symbol' || typeof v === 'function' || typeof v === 'bigint'))) throw NOT_LOCAL;
    out = newNode(NodeKind.Scalar, s, e, v);
    out.source = typeof y.source === 'string' ? y.source : null;
  } else if (y instanceof YAMLMap) {
    if (y.constructor !== YAMLMap) throw NOT_LOCAL; // !!set, !!omap, … build other things
    const obj: Record<string, unknown> = {};
    out = newNode(NodeKind.Map, s, e, obj);
    const pairs = y.items;
    const items: (YNode | null)[] = (out.items = []);
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i];
      if (!isPair(p)) throw NOT_LOCAL;
      const key = convertValued(p.key);
      const value = convertValued(p.value);
      items.push(key, value);
      let stringKey: string;
      if (key === null) stringKey = p.key === undefined ? 'undefined' : '';
      else if (key.kind !== NodeKind.Scalar)
        throw NOT_LOCAL; // `yaml` writes the collection out as YAML text
      else {
        const k = key.value;
        if (k === '<<') throw NOT_LOCAL; // a merge key where the schema has one
        stringKey = k === null ? '' : String(k);
      }
      const v = value === null ? p.value : value.value;
      if (stringKey in obj) Object.defineProperty(obj, stringKey, { value: v, writable: true, enumerable: true, configurable: true });
      else obj[stringKey] = v;
    }
  } else if (y instanceof YAMLSeq) {
    if (y.constructor !== YAMLSeq) throw NOT_LOCAL;
    const src = y.items;
    const arr: unknown[] = [];
    out = newNode(NodeKind.Seq, s, e, arr);
    const items: (YNode | null)[] = (out.items = []);
    for (let i = 0; i < src.length; i++) {
      const it = src[i];
      const item = convertValued(it);
      items.push(item);
      arr.push(item === null ? it : item.value);
    }
  } else {
    throw NOT_LOCAL; // an alias, or anything else
  }
  if (typeof y.tag === 'string') out.tag = y.tag;
  if ((y as YAMLMap | YAMLSeq).flow && out.kind !== NodeKind.Scalar) out.flow = true;
  return out;
}

/** The tree without plain values, each collection and alias mapped back to its `yaml` node. */
function convertWithSource(doc: Document.Parsed, source: Map<YNode, YamlNode>): YNode | undefined {
  const fromYaml = new Map<YamlNode, YNode>();
  // The last node with each anchor so far, in document order: what `Alias.resolve` finds, without
  // its walk over the whole document per alias (quadratic: minutes on thousands of aliases).
  const anchored = new Map<string, YamlNode>();
  const convert = (n: unknown): YNode | null => {
    if (!n || typeof n !== 'object') return null;
    const y = n as YamlNode;
    // Pre-order, as `yaml`'s visit: a collection's anchor is set before its items are read.
    if (!isAlias(y) && y.anchor) anchored.set(y.anchor, y);
    const r = y.range;
    const s = r ? r[0] : 0;
    const e = r ? r[1] : 0;
    let out: YNode;
    if (isScalar(y)) {
      out = newNode(NodeKind.Scalar, s, e, y.value);
      out.source = typeof y.source === 'string' ? y.source : null;
    } else if (isMap(y)) {
      out = newNode(NodeKind.Map, s, e, undefined);
      if (y.anchor) fromYaml.set(y, out);
      const items: (YNode | null)[] = (out.items = []);
      for (const p of y.items) {
        if (!isPair(p)) continue;
        items.push(convert(p.key), convert(p.value));
      }
    } else if (isSeq(y)) {
      out = newNode(NodeKind.Seq, s, e, undefined);
      if (y.anchor) fromYaml.set(y, out);
      const items: (YNode | null)[] = (out.items = []);
      for (const i of y.items) items.push(convert(i));
    } else {
      // Aliases (and anything else): located, but not looked into; `toJS` resolves their value.
      // An alias names an anchor earlier in the document (or the collection it sits in).
      const target = isAlias(y) ? anchored.get(y.source) : undefined;
      out = newNode(NodeKind.Other, s, e, target ? fromYaml.get(target) : undefined);
    }
    if (typeof y.tag === 'string') out.tag = y.tag;
    if ((isMap(y) || isSeq(y)) && y.flow) out.flow = true;
    if (out.kind !== NodeKind.Scalar) source.set(out, y);
    // Only anchored nodes can be named by an alias.
    if (y.anchor) fromYaml.set(y, out);
    return out;
  };
  return convert(doc.contents) ?? undefined;
}
