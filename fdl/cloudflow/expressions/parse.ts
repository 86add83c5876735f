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
  tooLong: {
    en: 'This expression is longer than {0} characters; it is not analysed.',
    'zh-cn': '此表达式超过 {0} 个字符，不再分析。',
  },
  tooDeep: {
    en: 'This expression nests parentheses, arrays, objects or calls more than {0} levels deep.',
    'zh-cn': '此表达式中括号、数组、对象或函数调用的嵌套超过 {0} 层。',
  },
  tooManyCalls: {
    en: 'Built-in functions can be nested at most {0} levels deep.',
    'zh-cn': '内置函数最多只能嵌套 {0} 层。',
  },
  empty: {
    en: 'An expression is required, e.g. `$Input.name` or `format("hello {}", $Input.name)`.',
    'zh-cn': '表达式不能为空，例如 `$Input.name` 或 `format("hello {}", $Input.name)`。',
  },
  unknownRoot: {
    en: 'Unknown root `{0}`: a path starts with `$Input`, `$Output` or `$Context`.{1}',
    'zh-cn': '未知的根 `{0}`：路径应以 `$Input`、`$Output` 或 `$Context` 开头。{1}',
  },
  didYouMean: { en: ' Did you mean `{0}`?', 'zh-cn': '您是否想输入 `{0}`？' },
  expectedField: { en: 'Expected a field name after `.`.', 'zh-cn': '`.` 之后应为字段名。' },
  badIndex: {
    en: 'Inside `[ ]` write an index (`[0]`) or a quoted key (`["a b"]`).',
    'zh-cn': '`[ ]` 中应为下标（`[0]`）或带引号的键（`["a b"]`）。',
  },
  unterminated: { en: 'This string has no closing quote.', 'zh-cn': '此字符串缺少结束引号。' },
  badEscape: { en: 'Unknown escape `\\{0}` in a string.', 'zh-cn': '字符串中的转义 `\\{0}` 无效。' },
  badNumber: { en: 'Malformed number `{0}`.', 'zh-cn': '数字 `{0}` 格式错误。' },
  expectedValue: {
    en: 'Expected a value: a path such as `$Input.key`, a function call, a string, a number, `true`, `false`, `null`, `[…]` or `{…}`.',
    'zh-cn': '此处应为一个值：路径（如 `$Input.key`）、函数调用、字符串、数字、`true`、`false`、`null`、`[…]` 或 `{…}`。',
  },
  unexpected: { en: 'Unexpected `{0}` in the expression.', 'zh-cn': '表达式中出现意外的 `{0}`。' },
  unknownWord: {
    en: 'Unknown word `{0}`: quote text (`"{0}"`), read the input with `$Input.{0}`, or call a function with `{0}(…)`.',
    'zh-cn': '未知的单词 `{0}`：文本需加引号（`"{0}"`），用 `$Input.{0}` 读取输入，或以 `{0}(…)` 调用函数。',
  },
  notOperator: {
    en: 'The documented operators are `==` `!=` `<` `<=` `>` `>=` `&&` `||`; there is no `!`: compare instead, e.g. `$Input.done == false`.',
    'zh-cn': '文档列出的运算符为 `==` `!=` `<` `<=` `>` `>=` `&&` `||`，没有 `!`：请改用比较，例如 `$Input.done == false`。',
  },
  singleEquals: { en: 'Use `==` to compare (a single `=` is not an operator).', 'zh-cn': '比较请使用 `==`（单个 `=` 不是运算符）。' },
  singleAmp: { en: 'Use `&&` for "and".', 'zh-cn': '“并且”请使用 `&&`。' },
  singleBar: { en: 'Use `||` for "or".', 'zh-cn': '“或者”请使用 `||`。' },
  chained: { en: 'Comparisons cannot be chained; combine them with `&&`.', 'zh-cn': '比较运算不能连写，请用 `&&` 连接。' },
  missingClose: { en: 'Expected `{0}` to close the `{1}` here.', 'zh-cn': '缺少与此处 `{1}` 对应的 `{0}`。' },
  expectedKey: {
    en: 'Expected a quoted key (`"name"`) followed by `:` in this object.',
    'zh-cn': '此对象中应为带引号的键（`"name"`），后接 `:`。',
  },
  trailing: {
    en: 'Unexpected `{0}`: an expression is one value; join conditions with `&&` or `||`.',
    'zh-cn': '意外的 `{0}`：表达式只能是一个值；多个条件请用 `&&` 或 `||` 连接。',
  },
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
