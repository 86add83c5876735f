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
 * - `sm-invalid-resource-arn` (error): an `FC:InvokeFunction` or `FNF:StartExecution` task whose
 *   literal `Parameters.resourceArn` is no ARN of a known shape (fdl/arn.ts; the span covers the
 *   bad part). The forms: FC 3.0 `acs:fc:<region>:<account>:functions/<name>[/<qualifier>]` and
 *   FC 2.0 `…:services/<service>[.<qualifier>]/functions/<name>` ("Integrate Function Compute",
 *   https://help.aliyun.com/document_detail/2400200.html); a flow `acs:fnf:<region>:<account>:flow/<name>`
 *   ("Integrate CloudFlow", https://help.aliyun.com/document_detail/2400188.html). Deploy-time
 *   placeholders (`{regionId}`, `${ALIUID}`) are left alone: the docs' own examples carry them.
 * - `sm-resource-arn-kind` (error): a well-formed ARN of another integration than the Action's
 *   (a flow's ARN under `FC:InvokeFunction`, a function's under `FNF:StartExecution`).
 */
import type { Check, CheckContext } from '../check';
import { parseResourceArn, type ResourceArnKind } from '../arn';
import { invalidArnReasonText } from '../arn-messages';
import { defineMessages, localizable, message, type MessageText } from '../messages';
import { spanInside } from '../rules/scalar-spans';
import { report } from '../rules/finding';
import { isMapNode, isScalarNode, isSeqNode, mapValue, nodeSpan, scalarKeyText, type YNode } from '../yaml/tree';
import { EXPRESSION_KEY_SUFFIX, parseSmExpression, walkSmExpression } from './expressions/index';
import { stateMachineOf, type SmStateModel } from './statemachine-model';

export const SM_TASK_CODES = ['sm-task-mode-invocation-type', 'sm-callback-without-token', 'sm-invalid-resource-arn', 'sm-resource-arn-kind'] as const;

/** The ARN kind each Action that names its resource by `Parameters.resourceArn` takes, and its forms. */
const ARN_ACTIONS: Record<string, { kind: ResourceArnKind; forms: MessageText }> = {
  'FC:InvokeFunction': {
    kind: 'fc',
    forms: localizable(
      '`acs:fc:<region>:<account>:functions/<name>[/<qualifier>]` (FC 3.0) or `acs:fc:<region>:<account>:services/<service>[.<qualifier>]/functions/<name>` (FC 2.0)',
    ),
  },
  'FNF:StartExecution': { kind: 'fnf-flow', forms: localizable('`acs:fnf:<region>:<account>:flow/<name>`') },
};

const messages = defineMessages({
  systemSync:
    '`TaskMode: WaitForSystemCallback` waits for an asynchronous invocation to finish, and `invocationType: Sync` makes none: write `Async` (the docs pair this mode with `Async`).',
  noToken:
    'Task `{0}` waits for a callback (`WaitForCustomCallback`) but never passes `$Context.Current.TaskToken` to what it calls: no one can report back with ReportTaskSucceeded / ReportTaskFailed, so it waits until its timeout{1}. Pass the token, e.g. `taskToken.$: $Context.Current.TaskToken` in the request.',
  invalidArn: "Invalid resourceArn for `{0}`: {1} Expected {2}; region and account may be empty (the flow's own).",
  arnKind: '`{0}` names {1}, but `{2}` takes {3}.',
  noTimeout: ' (it has no `Timeout`: as long as the execution may last)',
  productResource: 'a resource of product `{0}`',
});

const KIND_TEXT: Record<ResourceArnKind, MessageText> = {
  fc: localizable('a Function Compute function'),
  'fnf-flow': localizable('a flow'),
  'mns-queue': localizable('an MNS queue'),
  'mns-topic': localizable('an MNS topic'),
};

/** Constructors nest no deeper in any real flow; a hostile text is not walked further. */
const MAX_DEPTH = 64;

export const checkStateMachineTasks: Check = {
  name: 'statemachine-tasks',
  reach: 'item',
  run(ctx) {
    for (const state of stateMachineOf(ctx.parsed).states) {
      if (state.type !== 'Task') continue;
      const mode = scalarText(mapValue(state.node, 'TaskMode')) ?? 'RequestComplete';
      const action = scalarText(mapValue(state.node, 'Action'));
      if (action === 'FC:InvokeFunction') checkInvocationType(ctx, state, mode);
      if (action && Object.hasOwn(ARN_ACTIONS, action)) checkResourceArn(ctx, state, action);
      if (mode === 'WaitForCustomCallback' && !passesToken(state.node)) {
        const timeout = mapValue(state.node, 'Timeout') ?? mapValue(state.node, 'Timeout.$');
        report(ctx, {
          code: 'sm-callback-without-token',
          severity: 'warning',
          text: messages.noToken,
          args: [state.name, timeout ? '' : message(messages.noTimeout)],
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

function checkResourceArn(ctx: CheckContext, state: SmStateModel, action: string): void {
  const node = mapValue(mapValue(state.node, 'Parameters'), 'resourceArn');
  const value = scalarText(node);
  if (!node || value === undefined) return;
  const arn = parseResourceArn(value);
  const want = ARN_ACTIONS[action];
  if (arn.kind === 'invalid') {
    const located = { value, span: nodeSpan(node) };
    report(ctx, {
      code: 'sm-invalid-resource-arn',
      severity: 'error',
      text: messages.invalidArn,
      args: [action, invalidArnReasonText(arn.reason, ctx.locale), message(want.forms)],
      span: spanInside(ctx.parsed.text, located, arn.span),
      data: { reason: arn.reason },
    });
    return;
  }
  if (arn.kind === 'placeholder' || arn.kind === want.kind) return;
  const named = arn.kind === 'other' ? message(messages.productResource, arn.product) : message(KIND_TEXT[arn.kind]);
  report(ctx, {
    code: 'sm-resource-arn-kind',
    severity: 'error',
    text: messages.arnKind,
    args: [value, named, action, message(KIND_TEXT[want.kind])],
    span: nodeSpan(node),
  });
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
