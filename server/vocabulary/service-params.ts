/**
 * `serviceParams` keys by integrated service, read from the task's resourceArn (the schema
 * leaves serviceParams open because every service has its own). From the docs' service
 * integration pages as summarised in SPEC.md / FC.md.
 */
import type { MessageText } from '../../fdl/index';

export interface ServiceParam {
  name: string;
  description: MessageText;
  values?: { value: string; description: MessageText }[];
}

export type ServiceKind = 'fc' | 'fnf' | 'mns' | 'other';

export function serviceKindOf(resourceArn: string | undefined): ServiceKind {
  const arn = (resourceArn ?? '').trim();
  if (/^acs:fc:/i.test(arn)) return 'fc';
  if (/^acs:fnf:/i.test(arn)) return 'fnf';
  if (/^acs:mns:/i.test(arn)) return 'mns';
  return 'other';
}

const FC: ServiceParam[] = [
  {
    name: 'InvocationType',
    description: { en: 'How Function Compute is invoked. Default: Sync.', 'zh-cn': '函数计算的调用方式。默认值：Sync。' },
    values: [
      { value: 'Sync', description: { en: 'Invoke and wait for the function\'s result.', 'zh-cn': '调用并等待函数返回结果。' } },
      {
        value: 'Async',
        description: {
          en: 'Invoke asynchronously: with `requestResponse` the step continues once the call is accepted; with `sync` it waits until the function finishes.',
          'zh-cn': '异步调用：`requestResponse` 模式下调用被接受即继续；`sync` 模式下等待函数执行结束。',
        },
      },
    ],
  },
  {
    name: 'StatefulAsyncInvocationID',
    description: {
      en: 'ID of a stateful asynchronous invocation (needs `InvocationType: Async`); unique per function. May be a `$.x` reference to the step input.',
      'zh-cn': '有状态异步调用的 ID（需要 `InvocationType: Async`），同一函数内唯一。可以是引用步骤输入的 `$.x`。',
    },
  },
];

const FNF: ServiceParam[] = [
  { name: 'Input', description: { en: 'The child flow\'s execution input (JSON text or a `$.x` reference).', 'zh-cn': '子流程执行的输入（JSON 文本或 `$.x` 引用）。' } },
  { name: 'ExecutionName', description: { en: 'Name of the child execution; unique within the child flow.', 'zh-cn': '子流程执行的名称，在子流程内唯一。' } },
];

const MNS: ServiceParam[] = [
  { name: 'MessageBody', description: { en: 'The message body to send.', 'zh-cn': '要发送的消息正文。' } },
  { name: 'Priority', description: { en: 'Message priority, 1 (highest) to 16 (lowest). Queues only.', 'zh-cn': '消息优先级，1（最高）到 16（最低），仅适用于队列。' } },
  { name: 'MessageTag', description: { en: 'Tag used to filter messages. Topics only.', 'zh-cn': '用于过滤消息的标签，仅适用于主题。' } },
  { name: 'MessageAttributes', description: { en: 'Message attributes. Topics only.', 'zh-cn': '消息属性，仅适用于主题。' } },
];

export function serviceParamsFor(kind: ServiceKind): ServiceParam[] {
  switch (kind) {
    case 'fc':
      return FC;
    case 'fnf':
      return FNF;
    case 'mns':
      return MNS;
    default:
      return [...FC, ...FNF, ...MNS];
  }
}
