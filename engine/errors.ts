/**
 * The three kinds of error the engine moves around:
 * - StepFailure: a step failed with a service-style {error, cause}; retry/catch may handle it.
 * - ExecutionEnd: the execution ends now (fail steps, StopExecution, flow timeout, data too
 *   large); no catch applies. (A succeed step only ends its scope: run/scheduler.ts.)
 * - FnfApiError: an API call is refused (unknown token, execution exists, bad signature…) with the
 *   service's code and HTTP status, by the backend or the local API (api/fnf-api-errors.ts answers it).
 */

export class StepFailure extends Error {
  /** Set when a task's own timeout fired: the key of the state visit whose Timeout it was. */
  timedOutVisit?: string;

  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
  }
}

export type ExecutionEndKind = 'fail' | 'stop' | 'timeout';

export class ExecutionEnd extends Error {
  constructor(
    readonly kind: ExecutionEndKind,
    readonly error = '',
    override readonly cause = '',
  ) {
    super(`execution ${kind}${error ? `: ${error}` : ''}`);
  }
}

export class FnfApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = `${code}Error`;
  }
}

/** Built-in error names (docs "Error handling"): FnF.ALL matches any error. */
export const FNF_ALL = 'FnF.ALL';
export const FNF_TIMEOUT = 'FnF.Timeout';
export const FNF_TASK_TIMEOUT = 'FnF.TaskTimeout';

/**
 * Does a retry/catch `errors` list match this error? Names match exactly (case-sensitive: the docs
 * show `FC.ResourceThrottled`, user code raises its own names), except FnF.ALL.
 */
export function errorMatches(names: readonly string[], error: string): boolean {
  return names.some((n) => n === FNF_ALL || n === error);
}
