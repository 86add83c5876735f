/**
 * Built-in error names offered in retry/catch `errors` and explained on hover.
 * Source: the Serverless Workflow error-handling docs (see /work/shared/fdl/SPEC.md "Errors").
 * Function-defined names are common too, so these are suggestions, never a closed list.
 */
import type { MessageText } from '../../fdl/index';

export const BUILTIN_ERRORS: { name: string; description: MessageText }[] = [
  { name: 'FnF.ALL', description: { en: 'Matches every error, whatever its name. Put it last: entries are tried in order.', 'zh-cn': '匹配所有错误，无论名称。请放在最后：各条目按顺序匹配。' } },
  { name: 'FnF.Timeout', description: { en: 'The step (or the whole flow) exceeded its `timeoutSeconds`.', 'zh-cn': '步骤（或整个流程）超过了 `timeoutSeconds`。' } },
  { name: 'FnF.TaskTimeout', description: { en: 'The task did not finish within the task step\'s `timeoutSeconds`.', 'zh-cn': '任务未在任务步骤的 `timeoutSeconds` 内完成。' } },
  { name: 'FC.ResourceThrottled', description: { en: 'Function Compute throttled the invocation (concurrency limit reached). Usually worth retrying with backoff.', 'zh-cn': '函数计算对调用进行了限流（达到并发上限），通常值得退避重试。' } },
  { name: 'FC.ResourceExhausted', description: { en: 'Function Compute resources are exhausted for now. Usually worth retrying.', 'zh-cn': '函数计算资源暂时耗尽，通常值得重试。' } },
  { name: 'FC.InternalServerError', description: { en: 'Function Compute failed internally while invoking the function.', 'zh-cn': '函数计算在调用函数时发生内部错误。' } },
  { name: 'FC.Unknown', description: { en: 'Function Compute returned an error the workflow service does not recognise.', 'zh-cn': '函数计算返回了工作流服务无法识别的错误。' } },
];
