/**
 * `yaml`'s Document → the located tree (tree.ts), for texts the fast reader declines (syntax
 * errors, anchors, block scalars, …). Collections get no plain value here: aliases make it a
 * property of the document, so parse.ts asks `yaml` for it (`toJS`) when it needs one. An alias
 * becomes a node of kind Other whose `value` is the tree node of its anchor (when it has one).
 * Recursion depth is bounded by the input limits (fdl/input-limits.ts), as `yaml`'s own is.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { newNode, NodeKind, type YNode } from './tree';

/**
 * The tree of `doc.contents` (undefined when it is empty), and the `yaml` node of each collection
 * and alias (a scalar's plain value is its `value`, as `yaml`'s `toJS` gives it).
 */
export function treeFromDocument(doc: Document.Parsed): { tree: YNode | undefined; source: Map<YNode, YamlNode> } {
  const source = new Map<YNode, YamlNode>();
  const fromYaml = new Map<YamlNode, YNode>();
  const convert = (n: unknown): YNode | null => {
    if (!n || typeof n !== 'object') return null;
    const y = n as YamlNode;
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
      const target = isAlias(y) ? y.resolve(doc) : undefined;
      out = newNode(NodeKind.Other, s, e, target ? fromYaml.get(target) : undefined);
    }
    if (typeof y.tag === 'string') out.tag = y.tag;
    if ((isMap(y) || isSeq(y)) && y.flow) out.flow = true;
    if (out.kind !== NodeKind.Scalar) source.set(out, y);
    // Only anchored nodes can be named by an alias.
    if (y.anchor) fromYaml.set(y, out);
    return out;
  };
  return { tree: convert(doc.contents) ?? undefined, source };
}
