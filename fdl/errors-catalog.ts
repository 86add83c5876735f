/**
 * Error names for `retry[].errors` / `catch[].errors`, with descriptions for completion and hover.
 *
 * Sources: the docs' "Error handling" (214310), "Task steps" (122494, its error table maps FC
 * responses to `FC.{ErrorCode}`) and CloudFlow's error page (FnF.ALL matches every error). Names
 * seen in published flows (`FnF.RuntimeError`, `FnF.InvalidLocal`, `FC.ServerError`) are kept.
 *
 * Our reading, enforced by the `unknown-error-name` rule (a warning, never an error):
 * - Functions and callers raise their own names (`ErrorNeedsRetry`, StopExecution errors…): any
 *   name without a service prefix is fine and never flagged.
 * - `FC.{ErrorCode}` is a family: every Function Compute error code becomes one, so any `FC.X` is
 *   accepted; the common ones are listed for completion.
 * - A cloud-API task (`action: product:Api`) raises `{product}.{Code}` in the product's own
 *   spelling (published flows catch `fnf.ResourceThrottled` and `ocr.Timeout` on such tasks), so
 *   a prefix equal to the task's product is accepted whatever its case.
 * - Otherwise a name starting `FnF.` (any case) must be one of the FnF built-ins below; a name
 *   that is a near miss of a built-in (`FnF.All`, `FC.ResourceThrotled`) gets a did-you-mean.
 * - Except the all-lower-case `fnf.` prefix when the rest is no slip of an FnF built-in
 *   (`fnf.ExecutionAlreadyExists`): that is how the Serverless Workflow API's own errors are
 *   spelled, as an `action: fnf:…` task raises them; on another task it may still come from what
 *   the task calls (a function using the FnF SDK, a child flow), so it is only a soft
 *   'fnf-api-spelling' verdict, not "never matches".
 */
import { localizable, type MessageText } from './messages';
import { editDistance } from './schema/did-you-mean';

export interface BuiltInError {
  name: string;
  description: MessageText;
}

export const FNF_ERRORS: readonly BuiltInError[] = [
  { name: 'FnF.ALL', description: localizable('Matches every error (use it last in the list).') },
  { name: 'FnF.Timeout', description: localizable('The step or the execution ran past its timeout.') },
  {
    name: 'FnF.TaskTimeout',
    description: localizable('The task ran past its `timeoutSeconds` (e.g. no callback arrived in time).'),
  },
  {
    name: 'FnF.RuntimeError',
    description: localizable('The service failed to run the step (e.g. a mapping or invocation error).'),
  },
  { name: 'FnF.InvalidLocal', description: localizable("The step's local (the task result) is not a JSON object.") },
];

export const FC_ERRORS: readonly BuiltInError[] = [
  { name: 'FC.ResourceThrottled', description: localizable('Function Compute throttled the call (too many instances in use).') },
  {
    name: 'FC.ResourceExhausted',
    description: localizable('Function Compute has no resources for the call (concurrency limit, HTTP 429).'),
  },
  { name: 'FC.InternalServerError', description: localizable('Function Compute had an internal error (HTTP 500).') },
  { name: 'FC.Unknown', description: localizable('The function failed without a known error type.') },
  { name: 'FC.ServiceNotFound', description: localizable('The service in the resourceArn does not exist.') },
  { name: 'FC.FunctionNotFound', description: localizable('The function in the resourceArn does not exist.') },
  { name: 'FC.AccessDenied', description: localizable('The flow role may not invoke the function.') },
  { name: 'FC.InvalidArgument', description: localizable('Function Compute rejected the request (e.g. the payload).') },
  { name: 'FC.EntityTooLarge', description: localizable('The step input is too large to invoke the function with.') },
];

export const BUILT_IN_ERRORS: readonly BuiltInError[] = [...FNF_ERRORS, ...FC_ERRORS];

const FNF_NAMES = new Set(FNF_ERRORS.map((e) => e.name));

export type ErrorNameVerdict = { known: true } | { known: false; reason: 'unknown-fnf-error' | 'near-built-in' | 'fnf-api-spelling'; suggestion?: string };

const NEAR = 2;

function nearest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = NEAR + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) > NEAR) continue;
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Judges one error name. `actionProduct` is the product of a cloud-API task (`fnf` for
 * `action: fnf:StartExecution`), whose own error prefix is accepted.
 */
export function judgeErrorName(name: string, actionProduct?: string): ErrorNameVerdict {
  if (FNF_NAMES.has(name) || FC_ERRORS.some((e) => e.name === name)) return { known: true };
  const dot = name.indexOf('.');
  const prefix = dot > 0 ? name.slice(0, dot) : '';
  if (actionProduct && prefix.toLowerCase() === actionProduct.toLowerCase()) return { known: true };
  if (
    prefix === 'fnf' &&
    !nearest(
      name,
      FNF_ERRORS.map((e) => e.name),
    )
  )
    return { known: false, reason: 'fnf-api-spelling' };
  const near = nearest(
    name,
    BUILT_IN_ERRORS.map((e) => e.name),
  );
  if (prefix.toLowerCase() === 'fnf') return { known: false, reason: 'unknown-fnf-error', suggestion: near };
  // Any other FC code is real (FC.{ErrorCode}); only a slip of a listed one is worth a word.
  return near ? { known: false, reason: 'near-built-in', suggestion: near } : { known: true };
}
