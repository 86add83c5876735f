/**
 * Located errors of the CloudFlow expression language, from parsing, static checks and evaluation.
 *
 * Offsets are relative to the expression string; a rule adds the offset of the YAML scalar's
 * content to place the diagnostic in the document. A message is its text and arguments, put into
 * words by whoever shows it (`localize`). Codes are stable and never translated.
 */
import { localize, type Localizable } from '../../messages';

export type SmSyntaxErrorCode =
  | 'too-long'
  | 'too-deep'
  | 'too-many-nested-calls'
  | 'empty'
  | 'unknown-root'
  | 'expected-field'
  | 'bad-index'
  | 'unterminated-string'
  | 'bad-escape'
  | 'bad-number'
  | 'unexpected-character'
  | 'unexpected-end'
  | 'unknown-word'
  | 'unsupported-operator'
  | 'single-equals'
  | 'single-ampersand'
  | 'single-bar'
  | 'chained-comparison'
  | 'missing-close'
  | 'expected-key'
  | 'trailing-input';

export type SmCheckErrorCode = 'unknown-function' | 'argument-count' | 'root-not-allowed' | 'unknown-context-field';

export type SmConstructorErrorCode = 'expression-not-string' | 'duplicate-key' | 'too-deep';

export type SmEvaluationErrorCode = 'unknown-function' | 'argument-count' | 'argument-type' | 'invalid-argument' | 'root-not-allowed' | 'result-too-large';

export type SmExpressionErrorCode = SmSyntaxErrorCode | SmCheckErrorCode | SmEvaluationErrorCode | SmConstructorErrorCode;

export interface SmExpressionError<C extends SmExpressionErrorCode = SmExpressionErrorCode> {
  code: C;
  /** Offset in the expression string where the problem starts. */
  start: number;
  /** End offset (exclusive); at least start + 1. */
  end: number;
  message: Localizable;
}

export type SmParseResult<T> = { ok: true; ast: T } | { ok: false; error: SmExpressionError<SmSyntaxErrorCode> };

/** Thrown inside the parser and the evaluator only; always caught at their entry points. */
export class SmExpressionFailure extends Error {
  constructor(readonly error: SmExpressionError) {
    super(localize(error.message, 'en'));
  }
}

export function smFail(code: SmExpressionErrorCode, start: number, end: number, message: Localizable): never {
  throw new SmExpressionFailure({ code, start, end: Math.max(end, start + 1), message });
}
