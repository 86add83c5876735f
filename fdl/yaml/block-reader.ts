/**
 * The block reader: a direct, single-pass reader for the plain block YAML nearly every flow file
 * is written in, building the located tree (tree.ts) and the plain value in one go — about three
 * times faster than js-yaml, which the next reader (fast-compose.ts) relies on.
 *
 * Covered: block mappings whose keys are plain text, block sequences (items that are scalars,
 * nested blocks or compact mappings `- key: value`), single-line plain scalars, single-line quoted
 * scalars without escapes, single-line flow sequences of scalars, comments, empty mapping values,
 * CRLF line ends, a BOM. Anything else — quoted or non-text keys, escapes, flow mappings, nested
 * flow collections, tags, anchors, aliases, block scalars, multi-line scalars, empty sequence
 * items, own-line comments indented deeper than the next line, and every construct `yaml` would
 * reject — makes it decline (return undefined), and the caller tries the next reader.
 *
 * Values follow `yaml`'s YAML 1.2 core schema (core-scalar.ts) and ranges are `yaml`'s; the
 * differential test (test/fdl/yaml-fast-path.test.ts) proves the result equal to `parseDocument`.
 */
import { mayBeNonText, resolvePlain } from './core-scalar';
import type { FastComposed } from './fast-compose';
import { newNode, NodeKind, type YNode } from './tree';

/** Slots of the table of shared short texts (a power of two). */
const INTERN_SLOTS = 4096;

/** `yaml` refuses implicit keys longer than 1024 characters; stay well below. */
const MAX_KEY_CHARS = 1000;

/** Tabs and characters `yaml` treats specially or rejects. (Directives and document markers are declined line by line.) */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern is for
const UNSUPPORTED_CHAR = /[\t\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;
const LONE_CR = /\r(?!\n)/;

class Decline extends Error {}
const DECLINE = new Decline('block reader declined');

function decline(): never {
  throw DECLINE;
}

const SPACE = 32;
const LF = 10;
const CR = 13;
const HASH = 35;
const COLON = 58;
const DASH = 45;

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

export function readBlockYaml(text: string): FastComposed | undefined {
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const guarded = base ? text.slice(1) : text;
  if (UNSUPPORTED_CHAR.test(guarded) || (guarded.includes('\r') && LONE_CR.test(guarded))) return undefined;
  const n = text.length;
  const isEol = (c: number) => c === LF || c === CR;

  // Children of the open collections, so each collection gets an array of exactly its size.
  const stack: YNode[] = [];
  const take = (from: number): YNode[] => {
    const items = stack.slice(from);
    stack.length = from;
    return items;
  };
  const plainItems = (items: YNode[]): unknown[] => {
    const arr = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) arr[i] = items[i].value;
    return arr;
  };
  // Short texts (keys, step types, paths written many times) are shared rather than copied
  // again: a hash of the characters, checked against the text before reuse.
  const interned = new Array<string>(INTERN_SLOTS).fill('');
  const intern = (p: number, q: number, hash: number): string => {
    if (q - p > 64) return text.slice(p, q);
    const slot = hash & (INTERN_SLOTS - 1);
    const hit = interned[slot];
    if (hit.length === q - p && text.startsWith(hit, p)) return hit;
    return (interned[slot] = text.slice(p, q));
  };
  const hashOf = (p: number, q: number): number => {
    let h = 0;
    for (let i = p; i < q; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
    return (Math.imul(q - p, 0x9e3779b1) ^ h) | 0;
  };

  // The current content line: where it starts, its indentation, its first character; ind -1 at the end.
  let ind = -1;
  let cur = n;

  /** From a line start, past blank and comment-only lines to the next content line. */
  const advance = (p: number) => {
    let deepestComment = -1;
    while (p < n) {
      let q = p;
      while (text.charCodeAt(q) === SPACE) q++;
      const c = text.charCodeAt(q);
      if (q >= n) break;
      // `%YAML`, `---`, `...` at the start of a line: directives and document markers.
      if (q === p && (c === 37 || ((c === DASH || c === 46) && text.charCodeAt(q + 1) === c && text.charCodeAt(q + 2) === c))) decline();
      if (c === HASH || isEol(c)) {
        if (c === HASH && q > p && q - p > deepestComment) deepestComment = q - p;
        while (q < n && !isEol(text.charCodeAt(q))) q++;
        p = lineBreak(q);
        continue;
      }
      // `yaml` stretches the range of a collection an own-line comment deeper than the next line closes.
      if (deepestComment > q - p) decline();
      ind = q - p;
      cur = q;
      return;
    }
    if (deepestComment > 0) decline();
    ind = -1;
    cur = n;
  };
  const lineBreak = (q: number) => (text.charCodeAt(q) === CR ? q + 2 : q < n ? q + 1 : q);

  /** After a value on its line: spaces, an optional comment, one line break (`yaml`'s end of the value's line). */
  const endOfLine = (p: number): number => {
    let q = p;
    while (text.charCodeAt(q) === SPACE) q++;
    const c = text.charCodeAt(q);
    if (c === HASH) {
      if (q === p) decline(); // `"a"#b`: `yaml` wants a space before a comment
      while (q < n && !isEol(text.charCodeAt(q))) q++;
    } else if (q < n && !isEol(c)) decline();
    return lineBreak(q);
  };

  const isSeqStart = (p: number) => text.charCodeAt(p) === DASH && (p + 1 >= n || text.charCodeAt(p + 1) === SPACE || isEol(text.charCodeAt(p + 1)));

  /** End of a plain key starting at `p` (the `:` after it), or -1 when the line holds no `key:`. */
  /** Also leaves the hash of the key's characters in `keyHash` (see `intern`). */
  let keyHash = 0;
  const keyEnd = (p: number): number => {
    const c0 = text.charCodeAt(p);
    if (badPlainStart(c0) || ((c0 === DASH || c0 === 63 || c0 === COLON) && (text.charCodeAt(p + 1) === SPACE || isEol(text.charCodeAt(p + 1)) || p + 1 >= n))) return -1;
    let h = 0;
    for (let q = p; q < n; q++) {
      const c = text.charCodeAt(q);
      if (isEol(c)) return -1;
      if (c === COLON) {
        const d = text.charCodeAt(q + 1);
        if (q + 1 >= n || d === SPACE || isEol(d)) {
          keyHash = (Math.imul(q - p, 0x9e3779b1) ^ h) | 0;
          return q;
        }
      } else if (c === SPACE && text.charCodeAt(q + 1) === HASH) return -1;
      h = (Math.imul(h, 31) + c) | 0;
    }
    return -1;
  };

  const scalar = (s: number, e: number, value: unknown, source: string) => {
    const node = newNode(NodeKind.Scalar, s, e, value);
    node.source = source;
    return node;
  };

  /** A quoted scalar on one line; returns the node (its `e` is past the closing quote). */
  const quoted = (p: number): YNode => {
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
  };

  /** A plain scalar in block context, from `p` to the end of its line or a comment. */
  const plainBlock = (p: number): YNode => {
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
    const src = q === scanned ? intern(p, q, (Math.imul(q - p, 0x9e3779b1) ^ h) | 0) : text.slice(p, q);
    return scalar(p, q, mayBeNonText(src) ? resolvePlain(src) : src, src);
  };

  /** A flow sequence of scalars on one line: `[a, "b", 1]`. */
  const flowSeq = (p: number): YNode => {
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
        if (c === 34 || c === 39) item = quoted(q);
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
          const src = intern(q, e, hashOf(q, e));
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
    node.items = take(from);
    node.value = plainItems(node.items as YNode[]);
    return node;
  };

  /** A value written on the line of its key or dash. */
  const inline = (p: number): YNode => {
    const c = text.charCodeAt(p);
    if (c === 34 || c === 39) return quoted(p);
    if (c === 91) return flowSeq(p);
    if (badPlainStart(c)) decline();
    if ((c === DASH || c === 63 || c === COLON) && (p + 1 >= n || text.charCodeAt(p + 1) === SPACE || isEol(text.charCodeAt(p + 1)))) decline();
    return plainBlock(p);
  };

  /** A block collection starting at the current line, indented deeper than its parent. */
  const block = (): YNode => (isSeqStart(cur) ? seq(ind) : map(ind));

  /** A block mapping whose keys sit at column `m`; the current line holds its first key. */
  const map = (m: number): YNode => {
    const obj: Record<string, unknown> = {};
    const node = newNode(NodeKind.Map, cur, 0, obj);
    const from = stack.length;
    let end2 = 0;
    for (;;) {
      const k = cur;
      const q = keyEnd(k);
      if (q < 0 || text.charCodeAt(q - 1) === SPACE || q - k > MAX_KEY_CHARS) decline();
      const key = intern(k, q, keyHash);
      if (mayBeNonText(key) || key === '__proto__') decline();
      for (let i = from; i < stack.length; i += 2) if (stack[i].value === key) decline(); // a duplicate key
      const keyNode = scalar(k, q, key, key);
      let v = q + 1;
      while (text.charCodeAt(v) === SPACE) v++;
      const c = text.charCodeAt(v);
      let value: YNode;
      if (v >= n || isEol(c) || c === HASH) {
        const next = endOfLine(q + 1); // (a comment right after the colon is declined there)
        advance(next);
        if (ind > m || (ind === m && isSeqStart(cur))) {
          value = ind > m ? block() : seq(m);
          end2 = value.e;
        } else {
          // `key:` with nothing: `yaml`'s empty value sits after the spaces; a comment stretches it.
          // As the document's last value, `yaml` stretches it (and every collection holding it)
          // over the blank and comment lines that end the document: the other readers take that.
          if (ind === -1 && next < n) decline();
          value = scalar(v, v, null, '');
          let e2 = v;
          if (c === HASH) for (e2 = next; text.charCodeAt(e2) === SPACE;) e2++;
          end2 = e2;
        }
      } else {
        value = inline(v);
        end2 = endOfLine(value.e);
        advance(end2);
        if (ind > m) decline(); // a multi-line scalar, or worse
      }
      stack.push(keyNode, value);
      obj[key] = value.value;
      if (ind !== m) break;
      if (isSeqStart(cur)) decline();
    }
    node.e = end2;
    node.items = take(from);
    return node;
  };

  /** A block sequence whose dashes sit at column `s`; the current line holds its first dash. */
  const seq = (s: number): YNode => {
    const node = newNode(NodeKind.Seq, cur, 0, undefined);
    const from = stack.length;
    let end2 = 0;
    for (;;) {
      const dash = cur;
      let v = dash + 1;
      while (text.charCodeAt(v) === SPACE) v++;
      const c = text.charCodeAt(v);
      let value: YNode;
      if (v >= n || isEol(c) || c === HASH) {
        advance(endOfLine(dash + 1));
        if (ind <= s) decline(); // an empty item: the other reader's
        value = block();
        end2 = value.e;
      } else if (isSeqStart(v)) {
        decline(); // `- - x`
      } else if (keyEnd(v) >= 0) {
        // `- key: value`: a compact mapping whose keys sit at this column.
        ind = v - (dash - s);
        cur = v;
        value = map(ind);
        end2 = value.e;
      } else {
        value = inline(v);
        end2 = endOfLine(value.e);
        advance(end2);
        if (ind > s) decline();
      }
      stack.push(value);
      if (ind !== s || !isSeqStart(cur)) break;
    }
    if (ind > s) decline();
    node.e = end2;
    node.items = take(from);
    node.value = plainItems(node.items as YNode[]);
    return node;
  };

  try {
    advance(base);
    if (ind < 0 || isSeqStart(cur)) return undefined;
    const root = map(ind);
    if (ind >= 0) return undefined; // content left over: not one block mapping
    return { tree: root, value: root.value };
  } catch (e) {
    if (e instanceof Decline) return undefined;
    throw e;
  }
}
