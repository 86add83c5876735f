/** Hover on a resourceArn value: what it names, and the s.yaml that declares the function, if any. */
import type { ResourceArn } from '../fdl/arn';
import { invalidArnReasonText } from '../fdl/arn-messages';
import { findDeclaredFunction } from '../fdl/serverless-devs';
import { defineMessages, formatMessage } from '../fdl/index';
import type { FeatureEnv } from './feature-env';

const messages = defineMessages({
  fc: { en: 'Function Compute function `{0}`{1}.', 'zh-cn': '函数计算函数 `{0}`{1}。' },
  ofService: { en: ' of service `{0}`', 'zh-cn': '（服务 `{0}`）' },
  qualifier: { en: 'Version or alias: `{0}`.', 'zh-cn': '版本或别名：`{0}`。' },
  own: { en: "Region and account: the flow's own where left empty.", 'zh-cn': '地域和账号留空时使用流程自身的地域和账号。' },
  flow: { en: 'Child flow `{0}`: the task starts an execution of it.', 'zh-cn': '子流程 `{0}`：任务会启动它的一次执行。' },
  queue: { en: 'MNS queue `{0}`: the task sends a message to it.', 'zh-cn': '消息服务队列 `{0}`：任务向其发送一条消息。' },
  topic: { en: 'MNS topic `{0}`: the task publishes a message to it.', 'zh-cn': '消息服务主题 `{0}`：任务向其发布一条消息。' },
  placeholder: { en: 'Contains deploy-time placeholders ({0}); they are replaced when the flow is deployed.', 'zh-cn': '包含部署时占位符（{0}），部署流程时会被替换。' },
  deployTag: {
    en: 'A deploy-time reference (`!Ref`, …): Funcraft / ROS resolve `{0}` to a resource when the template is deployed{1}. Locally this task runs only with a mock.',
    'zh-cn': '部署时引用（`!Ref` 等）：Funcraft / ROS 在部署模板时把 `{0}` 解析为资源{1}。在本地，此任务只能用模拟（mock）运行。',
  },
  likelyFc: { en: ' (likely a Function Compute function)', 'zh-cn': '（很可能是函数计算函数）' },
  invalid: { en: 'Not a resourceArn the service understands: {0}', 'zh-cn': '不是服务能识别的 resourceArn：{0}' },
  other: { en: 'A `{0}` resource: `{1}`.', 'zh-cn': '`{0}` 资源：`{1}`。' },
  declared: { en: 'Declared in `{0}`{1}.', 'zh-cn': '声明于 `{0}`{1}。' },
});

export function describeResourceArn(arn: ResourceArn, env: FeatureEnv): string {
  const l = env.locale;
  const value = arn.text;
  switch (arn.kind) {
    case 'fc': {
      const lines = [formatMessage(messages.fc, l, arn.function, arn.service ? formatMessage(messages.ofService, l, arn.service) : '')];
      if (arn.qualifier) lines.push(formatMessage(messages.qualifier, l, arn.qualifier));
      if (!arn.region || !arn.account) lines.push(formatMessage(messages.own, l));
      // The engine's own matching (FC 2.0 service/function, FC 3.0 function name, and the fallbacks between them).
      const declared = findDeclaredFunction(env.workspaceFunctions(), value);
      if (declared) {
        const detail = [declared.runtime, declared.handler].filter(Boolean).join(', ');
        lines.push(formatMessage(messages.declared, l, declared.source, detail ? ` (${detail})` : ''));
      }
      return lines.join('\n\n');
    }
    case 'fnf-flow':
      return formatMessage(messages.flow, l, arn.flow);
    case 'mns-queue':
      return formatMessage(messages.queue, l, arn.queue);
    case 'mns-topic':
      return formatMessage(messages.topic, l, arn.topic);
    case 'placeholder':
      if (arn.fromDeployTag) return formatMessage(messages.deployTag, l, value, arn.likelyKind === 'fc' ? formatMessage(messages.likelyFc, l) : '');
      return formatMessage(messages.placeholder, l, arn.placeholders.map((p) => `\`${p.text}\``).join(', ') || value);
    case 'invalid':
      return formatMessage(messages.invalid, l, invalidArnReasonText(arn.reason, l));
    case 'other':
      return formatMessage(messages.other, l, arn.product, arn.resource);
  }
}
