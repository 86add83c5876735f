/** Hover on a resourceArn value: what it names, and the s.yaml that declares the function, if any. */
import type { ResourceArn } from '../fdl/arn';
import { invalidArnReasonText } from '../fdl/arn-messages';
import { findDeclaredFunction } from '../fdl/serverless-devs';
import { defineMessages, formatMessage } from '../fdl/messages';
import type { FeatureEnv } from './feature-env';

const messages = defineMessages({
  fc: 'Function Compute function `{0}`{1}.',
  ofService: ' of service `{0}`',
  qualifier: 'Version or alias: `{0}`.',
  own: "Region and account: the flow's own where left empty.",
  flow: 'Child flow `{0}`: the task starts an execution of it.',
  queue: 'MNS queue `{0}`: the task sends a message to it.',
  topic: 'MNS topic `{0}`: the task publishes a message to it.',
  placeholder: 'Contains deploy-time placeholders ({0}); they are replaced when the flow is deployed.',
  deployTag: 'A deploy-time reference (`!Ref`, …): Funcraft / ROS resolve `{0}` to a resource when the template is deployed{1}. Locally this task runs only with a mock.',
  likelyFc: ' (likely a Function Compute function)',
  invalid: 'Not a resourceArn the service understands: {0}',
  other: 'A `{0}` resource: `{1}`.',
  declared: 'Declared in `{0}`{1}.',
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
