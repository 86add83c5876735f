/**
 * Reads one line of block YAML the way an editor sees it while the user types: indentation,
 * sequence dashes, a `key:` and the text after it. Works on any text (incomplete, invalid),
 * so completion and hover can locate the cursor without a successful parse.
 */
import { DASH, HASH, SPACE } from '../yaml/char-codes';

export interface YamlLine {
  /** Offset of the line's first character. */
  start: number;
  /** Offset just before the line break. */
  end: number;
  /** Column of the first character that is not a space ( = end - start for a blank line). */
  indent: number;
  /** Columns of the `- ` sequence indicators at the start of the line, outermost first. */
  dashes: number[];
  /** Column where the content after indentation and dashes starts. */
  contentColumn: number;
  /** The key, if the content is `key:` or `key: value`. Quotes are removed. */
  key?: string;
  keyColumn?: number;
  keyEndColumn?: number;
  /** Column just after the `:` of the key. */
  colonColumn?: number;
  /** Raw text after `key:` (or the whole content without a key), comment removed, trimmed. */
  value: string;
  /** Column of `value`'s first character. */
  valueColumn: number;
  blank: boolean;
}

/** Start offset of the line containing `offset`. */
export function lineStartAt(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEndAt(text: string, start: number): number {
  const nl = text.indexOf('\n', start);
  const end = nl < 0 ? text.length : nl;
  return end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

/** Column of the first non-space character of the line at `start`, cheap (no allocation). */
export function indentOf(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  return i - start;
}

/** True for lines that carry no structure: blank, comment-only, document markers. */
export function isStructureless(text: string, start: number, end: number): boolean {
  const i = start + indentOf(text, start, end);
  if (i >= end) return true;
  const c = text.charCodeAt(i);
  if (c === HASH) return true;
  if (i === start && (text.startsWith('---', i) || text.startsWith('...', i))) return true;
  return false;
}

/** Characters that cannot start a plain key (indicators). */
const NOT_KEY_START = new Set(['#', '{', '[', ']', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`']);

/**
 * Length of `key:` at the start of `content` (the key text and the index after the colon), or
 * undefined. A linear scan: regular expressions here backtrack quadratically on long lines.
 */
function keyAt(content: string): { raw: string; after: number } | undefined {
  const n = content.length;
  if (n === 0 || NOT_KEY_START.has(content[0])) return undefined;
  let j = 0;
  if (content[0] === '"' || content[0] === "'") {
    const q = content[0];
    j = 1;
    while (j < n) {
      if (q === '"' && content[j] === '\\') j += 2;
      else if (content[j] === q && q === "'" && content[j + 1] === "'") j += 2;
      else if (content[j] === q) break;
      else j++;
    }
    if (j >= n) return undefined;
    const raw = content.slice(0, j + 1);
    j++;
    while (j < n && (content[j] === ' ' || content[j] === '\t')) j++;
    return content[j] === ':' && (j + 1 === n || content[j + 1] === ' ' || content[j + 1] === '\t') ? { raw, after: j + 1 } : undefined;
  }
  for (; j < n; j++) {
    const c = content[j];
    if (c === '#' && j > 0 && (content[j - 1] === ' ' || content[j - 1] === '\t')) return undefined;
    if (c === ':' && (j + 1 === n || content[j + 1] === ' ' || content[j + 1] === '\t')) {
      const raw = content.slice(0, j).trimEnd();
      return raw ? { raw, after: j + 1 } : undefined;
    }
  }
  return undefined;
}

export function readLine(text: string, start: number): YamlLine {
  const end = lineEndAt(text, start);
  const indent = indentOf(text, start, end);
  const dashes: number[] = [];
  let i = start + indent;
  // `- ` (or a lone `-` at the end of the line) opens a sequence item; several may follow each other.
  while (i < end && text.charCodeAt(i) === DASH && (i + 1 === end || text.charCodeAt(i + 1) === SPACE || text.charCodeAt(i + 1) === 9)) {
    dashes.push(i - start);
    i++;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
  }
  const contentColumn = i - start;
  const content = text.slice(i, end);
  const line: YamlLine = { start, end, indent, dashes, contentColumn, value: '', valueColumn: contentColumn, blank: i >= end };
  const k = keyAt(content);
  if (k) {
    line.key = unquote(k.raw);
    line.keyColumn = contentColumn;
    line.keyEndColumn = contentColumn + k.raw.length;
    line.colonColumn = contentColumn + k.after;
    const after = content.slice(k.after);
    const lead = after.length - after.trimStart().length;
    line.valueColumn = line.colonColumn + lead;
    line.value = stripComment(after).trim();
  } else {
    line.value = stripComment(content).trim();
  }
  return line;
}

export function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && ((t[0] === '"' && t.endsWith('"')) || (t[0] === "'" && t.endsWith("'")))) return t.slice(1, -1);
  return t;
}

/** Removes a trailing ` # comment` that is not inside quotes. */
export function stripComment(s: string): string {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s,[{:]/.test(s[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) {
      return s.slice(0, i);
    }
  }
  return s;
}
