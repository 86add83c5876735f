/**
 * The lexical layer both expression languages share: classic paths and conditions (this folder)
 * and CloudFlow's StateMachine expressions (../cloudflow/expressions/). Character classes, quoted
 * strings and numbers, path roots and field names, the comparison operators and the `&&` / `||`
 * chains, with a cursor that reports located errors. What differs between the languages is handed
 * in: the escapes a string allows, the form of a number, which characters end a field name, and
 * the wording (each language keeps its own message table) and failure (its own error type, caught
 * at its entry point) of every error.
 */
import type { Span } from '../span';
import { message, type Localizable, type MessageText } from '../messages';

/** The codes the scanner reports; each language's code list holds them. */
export type ScanErrorCode = 'unterminated-string' | 'bad-escape' | 'bad-number' | 'single-equals' | 'single-ampersand' | 'single-bar' | 'chained-comparison';

/** How a language fails at `[start, end)` of its expression (throws its own failure). */
export type ScanFail = (code: ScanErrorCode, start: number, end: number, message: Localizable) => never;

export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** Longest first, so `<=` is not read as `<`. */
const COMPARE_OPS: readonly CompareOperator[] = ['==', '!=', '<=', '>=', '<', '>'];

/** Whitespace between tokens. */
export function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

/** The first character of a word (`true`, a function name) and the rest of it. */
export function isIdentStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/.test(c);
}

export function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

export function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Characters that end a field name after `.` in a classic path: whitespace, `.`, brackets,
 * parentheses, comparison and logical operator characters, quotes and `,` (control characters end
 * it too). So `$.dest-bucket` and Chinese keys are names, and `$.a==$.b` splits at `==`.
 */
export const FIELD_STOP: ReadonlySet<string> = new Set([' ', '\t', '\r', '\n', '.', '[', ']', '(', ')', '=', '!', '<', '>', '&', '|', '"', "'", '`', ',']);

/** A StateMachine expression's field names also end at `{`, `}` and `:` (it has object literals). */
export const SM_FIELD_STOP: ReadonlySet<string> = new Set([...FIELD_STOP, '{', '}', ':']);

export function isFieldCharOf(c: string, stop: ReadonlySet<string>): boolean {
  return !stop.has(c) && c.charCodeAt(0) > 0x1f;
}

export function skipSpaces(text: string, pos: number): number {
  while (pos < text.length && isSpace(text[pos])) pos++;
  return pos;
}

/** Where the word starting at `pos` ends (`pos` itself when none starts there). */
export function wordEnd(text: string, pos: number): number {
  while (isIdentChar(text[pos])) pos++;
  return pos;
}

/** Where the path root at `text[start] === '$'` ends: `$` and the word after it (`$input`, `$Input`, `$`). */
export function rootEnd(text: string, start: number): number {
  return wordEnd(text, start + 1);
}

/** Where the field name starting at `pos` ends, at the first character of `stop` (`pos` itself when none starts there). */
export function fieldEnd(text: string, pos: number, stop: ReadonlySet<string>): number {
  while (pos < text.length && isFieldCharOf(text[pos], stop)) pos++;
  return pos;
}

export function digitsEnd(text: string, pos: number): number {
  while (pos < text.length && isDigit(text[pos])) pos++;
  return pos;
}

/** The escapes after `\` both languages allow in a `"…"` or `'…'` string (JSON's and `\'`). */
export const STRING_ESCAPES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export interface StringWords {
  unterminated: MessageText;
  badEscape: MessageText;
}

/**
 * The string whose quote is `text[start]`: `"…"` or `'…'` with `escapes` (and `\uXXXX`), or a raw
 * backtick string `` `…` ``; its value and where it ends (after the closing quote).
 */
export function scanString(text: string, start: number, escapes: Readonly<Record<string, string>>, words: StringWords, fail: ScanFail): { value: string; end: number } {
  const quote = text[start];
  let pos = start + 1;
  let out = '';
  while (pos < text.length) {
    const c = text[pos];
    if (c === quote) return { value: out, end: pos + 1 };
    if (c === '\\' && quote !== '`') {
      const e = text[pos + 1];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
        out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
        pos += 6;
        continue;
      }
      if (e === undefined || !(e in escapes)) fail('bad-escape', pos, pos + 2, message(words.badEscape, e ?? ''));
      out += escapes[e];
      pos += 2;
      continue;
    }
    out += c;
    pos++;
  }
  fail('unterminated-string', start, text.length, words.unterminated);
}

/**
 * The number at `start`, matched by `form` (anchored, over at most 64 characters); its value and
 * where it ends. A number glued to letters (`12abc`) is a typo, not a number followed by a word:
 * the whole run is reported.
 */
export function scanNumber(text: string, start: number, form: RegExp, badNumber: MessageText, fail: ScanFail): { value: number; end: number } {
  const m = form.exec(text.slice(start, start + 64));
  let end = start + (m ? m[0].length : 1);
  while (end < text.length && /[A-Za-z0-9_.]/.test(text[end])) end++;
  const raw = text.slice(start, end);
  if (!m || m[0].length !== raw.length || !Number.isFinite(Number(raw))) fail('bad-number', start, end, message(badNumber, raw));
  return { value: Number(raw), end };
}

export interface OperatorWords {
  singleEquals: MessageText;
  singleAmp: MessageText;
  singleBar: MessageText;
  chained: MessageText;
}

/** The nodes the shared grammar builds; both languages' trees have them in this shape. */
type ChainNode<N> = { kind: 'and' | 'or'; operands: N[]; span: Span };
type CompareNode<N> = { kind: 'compare'; op: CompareOperator; opSpan: Span; left: N; right: N; span: Span };

/**
 * A recursive-descent parser's cursor over one expression, with the grammar both languages share:
 * `or := and ('||' and)*`, `and := operand ('&&' operand)*`, `comparison := primary (op primary)?`.
 * Comparisons do not chain (`a < b < c` is an error); `&&` / `||` chains become one n-ary node, so
 * a long flat condition never makes a deep tree.
 */
export abstract class ExpressionCursor<N extends { span: Span }> {
  protected pos = 0;

  constructor(
    protected readonly text: string,
    protected readonly fail: ScanFail,
    private readonly operatorWords: OperatorWords,
  ) {}

  protected skip(): void {
    const t = this.text;
    let pos = this.pos;
    while (pos < t.length && isSpace(t[pos])) pos++;
    this.pos = pos;
  }

  protected chain(op: '&&' | '||', kind: 'and' | 'or', next: () => N): N {
    const first = next();
    const operands = [first];
    for (;;) {
      this.skip();
      if (!this.text.startsWith(op, this.pos)) break;
      this.pos += 2;
      operands.push(next());
    }
    if (operands.length === 1) return first;
    const node: ChainNode<N> = { kind, operands, span: { start: first.span.start, end: operands[operands.length - 1].span.end } };
    return node as unknown as N;
  }

  /** One operand of a comparison: a path, a literal, a parenthesised expression, … */
  protected abstract parsePrimary(): N;

  protected comparison(): N {
    const left = this.parsePrimary();
    const op = this.readOperator();
    if (!op) return left;
    const right = this.parsePrimary();
    const again = this.readOperator();
    if (again) this.fail('chained-comparison', again.span.start, again.span.end, this.operatorWords.chained);
    const node: CompareNode<N> = { kind: 'compare', op: op.op, opSpan: op.span, left, right, span: { start: left.span.start, end: right.span.end } };
    return node as unknown as N;
  }

  /** A comparison operator here, else undefined; a lone `=`, `&` or `|` is an error that says what to write. */
  private readOperator(): { op: CompareOperator; span: Span } | undefined {
    this.skip();
    const t = this.text;
    const start = this.pos;
    const op = COMPARE_OPS.find((o) => t.startsWith(o, start));
    if (op) {
      this.pos += op.length;
      return { op, span: { start, end: this.pos } };
    }
    const words = this.operatorWords;
    if (t[start] === '=') this.fail('single-equals', start, start + 1, words.singleEquals);
    if (t[start] === '&' && t[start + 1] !== '&') this.fail('single-ampersand', start, start + 1, words.singleAmp);
    if (t[start] === '|' && t[start + 1] !== '|') this.fail('single-bar', start, start + 1, words.singleBar);
    return undefined;
  }
}
