/**
 * `serviceParams` keys by integration, with what each means. Which keys an integration takes is
 * the rules' list (fdl/rules/service-params.ts, the same list the `unknown-service-param` check
 * uses); the kind comes from fdl/arn.ts. The schema leaves serviceParams open, so the words live
 * here, from the docs' integration pages as summarised in SPEC.md / FC.md.
 */
import { integrationKind, parseResourceArn, type ResourceArnKind } from '../../fdl/arn';
import type { MessageText } from '../../fdl/index';
import { INVOCATION_TYPES, SERVICE_PARAMS_BY_KIND } from '../../fdl/rules/service-params';

export interface ServiceParam {
  name: string;
  description: MessageText;
  values?: { value: string; description: MessageText }[];
}

const INVOCATION_TYPE_WORDS: Record<(typeof INVOCATION_TYPES)[number], MessageText> = {
  Sync: { en: "Invoke and wait for the function's result.", 'zh-cn': '调用并等待函数返回结果。' },
  Async: {
    en: 'Invoke asynchronously: with `requestResponse` the step continues once the call is accepted; with `sync` it waits until the function finishes.',
    'zh-cn': '异步调用：`requestResponse` 模式下调用被接受即继续；`sync` 模式下等待函数执行结束。',
  },
};

const WORDS: Record<string, MessageText> = {
  InvocationType: { en: 'How Function Compute is invoked. Default: Sync.', 'zh-cn': '函数计算的调用方式。默认值：Sync。' },
  StatefulAsyncInvocationID: {
    en: 'ID of a stateful asynchronous invocation (needs `InvocationType: Async`); unique per function. May be a `$.x` reference to the step input.',
    'zh-cn': '有状态异步调用的 ID（需要 `InvocationType: Async`），同一函数内唯一。可以是引用步骤输入的 `$.x`。',
  },
  Input: { en: "The child flow's execution input (JSON text or a `$.x` reference).", 'zh-cn': '子流程执行的输入（JSON 文本或 `$.x` 引用）。' },
  ExecutionName: { en: 'Name of the child execution; unique within the child flow.', 'zh-cn': '子流程执行的名称，在子流程内唯一。' },
  MessageBody: { en: 'The message body to send (`$` sends the whole step input).', 'zh-cn': '要发送的消息正文（`$` 表示发送整个步骤输入）。' },
  Priority: { en: 'Message priority, 1 (highest) to 16 (lowest).', 'zh-cn': '消息优先级，1（最高）到 16（最低）。' },
  DelaySeconds: { en: 'Seconds before the message becomes visible to consumers.', 'zh-cn': '消息对消费者可见前的延迟秒数。' },
  MessageTag: { en: 'Tag used to filter messages.', 'zh-cn': '用于过滤消息的标签。' },
  MessageAttributes: { en: 'Message attributes.', 'zh-cn': '消息属性。' },
};

/** The integration a resourceArn names, or undefined when unknown (then every integration's keys are offered). */
export function serviceKindOf(resourceArn: string | undefined): ResourceArnKind | undefined {
  return resourceArn ? integrationKind(parseResourceArn(resourceArn)) : undefined;
}

export function serviceParamsFor(kind: ResourceArnKind | undefined): ServiceParam[] {
  const names = kind ? SERVICE_PARAMS_BY_KIND[kind] : [...new Set(Object.values(SERVICE_PARAMS_BY_KIND).flat())];
  return names.map((name) => ({
    name,
    description: WORDS[name] ?? { en: name, 'zh-cn': name },
    values: name === 'InvocationType' ? INVOCATION_TYPES.map((value) => ({ value, description: INVOCATION_TYPE_WORDS[value] })) : undefined,
  }));
}
