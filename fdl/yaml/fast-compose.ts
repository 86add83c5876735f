/**
 * The js-yaml reader, tried when the block reader (block-reader.ts) declines: builds the located
 * tree (tree.ts) — the same nodes, values and source ranges that converting `parseDocument`'s
 * Document would give — from js-yaml's much faster loader, for the documents where the two are
 * provably the same; it declines (returns undefined) for everything else, so the caller falls
 * back to `parseDocument` and keeps its error-tolerant diagnostics.
 *
 * Covered: block mappings and sequences; single-line plain and quoted scalars; single-line flow
 * sequences and mappings; comments (except own-line comments indented deeper than the next
 * content line, which `yaml` attaches to the ranges of the collection they close); empty values;
 * CRLF line ends; a BOM; the deploy tags (`!Ref`, …) on scalars.
 *
 * Declined: anything js-yaml rejects (syntax errors, duplicate keys, nesting over its depth
 * limit), tabs, lone CR, directives and document markers, anchors and aliases, explicit keys,
 * block scalars, multi-line scalars and flow collections, other tags or tags on collections,
 * keys that are not text (`1:`, `true:`) or are longer than `yaml` allows for implicit keys,
 * `__proto__` keys, a root that is not a block mapping, and any plain scalar js-yaml resolves
 * differently from `yaml`'s YAML 1.2 core schema. The differential test
 * (test/fdl/yaml-fast-path.test.ts) proves the output equal to the `yaml` path.
 */
import { CORE_SCHEMA, load, Type } from 'js-yaml';
import { mayBeNonText, resolvePlain } from './core-scalar';
import { DEPLOY_TAG_NAMES } from './deploy-tags';
import { newNode, NodeKind, type YNode } from './tree';

export interface FastComposed {
  /** The root mapping; every collection node holds its plain value (shared with `value`). */
  tree: YNode;
  /** The document as plain JSON (js-yaml's value, proven equal to `yaml`'s `doc.toJS()`). */
  value: unknown;
}

const JS_SCHEMA = CORE_SCHEMA.extend(
  [...DEPLOY_TAG_NAMES].flatMap((tag) => (['scalar', 'sequence', 'mapping'] as const).map((kind) => new Type(tag, { kind, construct: (data: unknown) => data }))),
);

/** Nesting js-yaml accepts; deeper documents go to `yaml` (the input limits bound that path). */
const MAX_DEPTH = 100;
/** `yaml` refuses implicit keys longer than 1024 characters; stay well below. */
const MAX_KEY_CHARS = 1000;

const enum Kind {
  Scalar,
  Empty,
  BlockMap,
  BlockSeq,
  FlowMap,
  FlowSeq,
}

/** Thrown from the listener to stop js-yaml at the first construct this reader does not cover. */
class Decline extends Error {}
const DECLINE = new Decline('fast path declined');

function decline(): never {
  throw DECLINE;
}

/** Whether an own-line comment comes before the next content line from line start `p`, and that line is indented less than `column`. */
function ownLineCommentFollows(src: string, p: number, column: number): boolean {
  let comment = false;
  while (p < src.length) {
    let q = p;
    while (src.charCodeAt(q) === 32) q++;
    const c = src.charCodeAt(q);
    if (c === 35) comment = true;
    else if (c !== 10 && c !== 13) return comment && q - p < column;
    p = src.indexOf('\n', q);
    if (p < 0) return false;
    p++;
  }
  return false;
}

/** The column of the key on the line of `at` (past its indentation and any `- ` of sequence items). */
function keyColumn(src: string, at: number): number {
  const lineStart = src.lastIndexOf('\n', at - 1) + 1;
  let q = lineStart;
  for (;;) {
    while (src.charCodeAt(q) === 32) q++;
    if (src.charCodeAt(q) === 45 && src.charCodeAt(q + 1) === 32) q += 2;
    else return q - lineStart;
  }
}

/** At least one line, and nothing but blank and comment-only lines. */
const TRAILING_BLANK_OR_COMMENT_LINES = /^(?=[\s\S])(?:[ ]*(?:#[^\r\n]*)?(?:\r?\n|$))+$/;

const UNSUPPORTED_TEXT = /\t|\r(?!\n)|^(?:%|---|\.\.\.)/m;

export function composeFast(text: string): FastComposed | undefined {
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const src = base ? text.slice(1) : text;
  if (src.trim() === '' || UNSUPPORTED_TEXT.test(src) || hasDeepTrailingComment(src)) return undefined;
  const n = src.length;

  // Closed nodes waiting for their parent, as parallel stacks (no object per node beyond the
  // tree's own): the node, its kind, where it starts and where its value ends (offsets without
  // BOM), and its plain value.
  const nodes: YNode[] = [];
  const kinds: Kind[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const values: unknown[] = [];
  // Open nodes: where js-yaml opened each, and how many closed nodes were waiting then.
  const opens: number[] = [];
  const bases: number[] = [];

  const isBreak = (c: number) => c === 10 || c === 13;

  /** Past spaces, line breaks and comments (js-yaml opens a node before its leading separation). */
  const skipSeparation = (p: number): number => {
    for (;;) {
      const c = src.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13) p++;
      else if (c === 35) {
        while (p < n && !isBreak(src.charCodeAt(p))) p++;
      } else return p;
    }
  };
  const hasBreak = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (isBreak(src.charCodeAt(i))) return true;
    return false;
  };
  /** `range[2]` of a value in block context: trailing spaces, a comment, and one line break. */
  const blockTrail = (p: number): number => {
    while (src.charCodeAt(p) === 32) p++;
    if (src.charCodeAt(p) === 35) while (p < n && !isBreak(src.charCodeAt(p))) p++;
    const c = src.charCodeAt(p);
    if (c === 13 && src.charCodeAt(p + 1) === 10) return p + 2;
    if (c === 10) return p + 1;
    if (p < n) decline(); // something else on the line: not a shape this reader knows
    return p;
  };
  const flowTrail = (p: number): number => {
    while (src.charCodeAt(p) === 32) p++;
    return p;
  };
  /** Sets `range` of the closed node at stack index `i`; returns its `range[2]` (no BOM). */
  const place = (i: number, flow: boolean, key: boolean): number => {
    const kind = kinds[i];
    const start = starts[i];
    const end = ends[i];
    let end2: number;
    if (flow) {
      if (kind === Kind.Empty) decline();
      end2 = flowTrail(end);
    } else if (key) end2 = end;
    // `yaml` gives an empty value followed by a comment the comment, its line break and the next indentation.
    else if (kind === Kind.Empty) end2 = src.charCodeAt(start) === 35 ? flowTrail(blockTrail(start)) : start;
    else if (kind === Kind.BlockMap || kind === Kind.BlockSeq) end2 = end;
    else end2 = blockTrail(end);
    const node = nodes[i];
    node.s = start + base;
    node.e = end + base;
    return end2;
  };
  let top = 0;
  const push = (node: YNode, kind: Kind, start: number, end: number, js: unknown) => {
    nodes[top] = node;
    kinds[top] = kind;
    starts[top] = start;
    ends[top] = end;
    values[top] = js;
    top++;
  };

  const closeScalar = (start: number, tag: string | undefined, state: JsYamlState) => {
    const c = src.charCodeAt(start);
    let node: YNode;
    let end: number;
    if (c === 34 || c === 39) {
      end = state.position;
      const v = state.result;
      if (typeof v !== 'string' || end - start < 2 || src.charCodeAt(end - 1) !== c || hasBreak(start, end)) decline();
      if (src.charCodeAt(end) === 35) decline(); // `"a"#b`: `yaml` wants a space before a comment
      node = newNode(NodeKind.Scalar, start, end, v);
      node.source = v;
    } else {
      if (c === 124 || c === 62 || c === 63 || c === 38 || c === 42) decline(); // | > ? & *
      end = state.position;
      while (end > start && src.charCodeAt(end - 1) === 32) end--;
      if (end <= start || hasBreak(start, end)) decline();
      const v = state.result;
      if (typeof v === 'string' && v.length === end - start && src.startsWith(v, start) && (tag !== undefined || !mayBeNonText(v))) {
        // Text in both readers (the common case): js-yaml's string is the source itself.
        node = newNode(NodeKind.Scalar, start, end, v);
        node.source = v;
      } else {
        const s = src.slice(start, end);
        if (tag !== undefined) decline();
        const value = resolvePlain(s);
        if (!Object.is(value, v)) decline();
        node = newNode(NodeKind.Scalar, start, end, value);
        node.source = s;
      }
    }
    if (tag !== undefined) node.tag = tag;
    push(node, Kind.Scalar, start, end, node.value);
  };

  const closeMap = (start: number, from: number, state: JsYamlState) => {
    const obj = state.result as Record<string, unknown>;
    const count = top - from;
    const flow = src.charCodeAt(start) === 123;
    if ((count === 0 && !flow) || count % 2 !== 0 || obj === null || typeof obj !== 'object' || Array.isArray(obj)) decline();
    if (!flow && starts[from] !== start) decline();
    const map = newNode(NodeKind.Map, start, 0, obj);
    const items: YNode[] = (map.items = []);
    if (flow) map.flow = true;
    let end2 = 0;
    for (let i = from; i < top; i += 2) {
      const key = values[i];
      if (kinds[i] !== Kind.Scalar || typeof key !== 'string' || nodes[i].tag !== undefined) decline();
      const kEnd = ends[i];
      if (key === '__proto__' || kEnd - starts[i] > MAX_KEY_CHARS) decline();
      let p = kEnd;
      while (src.charCodeAt(p) === 32) p++;
      // js-yaml refuses duplicate keys, so one own property per pair proves the mapping the same.
      if (src.charCodeAt(p) !== 58 || !Object.prototype.hasOwnProperty.call(obj, key) || !Object.is(obj[key], values[i + 1])) decline();
      place(i, flow, true);
      end2 = place(i + 1, flow, false);
      items.push(nodes[i], nodes[i + 1]);
    }
    const end = flow ? flowEnd(start, state.position, 125) : end2;
    top = from;
    push(map, flow ? Kind.FlowMap : Kind.BlockMap, start, end, obj);
  };

  const closeSeq = (start: number, from: number, state: JsYamlState) => {
    const arr = state.result as unknown[];
    const count = top - from;
    const c = src.charCodeAt(start);
    const flow = c === 91;
    if (!Array.isArray(arr) || count !== arr.length || (!flow && (c !== 45 || count === 0))) decline();
    const seq = newNode(NodeKind.Seq, start, 0, arr);
    const items: YNode[] = (seq.items = []);
    if (flow) seq.flow = true;
    let end2 = 0;
    for (let i = from; i < top; i++) {
      if (!Object.is(arr[i - from], values[i]) || kinds[i] === Kind.Empty) decline();
      end2 = place(i, flow, false);
      items.push(nodes[i]);
    }
    const end = flow ? flowEnd(start, state.position, 93) : end2;
    top = from;
    push(seq, flow ? Kind.FlowSeq : Kind.BlockSeq, start, end, arr);
  };

  /** A flow collection must close on its own line with the expected bracket. */
  const flowEnd = (start: number, closedAt: number, bracket: number): number => {
    let end = closedAt;
    while (end > start && (src.charCodeAt(end - 1) === 32 || isBreak(src.charCodeAt(end - 1)))) end--;
    if (src.charCodeAt(end - 1) !== bracket || hasBreak(start, end) || src.charCodeAt(end) === 35) decline();
    return end;
  };

  const close = (open: number, from: number, state: JsYamlState) => {
    const kind = state.kind;
    if (kind === null) {
      if (state.result !== null || (state.tag !== null && state.tag !== undefined)) decline();
      let off = open;
      while (src.charCodeAt(off) === 32) off++;
      // `key: &a` with nothing after: `yaml` places the empty value after the anchor; the `yaml` reader takes it.
      if (src.charCodeAt(off) === 38) decline();
      // The document's last value, empty, with blank or comment lines after it: `yaml` stretches
      // it (and what holds it) over them to the end; the `yaml` reader takes that.
      const lf = src.indexOf('\n', off);
      if (lf >= 0 && TRAILING_BLANK_OR_COMMENT_LINES.test(src.slice(lf + 1))) decline();
      // An own-line comment after it, where its map ends, stretches the map to the next content line.
      if (lf >= 0 && src.charCodeAt(off) !== 35 && ownLineCommentFollows(src, lf + 1, keyColumn(src, off))) decline();
      const node = newNode(NodeKind.Scalar, off, off, null);
      node.source = '';
      top = from;
      push(node, Kind.Empty, off, off, null);
      return;
    }
    let start = skipSeparation(open);
    let tag: string | undefined;
    if (src.charCodeAt(start) === 33) {
      let e = start;
      while (e < n && src.charCodeAt(e) !== 32 && !isBreak(src.charCodeAt(e))) e++;
      tag = src.slice(start, e);
      if (kind !== 'scalar' || !DEPLOY_TAG_NAMES.has(tag) || state.tag !== tag) decline();
      start = e;
      while (src.charCodeAt(start) === 32) start++;
      const c = src.charCodeAt(start);
      if (isBreak(c) || c === 35 || start >= n) decline();
    }
    // `- {a: 1}`: js-yaml first reads the flow collection as a would-be key, then keeps it as the
    // item's value; the item is that very collection.
    if (top - from === 1 && values[from] === state.result && (kinds[from] === Kind.FlowMap || kinds[from] === Kind.FlowSeq) && tag === undefined) return;
    if (kind === 'scalar') {
      // A scalar may hold what js-yaml tried first (an implicit key that was not one): drop it.
      top = from;
      closeScalar(start, tag, state);
    } else if (kind === 'mapping') closeMap(start, from, state);
    else if (kind === 'sequence') closeSeq(start, from, state);
    else decline();
  };

  try {
    load(src, {
      schema: JS_SCHEMA,
      maxDepth: MAX_DEPTH,
      listener(event: 'open' | 'close', state: JsYamlState) {
        if (event === 'open') {
          opens.push(state.position);
          bases.push(top);
        } else close(opens.pop()!, bases.pop()!, state);
      },
    } as unknown as Parameters<typeof load>[1]);
  } catch {
    return undefined;
  }
  if (top !== 1 || kinds[0] !== Kind.BlockMap || opens.length) return undefined;
  const root = nodes[0];
  root.s = starts[0] + base;
  root.e = ends[0] + base;
  return { tree: root, value: values[0] };
}

/** What js-yaml's listener sees (its `State`, not in the published types). */
interface JsYamlState {
  position: number;
  kind: 'scalar' | 'mapping' | 'sequence' | null;
  tag: string | null | undefined;
  result: unknown;
}

/**
 * True when an own-line comment is indented deeper than the next content line (or than column 0
 * at the end): `yaml` then stretches the range of the collection it closes, which this reader
 * does not model.
 */
function hasDeepTrailingComment(src: string): boolean {
  const re = /^( *)#/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const indent = m[1].length;
    if (indent === 0) continue;
    let p = src.indexOf('\n', m.index);
    let next = 0;
    while (p >= 0) {
      let q = p + 1;
      while (src.charCodeAt(q) === 32) q++;
      const c = src.charCodeAt(q);
      if (q >= src.length) break;
      if (c !== 10 && c !== 13 && c !== 35) {
        next = q - p - 1;
        break;
      }
      p = src.indexOf('\n', q);
    }
    if (indent > next) return true;
  }
  return false;
}
