/**
 * Errors of the expression languages (mapping paths and choice conditions).
 *
 * Offsets are relative to the expression string itself; a rule adds the offset of the YAML
 * scalar's content to place the diagnostic in the document. A message is its text and arguments,
 * put into words by whoever shows it (`localize`), in the language it needs.
 */
import { localize, type Localizable } from '../messages';

export type ExpressionErrorCode =
  | 'too-long'
  | 'too-deep'
  | 'empty'
  | 'unknown-root'
  | 'expected-field'
  | 'recursive-descent'
  | 'bad-bracket'
  | 'unterminated-string'
  | 'bad-escape'
  | 'bad-number'
  | 'unexpected-character'
  | 'unexpected-end'
  | 'unknown-word'
  | 'single-equals'
  | 'single-ampersand'
  | 'single-bar'
  | 'chained-comparison'
  | 'missing-close-paren'
  | 'trailing-input';

export interface ExpressionError {
  code: ExpressionErrorCode;
  /** Offset in the expression string where the problem starts. */
  start: number;
  /** End offset (exclusive); at least start + 1 unless the string is empty. */
  end: number;
  message: Localizable;
}

export type ParseResult<T> = { ok: true; ast: T } | { ok: false; error: ExpressionError };

/** Thrown inside the recursive-descent parsers only; always caught at their entry points. */
export class ExpressionFailure extends Error {
  constructor(readonly error: ExpressionError) {
    super(localize(error.message, 'en'));
  }
}

export function fail(code: ExpressionErrorCode, start: number, end: number, message: Localizable): never {
  throw new ExpressionFailure({ code, start, end: Math.max(end, start + 1), message });
}
