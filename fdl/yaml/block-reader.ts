/**
 * The block reader: a direct, single-pass reader for the plain block YAML nearly every flow file
 * is written in, building the located tree (tree.ts) and the plain value in one go. What it
 * declines goes to `yaml` itself (docs/yaml-readers.md has the measurements behind two readers).
 *
 * Covered: block mappings whose keys are plain text, block sequences (items that are scalars,
 * nested blocks or compact mappings `- key: value`), single-line plain scalars, single-line quoted
 * scalars without escapes, a deploy tag (`!Ref`, … deploy-tags.ts) on such a scalar, single-line
 * flow sequences of scalars, single-line flow mappings of scalars (`{greeting: hi}`, a mocks file's
 * output), comments, empty mapping values, CRLF line ends, a BOM. Anything else
 * — quoted or non-text keys of a block mapping, escapes, nested flow collections, other tags and tags
 * on collections, anchors, aliases, block scalars, multi-line scalars, empty sequence
 * items, own-line comments indented deeper than the next line, and every construct `yaml` would
 * reject — makes it decline (return undefined), and the caller reads the text with `yaml`.
 *
 * Values follow `yaml`'s YAML 1.2 core schema (core-scalar.ts) and ranges are `yaml`'s; the
 * differential test (test/fdl/yaml-fast-path.test.ts) proves the result equal to `parseDocument`.
 */
import { mayBeNonText, resolvePlain } from './core-scalar';
import { DEPLOY_TAG_NAMES } from './deploy-tags';
import { newNode, NodeKind, type YNode } from './tree';
import { SPACE, CR, HASH, COLON, DASH, isEol } from './char-codes';

/** A text the block reader read. */
export interface BlockYaml {
  /** The root mapping; every collection node holds its plain value (shared with `value`). */
  tree: YNode;
  /** The document as plain JSON, equal to `yaml`'s `doc.toJS()`. */
  value: unknown;
}

/** Slots of the table of shared short texts (a power of two). */
const INTERN_SLOTS = 4096;

/** `yaml` refuses implicit keys longer than 1024 characters; stay well below. */
const MAX_KEY_CHARS = 1000;

/** Tabs and characters `yaml` treats specially or rejects. (Directives and document markers are declined line by line.) */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern is for
const UNSUPPORTED_CHAR = /[\t\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;
const LONE_CR = /\r(?!\n)/;

/** The reader's refusal: thrown from wherever it meets what it does not cover, caught once at the top. */
class Decline extends Error {}
const DECLINE = new Decline('block reader declined');

function decline(): never {
  throw DECLINE;
}

/** Characters that cannot start a plain scalar here (flow, anchor/alias/tag, block scalar, reserved). */
function badPlainStart(c: number): boolean {
  // [ ] { } , # & * ! | > ' " % @ `
  return (
    c === 91 ||
    c === 93 ||
    c === 123 ||
    c === 125 ||
    c === 44 ||
    c === 35 ||
    c === 38 ||
    c === 42 ||
    c === 33 ||
    c === 124 ||
    c === 62 ||
    c === 39 ||
    c === 34 ||
    c === 37 ||
    c === 64 ||
    c === 96
  );
}

export function readBlockYaml(text: string): BlockYaml | undefined {
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const guarded = base ? text.slice(1) : text;
  if (UNSUPPORTED_CHAR.test(guarded) || (guarded.includes('\r') && LONE_CR.test(guarded))) return undefined;
  try {
    return new BlockReader(text).document(base);
  } catch (e) {
    if (e instanceof Decline) return undefined;
    throw e;
  }
}

function scalar(s: number, e: number, value: unknown, source: string): YNode {
  const node = newNode(NodeKind.Scalar, s, e, value);
  node.source = source;
  return node;
}

function plainItems(items: YNode[]): unknown[] {
  const arr = new Array<unknown>(items.length);
  for (let i = 0; i < items.length; i++) arr[i] = items[i].value;
  return arr;
}

/**
 * One reading of one text. The methods read from an offset and return a node; `advance` keeps
 * the current content line (`cur`, `ind`) that `map` and `seq` decide on; any method may
 * `decline()`.
 */
class BlockReader {
  private readonly n: number;
  /** Children of the open collections, so each collection gets an array of exactly its size. */
  private readonly stack: YNode[] = [];
  /**
   * Short texts (keys, step types, paths written many times) are shared rather than copied
   * again: a hash of the characters, checked against the text before reuse.
   */
  private readonly interned = new Array<string>(INTERN_SLOTS).fill('');
  /** The current content line: its first character, its indentation; `ind` -1 at the end. */
  private cur: number;
  private ind = -1;
  /** Whether the last `advance` passed an own-line comment. */
  private passedComment = false;
  /** The hash of the characters of the key `keyEnd` last found (see `intern`). */
  private keyHash = 0;

  constructor(private readonly text: string) {
    this.n = text.length;
    this.cur = this.n;
  }

  /** The document from `base` (past a BOM): one block mapping, or undefined when it is not. */
  document(base: number): BlockYaml | undefined {
    this.advance(base);
    if (this.ind < 0 || this.isSeqStart(this.cur)) return undefined;
    const root = this.map(this.ind);
    if (this.ind >= 0) return undefined; // content left over: not one block mapping
    return { tree: root, value: root.value };
  }

  /** The children pushed since `from`, taken off the stack. */
  private take(from: number): YNode[] {
    const { stack } = this;
    const items = stack.slice(from);
    stack.length = from;
    return items;
  }

  private intern(p: number, q: number, hash: number): string {
    const { text } = this;
    if (q - p > 64) return text.slice(p, q);
    const slot = hash & (INTERN_SLOTS - 1);
    const hit = this.interned[slot];
    if (hit.length === q - p && text.startsWith(hit, p)) return hit;
    return (this.interned[slot] = text.slice(p, q));
  }

  private hashOf(p: number, q: number): number {
    const { text } = this;
    let h = 0;
    for (let i = p; i < q; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
    return (Math.imul(q - p, 0x9e3779b1) ^ h) | 0;
  }

  /** From a line start, past blank and comment-only lines to the next content line. */
  private advance(p: number): void {
    const { text, n } = this;
    let deepestComment = -1;
    this.passedComment = false;
    while (p < n) {
      let q = p;
      while (text.charCodeAt(q) === SPACE) q++;
      const c = text.charCodeAt(q);
      if (q >= n) break;
      // `%YAML`, `---`, `...` at the start of a line: directives and document markers.
      if (q === p && (c === 37 || ((c === DASH || c === 46) && text.charCodeAt(q + 1) === c && text.charCodeAt(q + 2) === c))) decline();
      if (c === HASH || isEol(c)) {
        if (c === HASH) this.passedComment = true;
        if (c === HASH && q > p && q - p > deepestComment) deepestComment = q - p;
        while (q < n && !isEol(text.charCodeAt(q))) q++;
        p = this.lineBreak(q);
        continue;
      }
      // `yaml` stretches the range of a collection an own-line comment deeper than the next line closes.
      if (deepestComment > q - p) decline();
      this.ind = q - p;
      this.cur = q;
      return;
    }
    if (deepestComment > 0) decline();
    this.ind = -1;
    this.cur = n;
  }

  private lineBreak(q: number): number {
    return this.text.charCodeAt(q) === CR ? q + 2 : q < this.n ? q + 1 : q;
  }

  /** After a value on its line: spaces, an optional comment, one line break (`yaml`'s end of the value's line). */
  private endOfLine(p: number): number {
    const { text, n } = this;
    let q = p;
    while (text.charCodeAt(q) === SPACE) q++;
    const c = text.charCodeAt(q);
    if (c === HASH) {
      if (q === p) decline(); // `"a"#b`: `yaml` wants a space before a comment
      while (q < n && !isEol(text.charCodeAt(q))) q++;
    } else if (q < n && !isEol(c)) decline();
    return this.lineBreak(q);
  }

  private isSeqStart(p: number): boolean {
    const { text } = this;
    return text.charCodeAt(p) === DASH && (p + 1 >= this.n || text.charCodeAt(p + 1) === SPACE || isEol(text.charCodeAt(p + 1)));
  }

  /** End of a plain key starting at `p` (the `:` after it), or -1 when the line holds no `key:`; sets `keyHash`. */
  private keyEnd(p: number): number {
    const { text, n } = this;
    const c0 = text.charCodeAt(p);
    if (badPlainStart(c0) || ((c0 === DASH || c0 === 63 || c0 === COLON) && (text.charCodeAt(p + 1) === SPACE || isEol(text.charCodeAt(p + 1)) || p + 1 >= n))) return -1;
    let h = 0;
    for (let q = p; q < n; q++) {
      const c = text.charCodeAt(q);
      if (isEol(c)) return -1;
      if (c === COLON) {
        const d = text.charCodeAt(q + 1);
        if (q + 1 >= n || d === SPACE || isEol(d)) {
          this.keyHash = (Math.imul(q - p, 0x9e3779b1) ^ h) | 0;
          return q;
        }
      } else if (c === SPACE && text.charCodeAt(q + 1) === HASH) return -1;
      h = (Math.imul(h, 31) + c) | 0;
    }
    return -1;
  }

  /** A quoted scalar on one line; returns the node (its `e` is past the closing quote). */
  private quoted(p: number): YNode {
    const { text, n } = this;
    const q0 = text.charCodeAt(p);
    let q = p + 1;
    let value = '';
    let from = q;
    for (;;) {
      if (q >= n) decline();
      const c = text.charCodeAt(q);
      if (isEol(c) || (c === 92 && q0 === 34)) decline(); // line break; escapes are the other reader's
      if (c === q0) {
        if (q0 === 39 && text.charCodeAt(q + 1) === 39) {
          value += text.slice(from, q + 1);
          q += 2;
          from = q;
          continue;
        }
        value += text.slice(from, q);
        return scalar(p, q + 1, value, value);
      }
      q++;
    }
  }

  /** A plain scalar in block context, from `p` to the end of its line or a comment. */
  private plainBlock(p: number): YNode {
    const { text, n } = this;
    let q = p;
    let h = 0;
    for (; q < n; q++) {
      const c = text.charCodeAt(q);
      if (isEol(c)) break;
      if (c === COLON) {
        const d = text.charCodeAt(q + 1);
        if (q + 1 >= n || d === SPACE || isEol(d)) decline(); // a mapping where a scalar belongs
      } else if (c === SPACE && text.charCodeAt(q + 1) === HASH) break;
      h = (Math.imul(h, 31) + c) | 0;
    }
    const scanned = q;
    while (text.charCodeAt(q - 1) === SPACE) q--;
    const src = q === scanned ? this.intern(p, q, (Math.imul(q - p, 0x9e3779b1) ^ h) | 0) : text.slice(p, q);
    return scalar(p, q, mayBeNonText(src) ? resolvePlain(src) : src, src);
  }

  /** A flow sequence of scalars on one line: `[a, "b", 1]`. */
  private flowSeq(p: number): YNode {
    const { text, n, stack } = this;
    const node = newNode(NodeKind.Seq, p, 0, undefined);
    const from = stack.length;
    node.flow = true;
    let q = p + 1;
    while (text.charCodeAt(q) === SPACE) q++;
    if (text.charCodeAt(q) !== 93) {
      for (;;) {
        while (text.charCodeAt(q) === SPACE) q++;
        const c = text.charCodeAt(q);
        let item: YNode;
        if (c === 34 || c === 39) item = this.quoted(q);
        else {
          const d1 = text.charCodeAt(q + 1);
          if (q >= n || isEol(c) || badPlainStart(c) || c === 63 || c === COLON || (c === DASH && (d1 === SPACE || d1 === 44 || d1 === 93))) decline();
          let e = q;
          for (; e < n; e++) {
            const d = text.charCodeAt(e);
            if (d === 44 || d === 93) break;
            // line breaks, nested collections, `:` (a pair) and comments are the other reader's
            if (isEol(d) || d === 91 || d === 123 || d === 125 || d === COLON || (d === SPACE && text.charCodeAt(e + 1) === HASH)) decline();
          }
          if (e >= n) decline();
          while (text.charCodeAt(e - 1) === SPACE) e--;
          const src = this.intern(q, e, this.hashOf(q, e));
          item = scalar(q, e, mayBeNonText(src) ? resolvePlain(src) : src, src);
        }
        stack.push(item);
        q = item.e;
        while (text.charCodeAt(q) === SPACE) q++;
        const d = text.charCodeAt(q);
        if (d === 93) break;
        if (d !== 44) decline();
        q++;
        while (text.charCodeAt(q) === SPACE) q++;
        if (text.charCodeAt(q) === 93) decline(); // trailing comma
      }
    }
    node.e = q + 1;
    node.items = this.take(from);
    node.value = plainItems(node.items as YNode[]);
    return node;
  }

  /**
   * A flow mapping of scalars on one line: `{a: 1, "b": c}`. Keys are plain text or quoted, each
   * followed by `: ` (`yaml` also reads `{a}`, `{"a":1}` and `{a: }`: declined, as are duplicates).
   */
  private flowMap(p: number): YNode {
    const { text, n, stack } = this;
    const obj: Record<string, unknown> = {};
    const node = newNode(NodeKind.Map, p, 0, obj);
    const from = stack.length;
    node.flow = true;
    let q = p + 1;
    while (text.charCodeAt(q) === SPACE) q++;
    if (text.charCodeAt(q) !== 125) {
      for (;;) {
        while (text.charCodeAt(q) === SPACE) q++;
        const c = text.charCodeAt(q);
        let keyNode: YNode;
        if (c === 34 || c === 39) keyNode = this.quoted(q);
        else {
          if (q >= n || isEol(c) || badPlainStart(c) || c === 63 || c === COLON || c === DASH) decline();
          let e = q;
          for (; e < n; e++) {
            const d = text.charCodeAt(e);
            if (d === COLON) break;
            if (isEol(d) || d === 44 || d === 91 || d === 93 || d === 123 || d === 125 || (d === SPACE && text.charCodeAt(e + 1) === HASH)) decline();
          }
          if (e >= n || text.charCodeAt(e - 1) === SPACE || e - q > MAX_KEY_CHARS) decline();
          const src = this.intern(q, e, this.hashOf(q, e));
          keyNode = scalar(q, e, src, src);
        }
        const key = keyNode.value as string;
        if (mayBeNonText(key) || key === '__proto__' || Object.hasOwn(obj, key)) decline();
        q = keyNode.e;
        if (text.charCodeAt(q) !== COLON || text.charCodeAt(q + 1) !== SPACE) decline();
        q += 2;
        while (text.charCodeAt(q) === SPACE) q++;
        const v = text.charCodeAt(q);
        let value: YNode;
        if (v === 34 || v === 39) value = this.quoted(q);
        else {
          const d1 = text.charCodeAt(q + 1);
          if (q >= n || isEol(v) || badPlainStart(v) || v === 63 || v === COLON || (v === DASH && (d1 === SPACE || d1 === 44 || d1 === 125))) decline();
          let e = q;
          for (; e < n; e++) {
            const d = text.charCodeAt(e);
            if (d === 44 || d === 125) break;
            // line breaks, nested collections, `:` and comments are the other reader's
            if (isEol(d) || d === 91 || d === 93 || d === 123 || d === COLON || (d === SPACE && text.charCodeAt(e + 1) === HASH)) decline();
          }
          if (e >= n) decline();
          while (text.charCodeAt(e - 1) === SPACE) e--;
          const src = this.intern(q, e, this.hashOf(q, e));
          value = scalar(q, e, mayBeNonText(src) ? resolvePlain(src) : src, src);
        }
        stack.push(keyNode, value);
        obj[key] = value.value;
        q = value.e;
        while (text.charCodeAt(q) === SPACE) q++;
        const d = text.charCodeAt(q);
        if (d === 125) break;
        if (d !== 44) decline();
        q++;
        while (text.charCodeAt(q) === SPACE) q++;
        if (text.charCodeAt(q) === 125) decline(); // trailing comma
      }
    }
    node.e = q + 1;
    node.items = this.take(from);
    return node;
  }

  /** A value written on the line of its key or dash. */
  private inline(p: number): YNode {
    const { text, n } = this;
    const c = text.charCodeAt(p);
    if (c === 34 || c === 39) return this.quoted(p);
    if (c === 33) return this.tagged(p);
    if (c === 91) return this.flowSeq(p);
    if (c === 123) return this.flowMap(p);
    if (badPlainStart(c)) decline();
    if ((c === DASH || c === 63 || c === COLON) && (p + 1 >= n || text.charCodeAt(p + 1) === SPACE || isEol(text.charCodeAt(p + 1)))) decline();
    return this.plainBlock(p);
  }

  /**
   * A deploy tag (`!Ref x`, deploy-tags.ts) on a one-line scalar: `yaml` (yaml-document.ts) gives
   * the scalar's text as its value, untouched by the core schema, and leaves the tag out of its range.
   */
  private tagged(p: number): YNode {
    const { text, n } = this;
    let q = p + 1;
    for (let c = text.charCodeAt(q); (c >= 65 && c <= 90) || (c >= 97 && c <= 122); c = text.charCodeAt(++q));
    const tag = text.slice(p, q);
    if (!DEPLOY_TAG_NAMES.has(tag) || text.charCodeAt(q) !== SPACE) decline();
    while (text.charCodeAt(q) === SPACE) q++;
    const c = text.charCodeAt(q);
    // Nothing after the tag, a second tag, a tagged collection: `yaml`'s.
    if (q >= n || isEol(c) || c === 33 || c === 91 || c === 123) decline();
    const node = this.inline(q);
    node.value = node.source;
    node.tag = tag;
    return node;
  }

  /** A block collection starting at the current line, indented deeper than its parent. */
  private block(): YNode {
    return this.isSeqStart(this.cur) ? this.seq(this.ind) : this.map(this.ind);
  }

  /** A block mapping whose keys sit at column `m`; the current line holds its first key. */
  private map(m: number): YNode {
    const { text, n, stack } = this;
    const obj: Record<string, unknown> = {};
    const node = newNode(NodeKind.Map, this.cur, 0, obj);
    const from = stack.length;
    let end2 = 0;
    for (;;) {
      const k = this.cur;
      const q = this.keyEnd(k);
      if (q < 0 || text.charCodeAt(q - 1) === SPACE || q - k > MAX_KEY_CHARS) decline();
      const key = this.intern(k, q, this.keyHash);
      if (mayBeNonText(key) || key === '__proto__') decline();
      for (let i = from; i < stack.length; i += 2) if (stack[i].value === key) decline(); // a duplicate key
      const keyNode = scalar(k, q, key, key);
      let v = q + 1;
      while (text.charCodeAt(v) === SPACE) v++;
      const c = text.charCodeAt(v);
      let value: YNode;
      if (v >= n || isEol(c) || c === HASH) {
        const next = this.endOfLine(q + 1); // (a comment right after the colon is declined there)
        this.advance(next);
        if (this.ind > m || (this.ind === m && this.isSeqStart(this.cur))) {
          value = this.ind > m ? this.block() : this.seq(m);
          end2 = value.e;
        } else {
          // `key:` with nothing: `yaml`'s empty value sits after the spaces; a comment stretches it.
          // As the document's last value, `yaml` stretches it (and every collection holding it)
          // over the blank and comment lines that end the document: the other readers take that.
          if (this.ind === -1 && next < n) decline();
          // An own-line comment after it, where its map ends, stretches the map to the next line.
          if (this.passedComment && this.ind < m) decline();
          value = scalar(v, v, null, '');
          let e2 = v;
          if (c === HASH) for (e2 = next; text.charCodeAt(e2) === SPACE;) e2++;
          end2 = e2;
        }
      } else {
        value = this.inline(v);
        end2 = this.endOfLine(value.e);
        this.advance(end2);
        if (this.ind > m) decline(); // a multi-line scalar, or worse
      }
      stack.push(keyNode, value);
      obj[key] = value.value;
      if (this.ind !== m) break;
      if (this.isSeqStart(this.cur)) decline();
    }
    node.e = end2;
    node.items = this.take(from);
    return node;
  }

  /** A block sequence whose dashes sit at column `s`; the current line holds its first dash. */
  private seq(s: number): YNode {
    const { text, n, stack } = this;
    const node = newNode(NodeKind.Seq, this.cur, 0, undefined);
    const from = stack.length;
    let end2 = 0;
    for (;;) {
      const dash = this.cur;
      let v = dash + 1;
      while (text.charCodeAt(v) === SPACE) v++;
      const c = text.charCodeAt(v);
      let value: YNode;
      if (v >= n || isEol(c) || c === HASH) {
        this.advance(this.endOfLine(dash + 1));
        if (this.ind <= s) decline(); // an empty item: the other reader's
        value = this.block();
        end2 = value.e;
      } else if (this.isSeqStart(v)) {
        decline(); // `- - x`
      } else if (this.keyEnd(v) >= 0) {
        // `- key: value`: a compact mapping whose keys sit at this column.
        this.ind = v - (dash - s);
        this.cur = v;
        value = this.map(this.ind);
        end2 = value.e;
      } else {
        value = this.inline(v);
        end2 = this.endOfLine(value.e);
        this.advance(end2);
        if (this.ind > s) decline();
      }
      stack.push(value);
      if (this.ind !== s || !this.isSeqStart(this.cur)) break;
    }
    if (this.ind > s) decline();
    node.e = end2;
    node.items = this.take(from);
    node.value = plainItems(node.items as YNode[]);
    return node;
  }
}
