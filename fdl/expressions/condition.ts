/**
 * Choice conditions: a recursive-descent parser producing an AST with spans.
 *
 * The docs (choice steps, "条件表达式") list: comparisons `> >= < <= == !=` on strings and
 * numbers, logical `||` `&&`, string constants in double quotes or backticks, number and
 * boolean constants, and `$.key` references to the step input. Real flows add parentheses and
 * operators written without spaces (`$.a==$.b`). We also accept, as a lenient superset:
 * single-quoted strings, `null`, unary `!`, and the `$input`/`$local`/`$context` roots.
 *
 * Precedence (lowest first): `||`, `&&`, `!`, comparison. Comparisons do not chain
 * (`a < b < c` is an error: write `a < b && b < c`). `&&`/`||` chains become one n-ary node,
 * so a long flat condition never makes a deep tree.
 */
import { defineMessages, message } from '../messages';
import type { Span } from '../model';
import { ExpressionFailure, fail, type ParseResult } from './expression-error';
import { MAX_CONDITION_DEPTH, MAX_EXPRESSION_LENGTH } from './limits';
import { readQuoted, scanPath, type PathAst } from './path';
import { ExpressionCursor, isIdentStart, scanNumber, wordEnd, type CompareOperator } from './scanner';

export type { CompareOperator };
export type LiteralValue = string | number | boolean | null;

export type ConditionAst =
  | { kind: 'or' | 'and'; operands: ConditionAst[]; span: Span }
  | { kind: 'not'; operand: ConditionAst; span: Span }
  | { kind: 'compare'; op: CompareOperator; opSpan: Span; left: ConditionAst; right: ConditionAst; span: Span }
  | { kind: 'literal'; value: LiteralValue; span: Span }
  | PathAst;

const messages = defineMessages({
  tooLong: 'This condition is longer than {0} characters; it is not analysed.',
  tooDeep: 'This condition nests parentheses or `!` more than {0} levels deep.',
  empty: 'A condition is required, e.g. `$.status == "ready"`.',
  expectedValue: 'Expected a value: a path such as `$.key`, a string, a number, `true`, `false` or `null`.',
  unexpected: 'Unexpected `{0}` in the condition.',
  unknownWord: 'Unknown word `{0}`: quote text (`"{0}"`) or reference the input with `$.{0}`.',
  badNumber: 'Malformed number `{0}`.',
  singleEquals: 'Use `==` to compare (a single `=` is not an operator).',
  singleAmp: 'Use `&&` for "and".',
  singleBar: 'Use `||` for "or".',
  chained: 'Comparisons cannot be chained; combine them with `&&`.',
  missingClose: 'Expected `)` to close the `(` here.',
  trailing: 'Unexpected `{0}`: join conditions with `&&` or `||`.',
});

/** Parses a choice condition. Never throws; hostile input returns an error quickly. */
export function parseCondition(text: string): ParseResult<ConditionAst> {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, error: { code: 'too-long', start: 0, end: text.length, message: message(messages.tooLong, MAX_EXPRESSION_LENGTH) } };
  }
  try {
    const p = new ConditionParser(text);
    return { ok: true, ast: p.parseAll() };
  } catch (e) {
    if (e instanceof ExpressionFailure) return { ok: false, error: e.error };
    throw e;
  }
}

/** A number: an optional sign, digits with an optional fraction (or a fraction alone), an optional exponent. */
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/;

class ConditionParser extends ExpressionCursor<ConditionAst> {
  private depth = 0;

  constructor(text: string) {
    super(text, fail, messages);
  }

  parseAll(): ConditionAst {
    this.skip();
    if (this.pos >= this.text.length) fail('empty', 0, this.text.length, messages.empty);
    const ast = this.parseOr();
    this.skip();
    if (this.pos < this.text.length) this.failHere(messages.trailing, 'trailing-input');
    return ast;
  }

  private failHere(text: typeof messages.trailing, code: 'trailing-input' | 'unexpected-character'): never {
    const c = this.text[this.pos];
    fail(code, this.pos, this.pos + 1, message(text, c));
  }

  private enter(start: number): void {
    if (++this.depth > MAX_CONDITION_DEPTH) fail('too-deep', start, start + 1, message(messages.tooDeep, MAX_CONDITION_DEPTH));
  }

  private parseOr(): ConditionAst {
    return this.chain('||', 'or', () => this.parseAnd());
  }

  private parseAnd(): ConditionAst {
    return this.chain('&&', 'and', () => this.parseUnary());
  }

  private parseUnary(): ConditionAst {
    this.skip();
    if (this.text[this.pos] === '!' && this.text[this.pos + 1] !== '=') {
      const start = this.pos++;
      this.enter(start);
      const operand = this.parseUnary();
      this.depth--;
      return { kind: 'not', operand, span: { start, end: operand.span.end } };
    }
    return this.comparison();
  }

  protected parsePrimary(): ConditionAst {
    this.skip();
    const t = this.text;
    const start = this.pos;
    const c = t[start];
    if (c === undefined) fail('unexpected-end', start, start + 1, messages.expectedValue);
    if (c === '(') {
      this.pos++;
      this.enter(start);
      const inner = this.parseOr();
      this.skip();
      if (t[this.pos] !== ')') fail('missing-close-paren', start, start + 1, messages.missingClose);
      this.pos++;
      this.depth--;
      // The parentheses belong to the span so errors and hovers cover what was written.
      return { ...inner, span: { start, end: this.pos } } as ConditionAst;
    }
    if (c === '$') {
      const { ast, end } = scanPath(t, start);
      this.pos = end;
      return ast;
    }
    if (c === '"' || c === "'" || c === '`') {
      const s = readQuoted(t, start);
      this.pos = s.end;
      return { kind: 'literal', value: s.value, span: { start, end: s.end } };
    }
    if (c === '-' || c === '+' || c === '.' || (c >= '0' && c <= '9')) return this.parseNumber();
    if (isIdentStart(c)) {
      const end = wordEnd(t, start);
      const word = t.slice(start, end);
      this.pos = end;
      const span = { start, end };
      if (word === 'true') return { kind: 'literal', value: true, span };
      if (word === 'false') return { kind: 'literal', value: false, span };
      if (word === 'null') return { kind: 'literal', value: null, span };
      fail('unknown-word', start, end, message(messages.unknownWord, word));
    }
    fail('unexpected-character', start, start + 1, message(messages.unexpected, c));
  }

  private parseNumber(): ConditionAst {
    const start = this.pos;
    const { value, end } = scanNumber(this.text, start, NUMBER, messages.badNumber, fail);
    this.pos = end;
    return { kind: 'literal', value, span: { start, end } };
  }
}

/** Every path a condition references, in source order (for rules, hover and completion). */
export function conditionPaths(ast: ConditionAst): PathAst[] {
  const out: PathAst[] = [];
  const stack: ConditionAst[] = [ast];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'path') out.push(n);
    else if (n.kind === 'and' || n.kind === 'or') for (let i = n.operands.length - 1; i >= 0; i--) stack.push(n.operands[i]);
    else if (n.kind === 'not') stack.push(n.operand);
    else if (n.kind === 'compare') stack.push(n.right, n.left);
  }
  return out;
}
