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
import type { MessageText } from './messages';
import { editDistance } from './schema/did-you-mean';

export interface BuiltInError {
  name: string;
  description: MessageText;
}

export const FNF_ERRORS: readonly BuiltInError[] = [
  { name: 'FnF.ALL', description: { en: 'Matches every error (use it last in the list).', 'zh-cn': '匹配所有错误（建议放在列表最后）。' } },
  { name: 'FnF.Timeout', description: { en: 'The step or the execution ran past its timeout.', 'zh-cn': '步骤或执行超过了超时时间。' } },
  {
    name: 'FnF.TaskTimeout',
    description: { en: 'The task ran past its `timeoutSeconds` (e.g. no callback arrived in time).', 'zh-cn': '任务超过了 `timeoutSeconds`（例如回调未及时到达）。' },
  },
  {
    name: 'FnF.RuntimeError',
    description: { en: 'The service failed to run the step (e.g. a mapping or invocation error).', 'zh-cn': '服务执行步骤失败（例如映射或调用出错）。' },
  },
  { name: 'FnF.InvalidLocal', description: { en: "The step's local (the task result) is not a JSON object.", 'zh-cn': '步骤的 $local（任务结果）不是 JSON 对象。' } },
];

export const FC_ERRORS: readonly BuiltInError[] = [
  { name: 'FC.ResourceThrottled', description: { en: 'Function Compute throttled the call (too many instances in use).', 'zh-cn': '函数计算对调用限流（占用实例过多）。' } },
  {
    name: 'FC.ResourceExhausted',
    description: { en: 'Function Compute has no resources for the call (concurrency limit, HTTP 429).', 'zh-cn': '函数计算资源不足（并发超限，HTTP 429）。' },
  },
  { name: 'FC.InternalServerError', description: { en: 'Function Compute had an internal error (HTTP 500).', 'zh-cn': '函数计算内部错误（HTTP 500）。' } },
  { name: 'FC.Unknown', description: { en: 'The function failed without a known error type.', 'zh-cn': '函数执行失败，错误类型未知。' } },
  { name: 'FC.ServiceNotFound', description: { en: 'The service in the resourceArn does not exist.', 'zh-cn': 'resourceArn 中的服务不存在。' } },
  { name: 'FC.FunctionNotFound', description: { en: 'The function in the resourceArn does not exist.', 'zh-cn': 'resourceArn 中的函数不存在。' } },
  { name: 'FC.AccessDenied', description: { en: 'The flow role may not invoke the function.', 'zh-cn': '流程角色无权调用该函数。' } },
  { name: 'FC.InvalidArgument', description: { en: 'Function Compute rejected the request (e.g. the payload).', 'zh-cn': '函数计算拒绝了请求（例如负载不合法）。' } },
  { name: 'FC.EntityTooLarge', description: { en: 'The step input is too large to invoke the function with.', 'zh-cn': '步骤输入过大，无法调用函数。' } },
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
