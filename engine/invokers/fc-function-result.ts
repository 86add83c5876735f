/**
 * What a Function Compute invocation's answer means for the step, shared by the local runtime and
 * the real FC invoker so both name errors the same way.
 *
 * - Function error (FC.md §1.4, §3.6): the `x-fc-error-type` header (`HandledInvocationError`,
 *   `UnhandledInvocationError`, `InitializationError`) plus a JSON body
 *   `{errorMessage, errorType?, stackTrace?}`. The step fails with error = the body's `errorType`
 *   (a function's own error surfaces by its type, e.g. `Error`, `TypeError`, or a custom
 *   `err.name`, so `retry`/`catch` can name it); when the body has no type (a non-Error passed to
 *   the callback, a crash, a timeout) the header value is the name. Cause = the errorMessage.
 * - Success: the body is the function's result; `$local` must be JSON, so a JSON body is parsed.
 *   An empty body (callback(null) / return undefined) becomes `{}`; a non-JSON body is passed on
 *   as a string for the engine to judge. A number in it beyond a double's range (`1e400`), which
 *   JSON.parse reads as Infinity and the history would write as null, fails the task with
 *   FnF.InvalidLocal naming where it is, as the service's JSON decoder refuses it
 *   (SEMANTICS.md "Numbers").
 */
import type { Locale } from '../../fdl/messages';
import type { TaskOutcome } from '../invoker';
import { checkJsonValue, jsonLimitText } from '../json-limits';
import { engineLocale, engineMessages } from '../messages';
import { formatMessage } from '../../fdl/messages';

export interface FunctionErrorPayload {
  errorMessage?: string;
  errorType?: string;
  stackTrace?: string[];
}

export function outcomeFromFunctionError(errorTypeHeader: string, bodyText: string): TaskOutcome & { kind: 'failed' } {
  const payload = parsePayload(bodyText);
  const error = typeof payload.errorType === 'string' && payload.errorType ? payload.errorType : errorTypeHeader;
  const cause = typeof payload.errorMessage === 'string' ? payload.errorMessage : bodyText;
  return { kind: 'failed', error, cause };
}

/** Only a number of 309 digits or more, or with a 3-digit exponent, can lie beyond a double's range. */
const MAYBE_OUT_OF_RANGE = /[eE][+]?\d{3}|\d{309}/;

/** The outcome of a successful invocation of task `stepName` that answered `bodyText`; causes in `locale`. */
export function outcomeFromFunctionBody(bodyText: string, stepName: string, locale: Locale = engineLocale()): TaskOutcome & { kind: 'succeeded' | 'failed' } {
  if (bodyText.trim() === '') return { kind: 'succeeded', output: {} };
  let output: unknown;
  try {
    output = JSON.parse(bodyText);
  } catch {
    return { kind: 'succeeded', output: bodyText };
  }
  if (MAYBE_OUT_OF_RANGE.test(bodyText)) {
    // Only the numbers here: depth and size are the engine's to judge, for every invoker alike.
    const check = checkJsonValue(output, { maxDepth: Number.POSITIVE_INFINITY, maxBytes: Number.POSITIVE_INFINITY, finiteNumbers: true });
    if (!check.ok) return { kind: 'failed', error: 'FnF.InvalidLocal', cause: jsonLimitText(formatMessage(engineMessages.valueTaskResult, locale, stepName), check, locale) };
  }
  return { kind: 'succeeded', output };
}

/** Stack trace lines of an error payload, for the step log. */
export function stackLines(bodyText: string): string[] {
  const st = parsePayload(bodyText).stackTrace;
  return Array.isArray(st) ? st.map(String) : [];
}

function parsePayload(text: string): FunctionErrorPayload {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? (v as FunctionErrorPayload) : { errorMessage: String(v) };
  } catch {
    return { errorMessage: text };
  }
}
