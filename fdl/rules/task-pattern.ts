/**
 * `pattern-not-supported`: each integration supports only some patterns (docs: FC and child
 * flows all three; MNS queues and topics `requestResponse` and `waitForCallback`). Cloud-API
 * (`action:`) tasks and ARNs of unknown kind are not judged.
 */
import { integrationKind, PATTERNS_BY_KIND, type ResourceArnKind } from '../arn';
import type { Check } from '../check';
import { defineMessages, formatMessage, localizable, type MessageText } from '../messages';
import { TASK_PATTERNS } from '../model';
import { report } from './finding';
import { taskArn } from './task-integration';

export const KIND_LABELS: Record<ResourceArnKind, MessageText> = {
  fc: localizable('a Function Compute function'),
  'fnf-flow': localizable('a child flow'),
  'mns-queue': localizable('an MNS queue'),
  'mns-topic': localizable('an MNS topic'),
};

const messages = defineMessages({
  unsupported: 'Pattern `{0}` is not supported for {1}; use {2}.',
});

export const TASK_PATTERN_CODES = ['pattern-not-supported'] as const;

export const checkTaskPatterns: Check = {
  name: 'pattern-not-supported',
  reach: 'item',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      if (step.type !== 'task' || !step.pattern) continue;
      const pattern = step.pattern.value;
      // Unknown pattern names are the schema's finding (enum); here only real patterns are matched to kinds.
      if (!(TASK_PATTERNS as readonly string[]).includes(pattern)) continue;
      const arn = taskArn(step);
      const kind = arn && integrationKind(arn);
      if (!kind) continue;
      const allowed = PATTERNS_BY_KIND[kind];
      if (allowed.includes(pattern)) continue;
      report(ctx, {
        code: 'pattern-not-supported',
        severity: 'error',
        text: messages.unsupported,
        args: [pattern, formatMessage(KIND_LABELS[kind], ctx.locale), allowed.map((p) => `\`${p}\``).join(' / ')],
        span: step.pattern.span,
        data: { kind, supported: [...allowed] },
      });
    }
  },
};
