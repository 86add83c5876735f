/**
 * Building a state's data from a constructor: `InputConstructor`, `OutputConstructor`, a Catch's
 * `OutputConstructor`, a Task's `Parameters`, a distributed Map's `ItemConstructor`.
 *
 * "If you want to use built-in functions when you construct inputs and outputs, you must suffix .$
 * to the key … If you do not suffix .$ to the key of the constructor, the value is processed as a
 * string" (https://help.aliyun.com/en/document_detail/2579872.html). So a key ending in `.$` holds an
 * expression and loses its `.$` in the result; every other value is taken as written. The docs do
 * not say whether `.$` works below the top level; real flows use it inside `Parameters.body`
 * (`body: {videoUrl.$: $Input.videoUrl}`), so we apply it at every depth, in objects nested in
 * arrays too. A key written both with and without `.$` is an error (which one would win is unsaid).
 */
import { setOwn } from './own-property';
import { defineMessages, localize, message } from '../../messages';
import type { SmConstructorErrorCode, SmEvaluationErrorCode, SmExpressionError, SmSyntaxErrorCode } from './errors';
import { evaluateSmExpression } from './evaluate';
import { MAX_SM_CONSTRUCTOR_DEPTH } from './limits';
import { parseSmExpressionCached } from './parse-cache';
import type { SmScope } from './scope';

export const EXPRESSION_KEY_SUFFIX = '.$';

export interface SmConstructorError extends SmExpressionError<SmSyntaxErrorCode | SmEvaluationErrorCode | SmConstructorErrorCode> {
  /** Keys and indexes from the constructor to the failing entry, its key as written (`['body', 'url.$']`). */
  path: (string | number)[];
  /** True when start/end are offsets in the entry's expression string; false when they mean nothing. */
  inExpression: boolean;
}

export type SmConstructorResult = { ok: true; value: unknown } | { ok: false; error: SmConstructorError };

const messages = defineMessages({
  notString: 'The value of `{0}` must be an expression written as a string (keys ending in `.$` hold expressions).',
  duplicate: '`{0}` is given twice, as `{0}` and as `{0}.$`; keep one.',
  tooDeep: 'This constructor nests objects and arrays more than {0} levels deep.',
});

class ConstructorFailure extends Error {
  constructor(readonly error: SmConstructorError) {
    super(localize(error.message, 'en'));
  }
}

/** Evaluates a constructor (any JSON value: objects are walked, other values copied). Never throws. */
export function evaluateSmConstructor(constructor: unknown, scope: SmScope): SmConstructorResult {
  try {
    return { ok: true, value: build(constructor, scope, [], 0) };
  } catch (e) {
    if (e instanceof ConstructorFailure) return { ok: false, error: e.error };
    if (e instanceof RangeError) {
      return { ok: false, error: { code: 'too-deep', start: 0, end: 1, path: [], inExpression: false, message: message(messages.tooDeep, MAX_SM_CONSTRUCTOR_DEPTH) } };
    }
    throw e;
  }
}

function failAt(path: (string | number)[], code: SmConstructorErrorCode, message: SmConstructorError['message']): never {
  throw new ConstructorFailure({ code, start: 0, end: 1, path: [...path], inExpression: false, message });
}

// `path` is the one stack of keys to the entry being built (pushed and popped), copied only when an
// entry fails: a copy per entry cost more than the entries themselves.
function build(value: unknown, scope: SmScope, path: (string | number)[], depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_SM_CONSTRUCTOR_DEPTH) failAt(path, 'too-deep', message(messages.tooDeep, MAX_SM_CONSTRUCTOR_DEPTH));
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      out.push(build(value[i], scope, path, depth + 1));
      path.pop();
    }
    return out;
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    path.push(key);
    const isExpression = key.endsWith(EXPRESSION_KEY_SUFFIX);
    const name = isExpression ? key.slice(0, -EXPRESSION_KEY_SUFFIX.length) : key;
    if (isExpression && Object.prototype.hasOwnProperty.call(source, name)) failAt(path, 'duplicate-key', message(messages.duplicate, name));
    let result: unknown;
    if (isExpression) {
      const text = source[key];
      if (typeof text !== 'string') failAt(path, 'expression-not-string', message(messages.notString, key));
      result = evaluateEntry(text, scope, path);
    } else result = build(source[key], scope, path, depth + 1);
    setOwn(out, name, result);
    path.pop();
  }
  return out;
}

function evaluateEntry(text: string, scope: SmScope, path: (string | number)[]): unknown {
  const parsed = parseSmExpressionCached(text);
  if (!parsed.ok) throw new ConstructorFailure({ ...parsed.error, path: [...path], inExpression: true });
  const r = evaluateSmExpression(parsed.ast, scope);
  if (!r.ok) throw new ConstructorFailure({ ...r.error, path: [...path], inExpression: true });
  return r.value;
}
