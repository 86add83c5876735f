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
import { SM_ROOTS, type SmExpression, type SmObjectEntry, type SmPath, type SmPathSegment, type SmRoot } from './ast';
import { SmExpressionFailure, smFail, type SmParseResult, type SmSyntaxErrorCode } from './errors';
import { MAX_SM_CALL_DEPTH, MAX_SM_EXPRESSION_LENGTH, MAX_SM_NESTING } from './limits';
import { digitsEnd, ExpressionCursor, fieldEnd, isDigit, isIdentStart, rootEnd, scanNumber, scanString, SM_FIELD_STOP, STRING_ESCAPES, wordEnd } from '../../expressions/scanner';

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

/** A number: an optional `-`, digits with an optional fraction (or a fraction alone), an optional exponent. */
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/;

class Parser extends ExpressionCursor<SmExpression> {
  private nesting = 0;
  private calls = 0;

  constructor(text: string) {
    super(text, smFail, messages);
  }

  parseAll(): SmExpression {
    this.skip();
    if (this.pos >= this.text.length) smFail('empty', 0, this.text.length, messages.empty);
    const ast = this.parseOr();
    this.skip();
    if (this.pos < this.text.length) this.failHere('trailing-input', messages.trailing);
    return ast;
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
    return this.chain('||', 'or', () => this.parseAnd());
  }

  private parseAnd(): SmExpression {
    return this.chain('&&', 'and', () => this.comparison());
  }

  protected parsePrimary(): SmExpression {
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
    if (c === '-' || isDigit(c)) return this.parseNumber();
    if (c === '!' && t[start + 1] !== '=') smFail('unsupported-operator', start, start + 1, messages.notOperator);
    if (isIdentStart(c)) {
      const end = wordEnd(t, start);
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
    const end = rootEnd(t, start);
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
        const e = fieldEnd(t, this.pos, SM_FIELD_STOP);
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
          const e = digitsEnd(t, this.pos);
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
    const start = this.pos;
    const { value, end } = scanString(this.text, start, STRING_ESCAPES, messages, smFail);
    this.pos = end;
    return { value, span: { start, end } };
  }

  private parseNumber(): SmExpression {
    const start = this.pos;
    const { value, end } = scanNumber(this.text, start, NUMBER, messages.badNumber, smFail);
    this.pos = end;
    return { kind: 'literal', value, span: { start, end } };
  }
}
