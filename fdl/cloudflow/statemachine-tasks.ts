/**
 * Task states: how `TaskMode` and FC's `invocationType` go together, and whether a callback task
 * hands out its token. Source: "Service integration modes"
 * (https://www.alibabacloud.com/help/en/serverless-workflow/latest/service-integration-pattern, zh
 * https://help.aliyun.com/document_detail/2592915.html): WaitForSystemCallback goes with `Async`,
 * WaitForCustomCallback with either; RequestComplete with `Sync` in that table, yet the Function
 * Compute integration page's own "asynchronous invocation" example is RequestComplete + `Async`
 * (fire and forget, https://www.alibabacloud.com/help/en/serverless-workflow/latest/integrated-function-compute),
 * so that pair is accepted. The custom callback
 * "pauses until an external system calls back with the result" using the task token
 * (`$Context.Current.TaskToken`, https://www.alibabacloud.com/help/en/serverless-workflow/latest/data-transfer).
 * - `sm-task-mode-invocation-type` (warning): an `FC:InvokeFunction` task with
 *   `TaskMode: WaitForSystemCallback` and `invocationType: Sync`: there is no asynchronous
 *   invocation to wait for. `data.replacement` is `Async`, which the quick fix writes.
 * - `sm-callback-without-token` (warning): a `WaitForCustomCallback` task none of whose
 *   `InputConstructor` or `Parameters` expressions reads `$Context.Current.TaskToken` (or the
 *   whole `$Context.Current` / `$Context`): no one it calls can ever report back, so it waits
 *   until its `Timeout`, or with none, as long as the execution may last. The quick fix adds the
 *   token to the request (server/statemachine-code-actions.ts).
 */
import type { Check, CheckContext } from '../check';
import { defineMessages } from '../messages';
import { report } from '../rules/finding';
import { isMapNode, isScalarNode, isSeqNode, mapValue, nodeSpan, scalarKeyText, type YNode } from '../yaml/tree';
import { EXPRESSION_KEY_SUFFIX, parseSmExpression, walkSmExpression } from './expressions/index';
import { stateMachineOf, type SmStateModel } from './statemachine-model';

export const SM_TASK_CODES = ['sm-task-mode-invocation-type', 'sm-callback-without-token'] as const;

const messages = defineMessages({
  systemSync: {
    en: '`TaskMode: WaitForSystemCallback` waits for an asynchronous invocation to finish, and `invocationType: Sync` makes none: write `Async` (the docs pair this mode with `Async`).',
    'zh-cn': '`TaskMode: WaitForSystemCallback` 等待异步调用完成，而 `invocationType: Sync` 不会发起异步调用：请写 `Async`（文档中此模式与 `Async` 搭配）。',
  },
  noToken: {
    en: 'Task `{0}` waits for a callback (`WaitForCustomCallback`) but never passes `$Context.Current.TaskToken` to what it calls: no one can report back with ReportTaskSucceeded / ReportTaskFailed, so it waits until its timeout{1}. Pass the token, e.g. `taskToken.$: $Context.Current.TaskToken` in the request.',
    'zh-cn':
      '任务 `{0}` 等待回调（`WaitForCustomCallback`），却从未把 `$Context.Current.TaskToken` 传给被调用方：没有人能用 ReportTaskSucceeded / ReportTaskFailed 回报结果，它将一直等到超时{1}。请传递令牌，例如在请求中写 `taskToken.$: $Context.Current.TaskToken`。',
  },
  noTimeout: { en: ' (it has no `Timeout`: as long as the execution may last)', 'zh-cn': '（它没有 `Timeout`：将一直等到执行的最长时限）' },
});

/** Constructors nest no deeper in any real flow; a hostile text is not walked further. */
const MAX_DEPTH = 64;

export const checkStateMachineTasks: Check = {
  name: 'statemachine-tasks',
  run(ctx) {
    for (const state of stateMachineOf(ctx.parsed).states) {
      if (state.type !== 'Task') continue;
      const mode = scalarText(mapValue(state.node, 'TaskMode')) ?? 'RequestComplete';
      if (scalarText(mapValue(state.node, 'Action')) === 'FC:InvokeFunction') checkInvocationType(ctx, state, mode);
      if (mode === 'WaitForCustomCallback' && !passesToken(state.node)) {
        const timeout = mapValue(state.node, 'Timeout') ?? mapValue(state.node, 'Timeout.$');
        report(ctx, {
          code: 'sm-callback-without-token',
          severity: 'warning',
          text: {
            en: messages.noToken.en.replace('{0}', state.name).replace('{1}', timeout ? '' : messages.noTimeout.en),
            'zh-cn': messages.noToken['zh-cn'].replace('{0}', state.name).replace('{1}', timeout ? '' : messages.noTimeout['zh-cn']),
          },
          span: nodeSpan(mapValue(state.node, 'TaskMode') ?? null, state.nameSpan),
          data: { state: state.name },
        });
      }
    }
  },
};

function scalarText(n: YNode | null | undefined): string | undefined {
  return isScalarNode(n) && typeof n.value === 'string' ? n.value : undefined;
}

function checkInvocationType(ctx: CheckContext, state: SmStateModel, mode: string): void {
  const node = mapValue(mapValue(state.node, 'Parameters'), 'invocationType');
  const type = scalarText(node);
  if (!node || !type) return;
  if (mode === 'WaitForSystemCallback' && type === 'Sync') {
    report(ctx, { code: 'sm-task-mode-invocation-type', severity: 'warning', text: messages.systemSync, span: nodeSpan(node), data: { replacement: 'Async' } });
  }
}

/** Whether an expression of the state's InputConstructor or Parameters reads the task token. */
function passesToken(state: YNode): boolean {
  return readsToken(mapValue(state, 'InputConstructor'), 0) || readsToken(mapValue(state, 'Parameters'), 0);
}

function readsToken(node: YNode | null | undefined, depth: number): boolean {
  if (!node || depth > MAX_DEPTH) return false;
  if (isSeqNode(node)) return node.items.some((n) => readsToken(n, depth + 1));
  if (!isMapNode(node)) return false;
  for (let i = 0; i < node.items.length; i += 2) {
    const key = scalarKeyText(node.items[i]);
    const value = node.items[i + 1];
    if (key?.endsWith(EXPRESSION_KEY_SUFFIX) && isScalarNode(value) && typeof value.value === 'string') {
      if (expressionReadsToken(value.value)) return true;
    } else if (readsToken(value, depth + 1)) {
      return true;
    }
  }
  return false;
}

function expressionReadsToken(text: string): boolean {
  const parsed = parseSmExpression(text);
  if (!parsed.ok) return text.includes('TaskToken'); // a broken expression is reported on its own; do not pile a second finding on it
  return walkSmExpression(parsed.ast).some((n) => {
    if (n.kind !== 'path' || n.root !== '$Context') return false;
    const [a, b] = n.segments.map((s) => (s.kind === 'field' ? s.name : ''));
    return a === undefined || (a === 'Current' && (b === undefined || b === 'TaskToken'));
  });
}
