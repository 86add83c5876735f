/**
 * Parsing CloudFlow expressions: a recursive-descent parser producing an `SmExpression` with spans.
 *
 * The docs give no grammar; this one covers what they and real flows write
 * (https://help.aliyun.com/en/document_detail/2579872.html built-in functions,
 * https://www.alibabacloud.com/help/en/serverless-workflow/latest/select-choice conditions,
 * https://www.alibabacloud.com/help/en/serverless-workflow/latest/data-transfer paths):
 *
 *   expression := or
 *   or         := and ('||' and)*
 *   and        := comparison ('&&' comparison)*
 *   comparison := primary (('==' | '!=' | '<' | '<=' | '>' | '>=') primary)?
 *   primary    := path | call | string | number | 'true' | 'false' | 'null'
 *               | '[' (expression (',' expression)*)? ']'
 *               | '{' (string ':' expression (',' string ':' expression)*)? '}'
 *               | '(' expression ')'
 *   path       := ('$Input' | '$Output' | '$Context' | '$Item') ('.' field | '[' digits ']' | '[' string ']')*
 *   call       := name '(' (expression (',' expression)*)? ')'
 *   string     := "…" (JSON escapes) | '…' (same escapes) | `…` (raw)
 *
 * Comparisons do not chain (`a < b < c` is an error); `&&`/`||` chains become one n-ary node, so a
 * long flat condition never makes a deep tree. `!` is not in the documented operator list and is
 * reported. Function names are checked against the built-ins by `checkSmExpression`, not here.
 */
import { closestMatch } from '../../schema/did-you-mean';
import { defineMessages, message } from '../../messages';
import type { Span } from '../../model';
import { SM_ROOTS, type SmCompareOperator, type SmExpression, type SmObjectEntry, type SmPath, type SmPathSegment, type SmRoot } from './ast';
import { SmExpressionFailure, smFail, type SmParseResult, type SmSyntaxErrorCode } from './errors';
import { MAX_SM_CALL_DEPTH, MAX_SM_EXPRESSION_LENGTH, MAX_SM_NESTING } from './limits';

const messages = defineMessages({
  tooLong: 'This expression is longer than {0} characters; it is not analysed.',
  tooDeep: 'This expression nests parentheses, arrays, objects or calls more than {0} levels deep.',
  tooManyCalls: 'Built-in functions can be nested at most {0} levels deep.',
  empty: 'An expression is required, e.g. `$Input.name` or `format("hello {}", $Input.name)`.',
  unknownRoot: 'Unknown root `{0}`: a path starts with `$Input`, `$Output` or `$Context`.{1}',
  didYouMean: ' Did you mean `{0}`?',
  expectedField: 'Expected a field name after `.`.',
  badIndex: 'Inside `[ ]` write an index (`[0]`) or a quoted key (`["a b"]`).',
  unterminated: 'This string has no closing quote.',
  badEscape: 'Unknown escape `\\{0}` in a string.',
  badNumber: 'Malformed number `{0}`.',
  expectedValue: 'Expected a value: a path such as `$Input.key`, a function call, a string, a number, `true`, `false`, `null`, `[…]` or `{…}`.',
  unexpected: 'Unexpected `{0}` in the expression.',
  unknownWord: 'Unknown word `{0}`: quote text (`"{0}"`), read the input with `$Input.{0}`, or call a function with `{0}(…)`.',
  notOperator: 'The documented operators are `==` `!=` `<` `<=` `>` `>=` `&&` `||`; there is no `!`: compare instead, e.g. `$Input.done == false`.',
  singleEquals: 'Use `==` to compare (a single `=` is not an operator).',
  singleAmp: 'Use `&&` for "and".',
  singleBar: 'Use `||` for "or".',
  chained: 'Comparisons cannot be chained; combine them with `&&`.',
  missingClose: 'Expected `{0}` to close the `{1}` here.',
  expectedKey: 'Expected a quoted key (`"name"`) followed by `:` in this object.',
  trailing: 'Unexpected `{0}`: an expression is one value; join conditions with `&&` or `||`.',
});

/** Parses one expression. Never throws; hostile input returns a located error quickly. */
export function parseSmExpression(text: string): SmParseResult<SmExpression> {
  if (text.length > MAX_SM_EXPRESSION_LENGTH) {
    return { ok: false, error: { code: 'too-long', start: 0, end: text.length, message: message(messages.tooLong, MAX_SM_EXPRESSION_LENGTH) } };
  }
  try {
    return { ok: true, ast: new Parser(text).parseAll() };
  } catch (e) {
    if (e instanceof SmExpressionFailure) return { ok: false, error: e.error as never };
    throw e;
  }
}

const COMPARE_OPS: SmCompareOperator[] = ['==', '!=', '<=', '>=', '<', '>'];
/** Characters that end a field name: whitespace, operators, brackets, quotes, separators. */
const FIELD_STOP = new Set([' ', '\t', '\r', '\n', '.', '[', ']', '(', ')', '{', '}', '=', '!', '<', '>', '&', '|', '"', "'", '`', ',', ':']);
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function isIdentStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/.test(c);
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

class Parser {
  private pos = 0;
  private nesting = 0;
  private calls = 0;

  constructor(private readonly text: string) {}

  parseAll(): SmExpression {
    this.skip();
    if (this.pos >= this.text.length) smFail('empty', 0, this.text.length, messages.empty);
    const ast = this.parseOr();
    this.skip();
    if (this.pos < this.text.length) this.failHere('trailing-input', messages.trailing);
    return ast;
  }

  private skip(): void {
    const t = this.text;
    while (this.pos < t.length && (t[this.pos] === ' ' || t[this.pos] === '\t' || t[this.pos] === '\r' || t[this.pos] === '\n')) this.pos++;
  }

  private failHere(code: SmSyntaxErrorCode, text: typeof messages.trailing): never {
    smFail(code, this.pos, this.pos + 1, message(text, this.text[this.pos]));
  }

  private enter(start: number): void {
    if (++this.nesting > MAX_SM_NESTING) smFail('too-deep', start, start + 1, message(messages.tooDeep, MAX_SM_NESTING));
  }

  private leave(): void {
    this.nesting--;
  }

  private parseOr(): SmExpression {
    return this.parseChain('||', 'or', () => this.parseAnd());
  }

  private parseAnd(): SmExpression {
    return this.parseChain('&&', 'and', () => this.parseComparison());
  }

  private parseChain(op: '&&' | '||', kind: 'and' | 'or', next: () => SmExpression): SmExpression {
    const first = next();
    const operands = [first];
    for (;;) {
      this.skip();
      if (!this.text.startsWith(op, this.pos)) break;
      this.pos += 2;
      operands.push(next());
    }
    if (operands.length === 1) return first;
    return { kind, operands, span: { start: first.span.start, end: operands[operands.length - 1].span.end } };
  }

  private readOperator(): { op: SmCompareOperator; span: Span } | undefined {
    this.skip();
    const t = this.text;
    const start = this.pos;
    const op = COMPARE_OPS.find((o) => t.startsWith(o, start));
    if (op) {
      this.pos += op.length;
      return { op, span: { start, end: this.pos } };
    }
    if (t[start] === '=') smFail('single-equals', start, start + 1, messages.singleEquals);
    if (t[start] === '&' && t[start + 1] !== '&') smFail('single-ampersand', start, start + 1, messages.singleAmp);
    if (t[start] === '|' && t[start + 1] !== '|') smFail('single-bar', start, start + 1, messages.singleBar);
    return undefined;
  }

  private parseComparison(): SmExpression {
    const left = this.parsePrimary();
    const op = this.readOperator();
    if (!op) return left;
    const right = this.parsePrimary();
    const again = this.readOperator();
    if (again) smFail('chained-comparison', again.span.start, again.span.end, messages.chained);
    return { kind: 'compare', op: op.op, opSpan: op.span, left, right, span: { start: left.span.start, end: right.span.end } };
  }

  private parsePrimary(): SmExpression {
    this.skip();
    const t = this.text;
    const start = this.pos;
    const c = t[start];
    if (c === undefined) smFail('unexpected-end', start, start + 1, messages.expectedValue);
    if (c === '(') {
      this.pos++;
      this.enter(start);
      const inner = this.parseOr();
      this.expectClose(')', '(', start);
      this.leave();
      // The parentheses belong to the span so errors and hovers cover what was written.
      return { ...inner, span: { start, end: this.pos } } as SmExpression;
    }
    if (c === '[') return this.parseArray();
    if (c === '{') return this.parseObject();
    if (c === '$') return this.parsePath();
    if (c === '"' || c === "'" || c === '`') {
      const s = this.readString();
      return { kind: 'literal', value: s.value, span: s.span };
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.parseNumber();
    if (c === '!' && t[start + 1] !== '=') smFail('unsupported-operator', start, start + 1, messages.notOperator);
    if (isIdentStart(c)) {
      let end = start;
      while (isIdentChar(t[end])) end++;
      const word = t.slice(start, end);
      this.pos = end;
      const span = { start, end };
      this.skip();
      if (t[this.pos] === '(') return this.parseCall(word, span);
      this.pos = end;
      if (word === 'true') return { kind: 'literal', value: true, span };
      if (word === 'false') return { kind: 'literal', value: false, span };
      if (word === 'null') return { kind: 'literal', value: null, span };
      smFail('unknown-word', start, end, message(messages.unknownWord, word));
    }
    smFail('unexpected-character', start, start + 1, message(messages.unexpected, c));
  }

  private expectClose(close: string, open: string, openAt: number): void {
    this.skip();
    if (this.text[this.pos] !== close) smFail('missing-close', openAt, openAt + 1, message(messages.missingClose, close, open));
    this.pos++;
  }

  /** Comma-separated expressions up to `close`; the opening bracket has been consumed. */
  private parseList(close: string, open: string, openAt: number): SmExpression[] {
    const items: SmExpression[] = [];
    this.skip();
    if (this.text[this.pos] === close) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.parseOr());
      this.skip();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expectClose(close, open, openAt);
      return items;
    }
  }

  private parseCall(name: string, nameSpan: Span): SmExpression {
    const open = this.pos++;
    this.enter(nameSpan.start);
    if (++this.calls > MAX_SM_CALL_DEPTH) smFail('too-many-nested-calls', nameSpan.start, nameSpan.end, message(messages.tooManyCalls, MAX_SM_CALL_DEPTH));
    const args = this.parseList(')', '(', open);
    this.calls--;
    this.leave();
    return { kind: 'call', name, nameSpan, args, span: { start: nameSpan.start, end: this.pos } };
  }

  private parseArray(): SmExpression {
    const start = this.pos++;
    this.enter(start);
    const elements = this.parseList(']', '[', start);
    this.leave();
    return { kind: 'array', elements, span: { start, end: this.pos } };
  }

  private parseObject(): SmExpression {
    const start = this.pos++;
    this.enter(start);
    const entries: SmObjectEntry[] = [];
    this.skip();
    if (this.text[this.pos] === '}') this.pos++;
    else {
      for (;;) {
        this.skip();
        const q = this.text[this.pos];
        if (q !== '"' && q !== "'" && q !== '`') smFail('expected-key', this.pos, this.pos + 1, messages.expectedKey);
        const key = this.readString();
        this.skip();
        if (this.text[this.pos] !== ':') smFail('expected-key', key.span.start, key.span.end, messages.expectedKey);
        this.pos++;
        entries.push({ key: key.value, keySpan: key.span, value: this.parseOr() });
        this.skip();
        if (this.text[this.pos] === ',') {
          this.pos++;
          continue;
        }
        this.expectClose('}', '{', start);
        break;
      }
    }
    this.leave();
    return { kind: 'object', entries, span: { start, end: this.pos } };
  }

  private parsePath(): SmPath {
    const t = this.text;
    const start = this.pos;
    let end = start + 1;
    while (isIdentChar(t[end])) end++;
    const word = t.slice(start, end);
    if (!(SM_ROOTS as readonly string[]).includes(word)) {
      const suggestion = closestMatch(word, SM_ROOTS) ?? SM_ROOTS.find((r) => r.toLowerCase() === word.toLowerCase());
      const hint = suggestion ? message(messages.didYouMean, suggestion) : '';
      smFail('unknown-root', start, Math.max(end, start + 1), message(messages.unknownRoot, word, hint));
    }
    const rootSpan = { start, end };
    this.pos = end;
    const segments: SmPathSegment[] = [];
    for (;;) {
      const c = t[this.pos];
      if (c === '.') {
        const dot = this.pos++;
        let e = this.pos;
        while (e < t.length && !FIELD_STOP.has(t[e]) && t.charCodeAt(e) > 0x1f) e++;
        if (e === this.pos) smFail('expected-field', dot, dot + 1, messages.expectedField);
        segments.push({ kind: 'field', name: t.slice(this.pos, e), span: { start: this.pos, end: e } });
        this.pos = e;
      } else if (c === '[') {
        const open = this.pos++;
        const q = t[this.pos];
        if (q === '"' || q === "'" || q === '`') {
          const s = this.readString();
          segments.push({ kind: 'field', name: s.value, span: s.span });
        } else {
          let e = this.pos;
          while (t[e] >= '0' && t[e] <= '9') e++;
          if (e === this.pos || e - this.pos > 15) smFail('bad-index', open, this.bracketEnd(open), messages.badIndex);
          segments.push({ kind: 'index', index: Number(t.slice(this.pos, e)), span: { start: this.pos, end: e } });
          this.pos = e;
        }
        if (t[this.pos] !== ']') smFail('bad-index', open, this.pos + 1, messages.badIndex);
        this.pos++;
      } else break;
    }
    return { kind: 'path', root: word as SmRoot, rootSpan, segments, span: { start, end: this.pos } };
  }

  /** Where the `[` at `open` closes, to underline the whole bad index; just the `[` when it does not close soon. */
  private bracketEnd(open: number): number {
    const close = this.text.indexOf(']', open);
    return close >= 0 && close - open <= 64 ? close + 1 : open + 1;
  }

  private readString(): { value: string; span: Span } {
    const t = this.text;
    const start = this.pos;
    const quote = t[start];
    let i = start + 1;
    let value = '';
    for (;;) {
      if (i >= t.length) smFail('unterminated-string', start, t.length, messages.unterminated);
      const c = t[i];
      if (c === quote) break;
      if (c === '\\' && quote !== '`') {
        const e = t[i + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        if (e === undefined || !(e in ESCAPES)) smFail('bad-escape', i, i + 2, message(messages.badEscape, e ?? ''));
        value += ESCAPES[e];
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    this.pos = i + 1;
    return { value, span: { start, end: this.pos } };
  }

  private parseNumber(): SmExpression {
    const t = this.text;
    const start = this.pos;
    const m = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(t.slice(start, start + 64));
    let end = start + (m ? m[0].length : 1);
    // A number glued to letters (`12abc`) is a typo, not a number followed by a word.
    while (end < t.length && /[A-Za-z0-9_.]/.test(t[end])) end++;
    const raw = t.slice(start, end);
    if (!m || m[0].length !== raw.length || !Number.isFinite(Number(raw))) smFail('bad-number', start, end, message(messages.badNumber, raw));
    this.pos = end;
    return { kind: 'literal', value: Number(raw), span: { start, end } };
  }
}
