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

export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
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

const COMPARE_OPS: CompareOperator[] = ['==', '!=', '<=', '>=', '<', '>'];

class ConditionParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  parseAll(): ConditionAst {
    this.skip();
    if (this.pos >= this.text.length) fail('empty', 0, this.text.length, messages.empty);
    const ast = this.parseOr();
    this.skip();
    if (this.pos < this.text.length) this.failHere(messages.trailing, 'trailing-input');
    return ast;
  }

  private skip(): void {
    const t = this.text;
    while (this.pos < t.length && (t[this.pos] === ' ' || t[this.pos] === '\t' || t[this.pos] === '\r' || t[this.pos] === '\n')) this.pos++;
  }

  private failHere(text: typeof messages.trailing, code: 'trailing-input' | 'unexpected-character'): never {
    const c = this.text[this.pos];
    fail(code, this.pos, this.pos + 1, message(text, c));
  }

  private enter(start: number): void {
    if (++this.depth > MAX_CONDITION_DEPTH) fail('too-deep', start, start + 1, message(messages.tooDeep, MAX_CONDITION_DEPTH));
  }

  private parseOr(): ConditionAst {
    return this.parseChain('||', 'or', () => this.parseAnd());
  }

  private parseAnd(): ConditionAst {
    return this.parseChain('&&', 'and', () => this.parseUnary());
  }

  private parseChain(op: '&&' | '||', kind: 'and' | 'or', next: () => ConditionAst): ConditionAst {
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

  private parseUnary(): ConditionAst {
    this.skip();
    if (this.text[this.pos] === '!' && this.text[this.pos + 1] !== '=') {
      const start = this.pos++;
      this.enter(start);
      const operand = this.parseUnary();
      this.depth--;
      return { kind: 'not', operand, span: { start, end: operand.span.end } };
    }
    return this.parseComparison();
  }

  private readOperator(): { op: CompareOperator; span: Span } | undefined {
    this.skip();
    const t = this.text;
    const start = this.pos;
    const op = COMPARE_OPS.find((o) => t.startsWith(o, start));
    if (op) {
      this.pos += op.length;
      return { op, span: { start, end: this.pos } };
    }
    if (t[start] === '=') fail('single-equals', start, start + 1, messages.singleEquals);
    if (t[start] === '&' && t[start + 1] !== '&') fail('single-ampersand', start, start + 1, messages.singleAmp);
    if (t[start] === '|' && t[start + 1] !== '|') fail('single-bar', start, start + 1, messages.singleBar);
    return undefined;
  }

  private parseComparison(): ConditionAst {
    const left = this.parsePrimary();
    const op = this.readOperator();
    if (!op) return left;
    const right = this.parsePrimary();
    const again = this.readOperator();
    if (again) fail('chained-comparison', again.span.start, again.span.end, messages.chained);
    return { kind: 'compare', op: op.op, opSpan: op.span, left, right, span: { start: left.span.start, end: right.span.end } };
  }

  private parsePrimary(): ConditionAst {
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
    if (/[A-Za-z_]/.test(c)) {
      let end = start;
      while (end < t.length && /[A-Za-z0-9_]/.test(t[end])) end++;
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
    const t = this.text;
    const start = this.pos;
    const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(t.slice(start, start + 64));
    let end = start + (m ? m[0].length : 1);
    // A number glued to letters (`12abc`) is a typo, not a number followed by a word.
    while (end < t.length && /[A-Za-z0-9_.]/.test(t[end])) end++;
    const raw = t.slice(start, end);
    if (!m || m[0].length !== raw.length || !Number.isFinite(Number(raw))) fail('bad-number', start, end, message(messages.badNumber, raw));
    this.pos = end;
    return { kind: 'literal', value: Number(raw), span: { start, end } };
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
