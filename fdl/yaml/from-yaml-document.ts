/**
 * The `yaml` reader, for texts the fast readers decline (syntax errors, anchors, block scalars,
 * …): the reader of every text a user is typing in. Two halves: `yaml`'s Document of the text
 * (`readYamlDocument`, `parseDocument` without its per-token debug switch), then the Document →
 * the located tree (tree.ts).
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
import { Composer, CST, isAlias, isMap, isPair, isScalar, isSeq, Parser, Scalar, YAMLMap, YAMLParseError, YAMLSeq, type Document, type DocumentOptions, type Node as YamlNode, type ParseOptions, type SchemaOptions } from 'yaml';
import { newNode, NodeKind, type YNode } from './tree';

/** The parser state `next` works on (private in `yaml`'s typings). */
interface ParserState {
  source: string;
  atScalar: boolean;
  atNewLine: boolean;
  indent: number;
  offset: number;
  type: string;
  onNewLine?: (offset: number) => void;
  step(): Generator<CST.Token, void>;
  pop(error?: CST.Token): Generator<CST.Token, void>;
}

/**
 * `yaml`'s Parser without the `process.env.LOG_TOKENS` test it makes for every token (a debug
 * switch that prints tokens): reading `process.env` goes through the environment each time,
 * about a quarter of `parseDocument` on a big flow. `next` is otherwise `yaml` 2.9.1's own, line
 * for line; test/fdl/yaml-error-path.test.ts checks the installed `yaml` still has that very
 * `next` and `parseDocument`, and the Documents equal to `parseDocument`'s.
 */
class QuietParser extends Parser {
  override *next(source: string): Generator<CST.Token, void> {
    const p = this as unknown as ParserState;
    p.source = source;
    if (p.atScalar) {
      p.atScalar = false;
      yield* p.step();
      p.offset += source.length;
      return;
    }
    const type = CST.tokenType(source);
    if (!type) {
      const message = `Not a YAML token: ${source}`;
      yield* p.pop({ type: 'error', offset: p.offset, message, source });
      p.offset += source.length;
    } else if (type === 'scalar') {
      p.atNewLine = false;
      p.atScalar = true;
      p.type = 'scalar';
    } else {
      p.type = type;
      yield* p.step();
      switch (type) {
        case 'newline':
          p.atNewLine = true;
          p.indent = 0;
          if (p.onNewLine) p.onNewLine(p.offset + source.length);
          break;
        case 'space':
          if (p.atNewLine && source[0] === ' ') p.indent += source.length;
          break;
        case 'explicit-key-ind':
        case 'map-value-ind':
        case 'seq-item-ind':
          if (p.atNewLine) p.indent += source.length;
          break;
        case 'doc-mode':
        case 'flow-error-end':
          return;
        default:
          p.atNewLine = false;
      }
      p.offset += source.length;
    }
  }
}

export type YamlReadOptions = ParseOptions & DocumentOptions & SchemaOptions & { prettyErrors: false; lineCounter?: undefined };

/**
 * `parseDocument(text, options)`, step for step as `yaml` 2.9.1 does it (public-api.js), with
 * the QuietParser. Options must not ask for pretty errors (those need a LineCounter).
 */
export function readYamlDocument(text: string, options: YamlReadOptions): Document.Parsed {
  const composer = new Composer(options);
  let doc: Document.Parsed | null = null;
  for (const next of composer.compose(new QuietParser().parse(text), true, text.length)) {
    if (!doc) doc = next;
    else if (doc.options.logLevel !== 'silent') {
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  // `compose(…, true, …)` always ends with a document, as in `parseDocument`.
  return doc!;
}

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
      else if (key.kind !== NodeKind.Scalar) throw NOT_LOCAL; // `yaml` writes the collection out as YAML text
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
  return convert(doc.contents) ?? undefined;
}
