/**
 * resourceArn findings (forms in fdl/arn.ts):
 * - `invalid-resource-arn` (error): not an ARN of a known shape; the span covers the bad part.
 * - `resource-arn-placeholder` (warning): deploy-time placeholders (`{region}`, `${x}`…): fine to
 *   publish as a template, but the flow cannot be deployed or run as written (the engine needs a mock).
 * - `deploy-tag-references` (information, once per file): resources named through `!Ref`-style tags,
 *   which Funcraft / ROS resolve at deploy time; the setting `deployTags: 'placeholder'` reports each
 *   as a `resource-arn-placeholder` instead.
 * - `unsupported-resource-kind` (warning): a well-formed `acs:` ARN of a product this extension
 *   does not know; the service may support it, the local engine cannot run it.
 * Two checks: the findings of each task's ARN read one step (`reach: 'item'`, so an edit runs it
 * on the steps it touched only); the count of deploy-tagged ones reads the whole file.
 */
import type { Check, TopSequence } from '../check';
import type { Span } from '../model';
import { at, type TopStepEntry } from './sequence-entries';
import { invalidArnReasonText } from '../arn-messages';
import { defineMessages, formatMessage } from '../messages';
import { report } from './finding';
import { spanInside } from './scalar-spans';
import { taskArn } from './task-integration';

const messages = defineMessages({
  invalid:
    'Invalid resourceArn: {0} Expected e.g. `acs:fc:::services/{service}/functions/{function}`, `acs:fnf:::flow/{flow}`, `acs:mns:::/queues/{queue}/messages` or `acs:mns:::/topics/{topic}/messages`.',
  placeholder: 'resourceArn `{0}` still holds a deploy-time placeholder ({1}); replace it before deploying. The local engine runs this task only with a mock.',
  deployTag: 'a `!Ref`-style reference',
  deployTagsInFile:
    'This flow names {0} resource(s) through deploy-time tags (`!Ref`, `!GetAtt`, …) that Funcraft / ROS resolve when the template is deployed. Deploy it with that tool; locally, these tasks run only with a mock. (Setting `flowStudio.diagnostics.deployTags`: `placeholder` reports each one as a placeholder.)',
  other: 'resourceArn names product `{0}`, which this extension does not know; the local engine can run it only with a mock.',
});

export const RESOURCE_ARN_CODES = ['invalid-resource-arn', 'resource-arn-placeholder', 'unsupported-resource-kind', 'deploy-tag-references'] as const;

export const checkResourceArns: Check = {
  name: 'resource-arn',
  reach: 'item',
  run(ctx) {
    const text = ctx.parsed.text;
    for (const step of ctx.parsed.steps) {
      if (step.type !== 'task' || !step.resourceArn) continue;
      const arn = taskArn(step);
      if (!arn) continue;
      const located = step.resourceArn;
      if (arn.kind === 'invalid') {
        const reason = invalidArnReasonText(arn.reason, ctx.locale);
        // `arn.span` is relative to the trimmed text; YAML already trimmed plain scalars.
        report(ctx, {
          code: 'invalid-resource-arn',
          severity: 'error',
          text: messages.invalid,
          args: [reason],
          span: spanInside(text, located, arn.span),
          data: { reason: arn.reason },
        });
      } else if (arn.kind === 'placeholder' && arn.fromDeployTag && ctx.deployTags !== 'placeholder') {
        // Counted once for the file (checkDeployTagCount).
      } else if (arn.kind === 'placeholder') {
        const what = arn.placeholders.length ? arn.placeholders.map((p) => `\`${p.text}\``).join(', ') : formatMessage(messages.deployTag, ctx.locale);
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

/** Deploy-tagged references are the norm in a Funcraft / ROS template: one finding for the file, not one per task. */
export const checkDeployTagCount: Check = {
  name: 'deploy-tag-references',
  parts: {
    // Counted per top-level step (rules/sequence-entries.ts), reported over them all.
    inside() {},
    top(ctx, seq) {
      if (ctx.deployTags === 'placeholder') return;
      const { entries, ds } = seq as TopSequence<TopStepEntry>;
      let count = 0;
      let first: Span | undefined;
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (e.tagged === 0) continue;
        count += e.tagged;
        first ??= at(e.firstTagged!, ds?.[i]);
      }
      if (first) {
        report(ctx, {
          code: 'deploy-tag-references',
          severity: 'information',
          text: messages.deployTagsInFile,
          args: [String(count)],
          span: first,
          data: { count },
        });
      }
    },
  },
};
