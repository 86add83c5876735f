/**
 * Reference paths: `$input`, `$local`, `$context` (mapping sources) and `$` (the step's own
 * input, used in conditions, foreach `collection` and serviceParams), each followed by
 * `.field`, `.*`, `[n]`, `[-n]`, `[*]` or a quoted key `["a b"]` / `['a b']`.
 *
 * The docs call these "JSONPath-like" without a grammar. Our reading:
 * - a field name is any run of characters other than whitespace and `. [ ] ( ) = ! < > & | " ' \` ,`
 *   (so `$.dest-bucket` and Chinese keys work, and `$.a==$.b` splits at `==`);
 * - recursive descent `..`, slices and filters are not part of FDL and are reported;
 * - roots are case-sensitive; `$Input` gets a did-you-mean.
 */
import { closestMatch } from '../schema/did-you-mean';
import { defineMessages, message } from '../messages';
import type { Span } from '../model';
import { ExpressionFailure, fail, type ParseResult } from './expression-error';
import { MAX_EXPRESSION_LENGTH } from './limits';
import { digitsEnd, fieldEnd, FIELD_STOP, isDigit, isFieldCharOf, rootEnd, scanString, skipSpaces, STRING_ESCAPES } from './scanner';

export type PathRoot = '$' | '$input' | '$local' | '$context';
export const PATH_ROOTS: readonly PathRoot[] = ['$input', '$local', '$context', '$'];

export type PathSegment = { kind: 'field'; name: string; span: Span } | { kind: 'index'; index: number; span: Span } | { kind: 'wildcard'; span: Span };

export interface PathAst {
  kind: 'path';
  root: PathRoot;
  rootSpan: Span;
  segments: PathSegment[];
  /** Offsets within the parsed string. */
  span: Span;
}

const messages = defineMessages({
  tooLong: 'This expression is longer than {0} characters; it is not analysed.',
  empty: 'Expected a path such as `$input.name`.',
  notAPath: 'A path starts with `$input`, `$local`, `$context` or `$`.',
  unknownRoot: 'Unknown root `{0}`: use `$input`, `$local`, `$context` or `$`.{1}',
  didYouMean: ' Did you mean `{0}`?',
  expectedField: 'Expected a field name after `.` (or `*`).',
  recursiveDescent: 'Recursive descent `..` is not supported in FDL paths; name each field.',
  badBracket: 'Inside `[ ]` write an index (`[0]`), `*` or a quoted key (`["a b"]`).',
  missingBracket: 'Expected `]`.',
  unterminated: 'This string has no closing quote.',
  badEscape: 'Unknown escape `\\{0}` in a string.',
  trailing: 'Unexpected `{0}` after the path; a path is one reference such as `$input.a.b[0]`.',
});

/** A character a field name written after `.` may hold (scanner.ts `FIELD_STOP` says which end it). */
export function isFieldChar(c: string): boolean {
  return isFieldCharOf(c, FIELD_STOP);
}

/** Parses a whole string as one path (surrounding whitespace is allowed). Never throws. */
export function parsePath(text: string): ParseResult<PathAst> {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, error: { code: 'too-long', start: 0, end: text.length, message: message(messages.tooLong, MAX_EXPRESSION_LENGTH) } };
  }
  try {
    let pos = skipSpaces(text, 0);
    if (pos >= text.length) fail('empty', 0, text.length, messages.empty);
    if (text[pos] !== '$') fail('unknown-root', pos, pos + 1, messages.notAPath);
    const { ast, end } = scanPath(text, pos);
    pos = skipSpaces(text, end);
    if (pos < text.length) fail('trailing-input', pos, text.length, message(messages.trailing, text[pos]));
    return { ok: true, ast };
  } catch (e) {
    if (e instanceof ExpressionFailure) return { ok: false, error: e.error };
    throw e;
  }
}

/**
 * Reads one path starting at `text[start] === '$'`; stops at the first character that cannot
 * continue it. Throws ExpressionFailure (callers inside this folder catch it).
 */
export function scanPath(text: string, start: number): { ast: PathAst; end: number } {
  let pos = rootEnd(text, start);
  const word = text.slice(start, pos);
  let root: PathRoot;
  if (word === '$' || word === '$input' || word === '$local' || word === '$context') root = word;
  else {
    const guess = closestMatch(
      word,
      PATH_ROOTS.filter((r) => r !== '$'),
    );
    fail('unknown-root', start, pos, message(messages.unknownRoot, word, guess ? message(messages.didYouMean, guess) : ''));
  }
  const rootSpan = { start, end: pos };
  const segments: PathSegment[] = [];
  for (;;) {
    const c = text[pos];
    if (c === '.') {
      const segStart = pos;
      pos++;
      if (text[pos] === '.') fail('recursive-descent', segStart, pos + 1, messages.recursiveDescent);
      if (text[pos] === '*') {
        pos++;
        segments.push({ kind: 'wildcard', span: { start: segStart, end: pos } });
        continue;
      }
      const nameStart = pos;
      pos = fieldEnd(text, pos, FIELD_STOP);
      if (pos === nameStart) fail('expected-field', segStart, pos + 1, messages.expectedField);
      segments.push({ kind: 'field', name: text.slice(nameStart, pos), span: { start: segStart, end: pos } });
    } else if (c === '[') {
      const segStart = pos;
      pos = skipSpaces(text, pos + 1);
      const d = text[pos];
      let seg: PathSegment;
      if (d === '*') {
        pos++;
        seg = { kind: 'wildcard', span: { start: segStart, end: 0 } };
      } else if (d === '"' || d === "'") {
        const s = readQuoted(text, pos);
        pos = s.end;
        seg = { kind: 'field', name: s.value, span: { start: segStart, end: 0 } };
      } else if (d === '-' || isDigit(d)) {
        const numStart = pos;
        if (d === '-') pos++;
        const digitsStart = pos;
        pos = digitsEnd(text, pos);
        if (pos === digitsStart) fail('bad-bracket', segStart, pos + 1, messages.badBracket);
        seg = { kind: 'index', index: Number(text.slice(numStart, pos)), span: { start: segStart, end: 0 } };
      } else {
        fail('bad-bracket', segStart, pos + 1, messages.badBracket);
      }
      pos = skipSpaces(text, pos);
      if (text[pos] !== ']') fail('bad-bracket', pos, pos + 1, messages.missingBracket);
      pos++;
      seg.span.end = pos;
      segments.push(seg);
    } else break;
  }
  return { ast: { kind: 'path', root, rootSpan, segments, span: { start, end: pos } }, end: pos };
}

/** A string's escapes: both languages' (scanner.ts), and `\`` too. */
const ESCAPES: Readonly<Record<string, string>> = { ...STRING_ESCAPES, '`': '`' };

/**
 * A quoted string at `text[start]` (`"…"` or `'…'` with JSON escapes plus `\'`, or a raw
 * backtick string `` `…` `` as the condition docs allow). Shared with the condition parser.
 */
export function readQuoted(text: string, start: number): { value: string; end: number } {
  return scanString(text, start, ESCAPES, messages, fail);
}

/** The path written back as text (for hover, completion and messages). */
export function formatPath(ast: PathAst): string {
  let out: string = ast.root;
  for (const s of ast.segments) {
    if (s.kind === 'wildcard') out += '[*]';
    else if (s.kind === 'index') out += `[${s.index}]`;
    else out += [...s.name].every(isFieldChar) && s.name !== '*' ? `.${s.name}` : `[${JSON.stringify(s.name)}]`;
  }
  return out;
}
