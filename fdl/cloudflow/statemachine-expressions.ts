/**
 * Expressions of a StateMachine flow (docs/cloudflow-expressions.md), each parsed and checked for
 * the place it stands in (SM_PLACE_ROOTS: `$Output` only in an OutputConstructor, `$Item` only in
 * an ItemConstructor): the value of every key ending in `.$` in an InputConstructor,
 * OutputConstructor, Catch OutputConstructor, ItemConstructor or Task `Parameters` (at any depth),
 * a Choice branch's `Condition`, a Map's `ItemsPath`, Wait `Seconds.$` and Task `Timeout.$`.
 * Codes (each finding located on the offending characters inside the string where the YAML spells
 * the string verbatim, else on the whole value):
 * - `sm-invalid-expression` (error): does not parse (`data.reason` is the parser's code);
 * - `sm-unknown-function` (error, with a did-you-mean), `sm-argument-count` (error);
 * - `sm-root-not-allowed` (error): `$Output` / `$Item` where it does not exist;
 * - `sm-unknown-context-field` (warning): a `$Context` field the docs do not list;
 * - `sm-invalid-argument` (error): a call on constants that fails whenever it runs;
 * - `sm-expression-not-string` (error): a nested `.$` key whose value is not a string (the schema
 *   checks the top-level ones);
 * - `sm-duplicate-expression-key` (error): `a` and `a.$` in one mapping (which one wins is undefined);
 * - `sm-literal-looks-like-expression` (warning): a value under a key without `.$` that reads as an
 *   expression (`id: $Input.id`) is passed on as that literal string ("If you do not suffix .$ to
 *   the key … the value is processed as a string", https://help.aliyun.com/en/document_detail/2579872.html);
 *   `data.replacement` is the key with `.$`, which the editor's quick fix writes.
 */
import type { Check, CheckContext } from '../check';
import { asMessage, defineMessages, message, type MessageText } from '../messages';
import type { Located } from '../model';
import { report } from '../rules/finding';
import { spanInside } from '../rules/scalar-spans';
import { isMapNode, isScalarNode, isSeqNode, mapValue, nodeSpan, scalarKeyText, type YNode } from '../yaml/tree';
import { scalarString } from '../yaml/tree-read';
import {
  checkSmExpression,
  EXPRESSION_KEY_SUFFIX,
  looksLikeSmExpression,
  parseSmExpression,
  SM_PLACE_ROOTS,
  type SmExpressionError,
  type SmExpressionPlace,
} from './expressions/index';
import { stateMachineOf } from './statemachine-model';

export const SM_EXPRESSION_CODES = [
  'sm-invalid-expression',
  'sm-unknown-function',
  'sm-argument-count',
  'sm-root-not-allowed',
  'sm-unknown-context-field',
  'sm-invalid-argument',
  'sm-expression-not-string',
  'sm-duplicate-expression-key',
  'sm-literal-looks-like-expression',
] as const;

const messages = defineMessages({
  invalid: 'Invalid expression: {0}',
  notString: '`{0}` ends in `.$`, so its value must be an expression written as a string.',
  literal: '`{0}` has no `.$`, so `{1}` is passed on as this literal text, not evaluated. Write `{0}.$` to evaluate it.',
  duplicateKey: '`{0}` and `{0}.$` are both written here: keep the literal or the expression.',
});

/** How each code of the expression module is reported. */
const REPORTED_AS: Record<string, { code: string; severity: 'error' | 'warning' }> = {
  'unknown-function': { code: 'sm-unknown-function', severity: 'error' },
  'argument-count': { code: 'sm-argument-count', severity: 'error' },
  'root-not-allowed': { code: 'sm-root-not-allowed', severity: 'error' },
  'unknown-context-field': { code: 'sm-unknown-context-field', severity: 'warning' },
  'argument-type': { code: 'sm-invalid-argument', severity: 'error' },
  'invalid-argument': { code: 'sm-invalid-argument', severity: 'error' },
  'result-too-large': { code: 'sm-invalid-argument', severity: 'error' },
};

/** Constructors nest no deeper in any real flow; past this a hostile text is not walked further. */
const MAX_CONSTRUCTOR_DEPTH = 64;

export const checkStateMachineExpressions: Check = {
  name: 'statemachine-expressions',
  reach: 'item',
  run(ctx) {
    for (const state of stateMachineOf(ctx.parsed).states) {
      const map = state.node;
      constructorAt(ctx, mapValue(map, 'InputConstructor'), 'InputConstructor');
      constructorAt(ctx, mapValue(map, 'OutputConstructor'), 'OutputConstructor');
      constructorAt(ctx, mapValue(map, 'Parameters'), 'Parameters');
      constructorAt(ctx, mapValue(map, 'ItemConstructor'), 'ItemConstructor');
      const catches = mapValue(map, 'Catch');
      for (const c of isSeqNode(catches) ? catches.items : []) constructorAt(ctx, mapValue(c, 'OutputConstructor'), 'CatchOutputConstructor');
      expressionAt(ctx, mapValue(map, 'ItemsPath'), 'ItemsPath');
      expressionAt(ctx, mapValue(map, 'Seconds.$'), 'Seconds');
      expressionAt(ctx, mapValue(map, 'Timeout.$'), 'Timeout');
      if (state.type === 'Choice') {
        const branches = mapValue(map, 'Branches');
        for (const b of isSeqNode(branches) ? branches.items : []) expressionAt(ctx, mapValue(b, 'Condition'), 'Condition');
      }
    }
  },
};

/** Every `.$` value of a constructor (or `Parameters`), at any depth, in objects inside lists too. */
function constructorAt(ctx: CheckContext, node: YNode | null | undefined, place: SmExpressionPlace, depth = 0): void {
  if (!node || depth > MAX_CONSTRUCTOR_DEPTH) return;
  if (isSeqNode(node)) {
    for (const item of node.items) constructorAt(ctx, item, place, depth + 1);
    return;
  }
  if (!isMapNode(node)) return;
  const keys = new Set<string>();
  for (let i = 0; i < node.items.length; i += 2) {
    const k = scalarKeyText(node.items[i]);
    if (k !== undefined) keys.add(k);
  }
  for (let i = 0; i < node.items.length; i += 2) {
    const keyNode = node.items[i];
    const key = scalarKeyText(keyNode);
    const value = node.items[i + 1];
    if (key === undefined || !key.endsWith(EXPRESSION_KEY_SUFFIX)) {
      if (key !== undefined && keyNode && isScalarNode(value) && typeof value.value === 'string' && !keys.has(key + EXPRESSION_KEY_SUFFIX) && looksLikeSmExpression(value.value)) {
        const shown = value.value.length > 60 ? `${value.value.slice(0, 57)}…` : value.value;
        report(ctx, {
          code: 'sm-literal-looks-like-expression',
          severity: 'warning',
          text: messages.literal,
          args: [key, shown],
          span: nodeSpan(keyNode),
          data: { replacement: key + EXPRESSION_KEY_SUFFIX },
        });
      }
      constructorAt(ctx, value, place, depth + 1);
      continue;
    }
    const plain = key.slice(0, -EXPRESSION_KEY_SUFFIX.length);
    if (keys.has(plain)) report(ctx, { code: 'sm-duplicate-expression-key', severity: 'error', text: messages.duplicateKey, args: [plain], span: nodeSpan(keyNode) });
    if (isScalarNode(value) && typeof value.value === 'string') expressionAt(ctx, value, place);
    else if (depth > 0) report(ctx, { code: 'sm-expression-not-string', severity: 'error', text: messages.notString, args: [key], span: nodeSpan(value ?? keyNode) });
  }
}

function expressionAt(ctx: CheckContext, node: YNode | null | undefined, place: SmExpressionPlace): void {
  // Not a string (`Seconds.$: 5`, a list…): the schema says what it must be.
  if (!isScalarNode(node) || typeof node.value !== 'string') return;
  const located = scalarString(node)!;
  const parsed = parseSmExpression(located.value);
  if (!parsed.ok) {
    reportError(ctx, located, parsed.error, { code: 'sm-invalid-expression', severity: 'error' }, messages.invalid);
    return;
  }
  for (const f of checkSmExpression(parsed.ast, { roots: SM_PLACE_ROOTS[place] })) {
    reportError(ctx, located, f, REPORTED_AS[f.code] ?? { code: 'sm-invalid-argument', severity: 'error' });
  }
}

function reportError(ctx: CheckContext, located: Located<string>, e: SmExpressionError, as: { code: string; severity: 'error' | 'warning' }, wrap?: MessageText): void {
  report(ctx, {
    code: as.code,
    severity: as.severity,
    text: wrap ? message(wrap, asMessage(e.message)) : e.message,
    span: spanInside(ctx.parsed.text, located, { start: e.start, end: e.end }),
    data: { reason: e.code, offset: e.start },
  });
}
