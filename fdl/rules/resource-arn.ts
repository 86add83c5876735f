/**
 * resourceArn findings (forms in fdl/arn.ts):
 * - `invalid-resource-arn` (error): not an ARN of a known shape; the span covers the bad part.
 * - `resource-arn-placeholder` (warning): deploy-time placeholders or `!Ref`: fine to publish as a
 *   template, but the flow cannot be deployed or run as written (the engine needs a mock).
 * - `unsupported-resource-kind` (warning): a well-formed `acs:` ARN of a product this extension
 *   does not know; the service may support it, the local engine cannot run it.
 */
import type { Check } from '../check';
import type { InvalidArnReason } from '../arn';
import { defineMessages } from '../messages';
import { report } from './finding';
import { spanInside } from './scalar-spans';
import { taskArn } from './task-integration';

const messages = defineMessages({
  invalid: {
    en: 'Invalid resourceArn: {0} Expected e.g. `acs:fc:::services/{service}/functions/{function}`, `acs:fnf:::flow/{flow}`, `acs:mns:::/queues/{queue}/messages` or `acs:mns:::/topics/{topic}/messages`.',
    'zh-cn':
      'resourceArn 无效：{0}应为例如 `acs:fc:::services/{service}/functions/{function}`、`acs:fnf:::flow/{flow}`、`acs:mns:::/queues/{queue}/messages` 或 `acs:mns:::/topics/{topic}/messages`。',
  },
  'too-long': { en: 'it is far longer than any ARN.', 'zh-cn': '长度远超任何 ARN；' },
  'not-acs': { en: 'an ARN starts with `acs:`.', 'zh-cn': 'ARN 应以 `acs:` 开头；' },
  'too-few-parts': { en: 'an ARN has the form `acs:{product}:{region}:{account}:{resource}`.', 'zh-cn': 'ARN 的格式为 `acs:{product}:{region}:{account}:{resource}`；' },
  'bad-region': { en: 'the region must be empty or like `cn-hangzhou`.', 'zh-cn': '地域应为空或形如 `cn-hangzhou`；' },
  'bad-account': { en: 'the account must be empty or an account ID (digits).', 'zh-cn': '账号应为空或账号 ID（数字）；' },
  'bad-fc-resource': {
    en: 'a Function Compute resource is `services/{service}[.{qualifier}]/functions/{function}`.',
    'zh-cn': '函数计算资源应为 `services/{service}[.{qualifier}]/functions/{function}`；',
  },
  'bad-fnf-resource': { en: 'a child flow is `flow/{name}`.', 'zh-cn': '子流程资源应为 `flow/{name}`；' },
  'bad-mns-resource': {
    en: 'an MNS resource is `/queues/{queue}/messages` or `/topics/{topic}/messages`.',
    'zh-cn': 'MNS 资源应为 `/queues/{queue}/messages` 或 `/topics/{topic}/messages`；',
  },
  'bad-name': {
    en: 'names start with a letter or `_`, contain only letters, digits, `_` and `-`, and are at most 128 characters long (function names 64, MNS queue and topic names 120).',
    'zh-cn': '名称须以字母或 `_` 开头，只能包含字母、数字、`_` 和 `-`，长度不超过 128 个字符（函数名不超过 64，MNS 队列和主题名不超过 120）；',
  },
  placeholder: {
    en: 'resourceArn `{0}` still holds a deploy-time placeholder ({1}); replace it before deploying. The local engine runs this task only with a mock.',
    'zh-cn': 'resourceArn `{0}` 仍包含部署时占位符（{1}）；部署前请替换。本地引擎只能用模拟（mock）运行此任务。',
  },
  deployTag: { en: 'a `!Ref`-style reference', 'zh-cn': '`!Ref` 类引用' },
  other: {
    en: 'resourceArn names product `{0}`, which this extension does not know; the local engine can run it only with a mock.',
    'zh-cn': 'resourceArn 指向产品 `{0}`，本扩展无法识别；本地引擎只能用模拟（mock）运行。',
  },
});

export const RESOURCE_ARN_CODES = ['invalid-resource-arn', 'resource-arn-placeholder', 'unsupported-resource-kind'] as const;

export const checkResourceArns: Check = {
  name: 'resource-arn',
  run(ctx) {
    const text = ctx.parsed.text;
    for (const step of ctx.parsed.steps) {
      if (step.type !== 'task' || !step.resourceArn) continue;
      const arn = taskArn(step);
      if (!arn) continue;
      const located = step.resourceArn;
      if (arn.kind === 'invalid') {
        const reason = messages[arn.reason as InvalidArnReason][ctx.locale];
        // `arn.span` is relative to the trimmed text; YAML already trimmed plain scalars.
        report(ctx, {
          code: 'invalid-resource-arn',
          severity: 'error',
          text: messages.invalid,
          args: [reason],
          span: spanInside(text, located, arn.span),
          data: { reason: arn.reason },
        });
      } else if (arn.kind === 'placeholder') {
        const what = arn.placeholders.length ? arn.placeholders.map((p) => `\`${p.text}\``).join(', ') : messages.deployTag[ctx.locale];
        report(ctx, {
          code: 'resource-arn-placeholder',
          severity: 'warning',
          text: messages.placeholder,
          args: [arn.text, what],
          span: located.span,
          data: { placeholders: arn.placeholders.map((p) => p.text), likelyKind: arn.likelyKind },
        });
      } else if (arn.kind === 'other') {
        report(ctx, { code: 'unsupported-resource-kind', severity: 'warning', text: messages.other, args: [arn.product], span: located.span });
      }
    }
  },
};
