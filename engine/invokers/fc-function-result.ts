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
 *   as a string for the engine to judge.
 */
import type { TaskOutcome } from '../invoker';

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

export function outcomeFromFunctionBody(bodyText: string): TaskOutcome & { kind: 'succeeded' } {
  if (bodyText.trim() === '') return { kind: 'succeeded', output: {} };
  try {
    return { kind: 'succeeded', output: JSON.parse(bodyText) };
  } catch {
    return { kind: 'succeeded', output: bodyText };
  }
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
