/**
 * Where in the YAML structure a cursor is, computed from the text around it alone.
 *
 * Completion runs on text the user is in the middle of typing (`    pat`, `goto: `), which a YAML
 * parser reads as something else or not at all; so the path from the root to the cursor is read
 * from indentation, dashes and keys, scanning upward from the cursor line. Only lines that can
 * be ancestors are read in full (a cheap indentation test skips the rest), which keeps a request
 * on a 1,000-step flow well under a millisecond and needs no re-parse.
 */
import type { Span } from '../model';
import { indentOf, isStructureless, lineEndAt, lineStartAt, readLine, unquote, type YamlLine } from './yaml-lines';

export interface FrameEntry {
  key: string;
  /** The value text as written on the key's line (quotes removed; empty for nested blocks). */
  value: string;
  /** The key's line, for block mappings. */
  line?: YamlLine;
}

/** One mapping on the path from the document root to the cursor. */
export interface MapFrame {
  /** Column of this mapping's keys. */
  keyColumn: number;
  /** How it hangs from the previous frame: the parent key, then `[]` for each sequence level. */
  via: string[];
  /** Offset of the line holding this mapping's first key (or the cursor line for a new one). */
  startLine: number;
  /** Its `key: value` lines (lazy; block mappings are read from text, flow mappings before the cursor). */
  entries(): Map<string, FrameEntry>;
}

export interface CursorContext {
  /** Root first; the last frame is the mapping the cursor writes a key of, or whose key's value it is on. */
  frames: MapFrame[];
  /** `key`: on (or typing) a key; `value`: on the value of `key`; `item`: on an element of the sequence held by `key`. */
  position: 'key' | 'value' | 'item';
  key?: string;
  /** The token under the cursor, from its start to the cursor. */
  prefix: string;
  /** The whole token under the cursor. */
  token: Span;
  tokenText: string;
  /**
   * Set when the token stands right after a `- ` on its own line and has no `:` yet: it may be
   * the first key of a new item mapping or a plain scalar element of the sequence under this key.
   */
  itemOf?: string;
}

/** The key path of a context, e.g. `steps [] choices [] goto` → ['steps','[]','choices','[]']. */
export function pathOf(ctx: CursorContext): string[] {
  return ctx.frames.flatMap((f) => f.via);
}

export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const o = Math.max(0, Math.min(offset, text.length));
  const start = lineStartAt(text, o);
  const line = readLine(text, start);
  const col = o - start;
  if (line.key !== undefined && line.colonColumn !== undefined && col >= line.colonColumn) {
    return valueContext(text, o, line);
  }
  if (line.key !== undefined && line.keyColumn !== undefined && col >= line.keyColumn) {
    const frames = framesFor(text, line, line.keyColumn);
    const tokStart = start + line.keyColumn;
    const tokEnd = start + line.keyEndColumn!;
    return { frames, position: 'key', prefix: text.slice(tokStart, Math.min(o, tokEnd)), token: { start: tokStart, end: tokEnd }, tokenText: line.key };
  }
  if (line.blank) {
    // An empty line: a new key at the cursor's column, unless that column is a sequence's dash column.
    if (line.dashes.length && col < line.contentColumn) return undefined;
    const K = line.dashes.length ? line.contentColumn : col;
    if (!line.dashes.length && dashColumnAbove(text, start, K)) return undefined;
    const frames = framesFor(text, line, K);
    return { frames, position: 'key', prefix: '', token: { start: o, end: o }, tokenText: '', itemOf: line.dashes.length ? parentKey(frames) : undefined };
  }
  if (col < line.contentColumn) return undefined;
  // A scalar without `:` yet: a key being typed (or a plain sequence element after a dash).
  const raw = text.slice(start + line.contentColumn, line.end);
  const wordEnd = start + line.contentColumn + (/^[^\s#]*/.exec(raw)?.[0].length ?? 0);
  const frames = framesFor(text, line, line.contentColumn);
  const tokenEnd = Math.max(wordEnd, o);
  return {
    frames,
    position: 'key',
    prefix: text.slice(start + line.contentColumn, o),
    token: { start: start + line.contentColumn, end: tokenEnd },
    tokenText: text.slice(start + line.contentColumn, tokenEnd),
    itemOf: line.dashes.length ? parentKey(frames) : undefined,
  };
}

function parentKey(frames: MapFrame[]): string | undefined {
  const via = frames[frames.length - 1]?.via ?? [];
  return via.length >= 2 && via[via.length - 1] === '[]' ? via[via.length - 2] : undefined;
}

/** True when the nearest structural line above starts a sequence item at column `col`. */
function dashColumnAbove(text: string, lineStart: number, col: number): boolean {
  for (let s = prevLine(text, lineStart); s >= 0; s = prevLine(text, s)) {
    const e = lineEndAt(text, s);
    if (isStructureless(text, s, e)) continue;
    const ind = indentOf(text, s, e);
    if (ind > col) continue;
    return ind === col && readLine(text, s).dashes[0] === col;
  }
  return false;
}

/**
 * True when the line at `start` begins with more than `col` spaces: deeper than `col`, or blank,
 * which the ascent skips alike. Reads at most `col + 1` characters, so the ascent over the
 * thousands of lines of the items above the cursor's costs little more than finding their starts.
 */
function indentedBeyond(text: string, start: number, col: number): boolean {
  for (let i = 0; i <= col; i++) if (text.charCodeAt(start + i) !== 32) return false;
  return true;
}

function prevLine(text: string, lineStart: number): number {
  return lineStart <= 0 ? -1 : lineStartAt(text, lineStart - 1);
}

// ---------------------------------------------------------------------------------------------
// Ascent: from the mapping at column K on `line` up to the root.

function framesFor(text: string, line: YamlLine, K: number): MapFrame[] {
  const frames: MapFrame[] = [];
  let frame = blockFrame(text, K, line.start);
  frames.push(frame);
  let current: { kind: 'map'; line: YamlLine; K: number } | { kind: 'seq'; D: number; from: number } | undefined = {
    kind: 'map',
    line,
    K,
  };
  // Guard against pathological indentation: a real flow never nests this deep.
  for (let guard = 0; current && guard < 10_000; guard++) {
    if (current.kind === 'map') {
      const m: { kind: 'map'; line: YamlLine; K: number } = current;
      const own = m.line.dashes.filter((d) => d < m.K);
      if (own.length && (m.line.keyColumn === m.K || m.line.contentColumn === m.K || m.line.blank)) {
        // The mapping starts on this line as the item of one or more sequences.
        frame.startLine = m.line.start;
        frame.via = own.map(() => '[]').concat(frame.via);
        current = { kind: 'seq', D: own[0], from: m.line.start };
        continue;
      }
      current = undefined;
      for (let s = prevLine(text, m.line.start); s >= 0; s = prevLine(text, s)) {
        if (indentedBeyond(text, s, m.K)) continue;
        const e = lineEndAt(text, s);
        if (isStructureless(text, s, e)) continue;
        const ind = indentOf(text, s, e);
        if (ind > m.K) continue;
        const ln = readLine(text, s);
        if (ln.keyColumn === m.K) {
          frame.startLine = s;
          if (ln.dashes.length) {
            frame.via = ln.dashes.map(() => '[]').concat(frame.via);
            current = { kind: 'seq', D: ln.dashes[0], from: s };
            break;
          }
          continue;
        }
        if (ind === m.K) continue; // a sequence written at the mapping's column (invalid here) or a stray scalar
        // Neither key nor dash (template lines such as `{% for … %}`, stray text): not structure, look further up.
        if (ln.key === undefined && ln.dashes.length === 0) continue;
        // ind < K: an ancestor.
        if (ln.key !== undefined && ln.keyColumn! < m.K) {
          frame.via = [ln.key, ...frame.via];
          frame = blockFrame(text, ln.keyColumn!, s);
          frames.unshift(frame);
          current = { kind: 'map', line: ln, K: ln.keyColumn! };
          break;
        }
        const outer = ln.dashes.filter((d) => d < m.K);
        if (outer.length && ln.blank) {
          frame.startLine = s;
          frame.via = outer.map(() => '[]').concat(frame.via);
          current = { kind: 'seq', D: outer[0], from: s };
        }
        break;
      }
    } else {
      const q: { kind: 'seq'; D: number; from: number } = current;
      current = undefined;
      for (let s = prevLine(text, q.from); s >= 0; s = prevLine(text, s)) {
        if (indentedBeyond(text, s, q.D)) continue;
        const e = lineEndAt(text, s);
        if (isStructureless(text, s, e)) continue;
        const ind = indentOf(text, s, e);
        if (ind > q.D) continue;
        const ln = readLine(text, s);
        const at = ln.dashes.indexOf(q.D);
        if (at === 0) continue; // a sibling item
        if (ln.key === undefined && ln.dashes.length === 0) continue; // not structure (see above)
        if (at > 0) {
          frame.via = ln.dashes
            .slice(0, at)
            .map(() => '[]')
            .concat(frame.via);
          current = { kind: 'seq', D: ln.dashes[0], from: s };
          break;
        }
        if (ln.key !== undefined && ln.keyColumn! <= q.D) {
          frame.via = [ln.key, ...frame.via];
          frame = blockFrame(text, ln.keyColumn!, s);
          frames.unshift(frame);
          current = { kind: 'map', line: ln, K: ln.keyColumn! };
          break;
        }
        const outer = ln.dashes.filter((d) => d < q.D);
        if (outer.length && ln.blank) {
          frame.via = outer.map(() => '[]').concat(frame.via);
          current = { kind: 'seq', D: outer[0], from: s };
        }
        break;
      }
    }
  }
  return frames;
}

function blockFrame(text: string, keyColumn: number, startLine: number): MapFrame {
  let memo: Map<string, FrameEntry> | undefined;
  const frame: MapFrame = {
    keyColumn,
    via: [],
    startLine,
    entries: () => (memo ??= readBlockEntries(text, frame.startLine, keyColumn)),
  };
  return frame;
}

function readBlockEntries(text: string, from: number, K: number): Map<string, FrameEntry> {
  const out = new Map<string, FrameEntry>();
  let first = true;
  for (let s = from; ;) {
    const e = lineEndAt(text, s);
    if (!isStructureless(text, s, e)) {
      const ind = indentOf(text, s, e);
      if (first || ind === K) {
        const ln = readLine(text, s);
        if (ln.keyColumn === K && ln.key !== undefined && !out.has(ln.key)) {
          out.set(ln.key, { key: ln.key, value: unquote(ln.value), line: ln });
        }
      } else if (ind < K) {
        break;
      }
      first = false;
    }
    const nl = text.indexOf('\n', e);
    if (nl < 0) break;
    s = nl + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values, including flow collections (`errors: [FnF.ALL, FnF.T|`, `iterationMapping: {item: x, c|`).

function valueContext(text: string, o: number, line: YamlLine): CursorContext {
  const frames = framesFor(text, line, line.keyColumn!);
  const vStart = line.start + Math.min(line.valueColumn, o - line.start);
  const before = text.slice(vStart, o);
  if (!before.startsWith('[') && !before.startsWith('{')) {
    const lineEnd = line.start + line.valueColumn + line.value.length;
    const q = before.startsWith('"') || before.startsWith("'") ? 1 : 0;
    const tokEnd = Math.max(o, lineEnd - (q && /["']$/.test(line.value) ? 1 : 0));
    return {
      frames,
      position: 'value',
      key: line.key,
      prefix: before.slice(q),
      token: { start: vStart + q, end: tokEnd },
      tokenText: text.slice(vStart + q, tokEnd),
    };
  }
  return flowValueContext(text, o, vStart, line.key!, frames);
}

function flowValueContext(text: string, o: number, vStart: number, key: string, frames: MapFrame[]): CursorContext {
  // Each open `{` is a mapping frame; each open `[` a sequence level. Entries are read before the cursor.
  type Level = { kind: '{' | '['; pendingKey?: string; entries: Map<string, FrameEntry>; tokenStart: number; inValue: boolean };
  const stack: Level[] = [];
  let quote = '';
  let lastKey = key;
  for (let i = vStart; i < o; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') {
      stack.push({ kind: c, entries: new Map(), tokenStart: i + 1, inValue: false, pendingKey: top?.pendingKey ?? lastKey });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',' && top) {
      if (top.kind === '{' && top.inValue && top.pendingKey) {
        top.entries.set(top.pendingKey, { key: top.pendingKey, value: unquote(text.slice(top.tokenStart, i)) });
      }
      top.tokenStart = i + 1;
      top.inValue = false;
    } else if (c === ':' && top?.kind === '{' && !top.inValue && /[\s,}]/.test(text[i + 1] ?? ' ')) {
      top.pendingKey = unquote(text.slice(top.tokenStart, i));
      top.inValue = true;
      top.tokenStart = i + 1;
      lastKey = top.pendingKey;
    }
  }
  const top = stack[stack.length - 1];
  if (!top) return { frames, position: 'value', key, prefix: '', token: { start: o, end: o }, tokenText: '' };
  // Open flow mappings become frames hanging from the key (and sequence levels) that hold them.
  let via: string[] = [key];
  const all = [...frames];
  let owner = key;
  for (const level of stack) {
    if (level.kind === '[') {
      via.push('[]');
      continue;
    }
    const entries = level.entries;
    all.push({ keyColumn: -1, via, startLine: vStart, entries: () => entries });
    via = [];
    owner = level.pendingKey ?? owner;
  }
  const raw = text.slice(top.tokenStart, o);
  const lead = raw.length - raw.trimStart().length;
  const q = /^["']/.test(raw.trimStart()) ? 1 : 0;
  const tokStart = top.tokenStart + lead + q;
  let tokEnd = o;
  const stop = top.kind === '{' && !top.inValue ? /[,\]}\n\r"':]/ : /[,\]}\n\r"']/;
  while (tokEnd < text.length && !stop.test(text[tokEnd])) tokEnd++;
  const tokenText = text.slice(tokStart, tokEnd).trimEnd();
  const token = { start: tokStart, end: tokStart + tokenText.length };
  const prefix = text.slice(tokStart, o);
  if (top.kind === '[') return { frames: all, position: 'item', key: via.length > 1 ? via[via.length - 2] : owner, prefix, token, tokenText };
  if (top.inValue) return { frames: all, position: 'value', key: top.pendingKey, prefix, token, tokenText };
  return { frames: all, position: 'key', prefix, token, tokenText };
}
