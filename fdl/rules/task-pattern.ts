/**
 * `pattern-not-supported`: each integration supports only some patterns (docs: FC and child
 * flows all three; MNS queues and topics `requestResponse` and `waitForCallback`). Cloud-API
 * (`action:`) tasks and ARNs of unknown kind are not judged.
 */
import { integrationKind, PATTERNS_BY_KIND, type ResourceArnKind } from '../arn';
import type { Check } from '../check';
import { defineMessages, formatMessage, type MessageText } from '../messages';
import { TASK_PATTERNS } from '../model';
import { report } from './finding';
import { taskArn } from './task-integration';

export const KIND_LABELS: Record<ResourceArnKind, MessageText> = {
  fc: { en: 'a Function Compute function', 'zh-cn': '函数计算函数' },
  'fnf-flow': { en: 'a child flow', 'zh-cn': '子流程' },
  'mns-queue': { en: 'an MNS queue', 'zh-cn': 'MNS 队列' },
  'mns-topic': { en: 'an MNS topic', 'zh-cn': 'MNS 主题' },
};

const messages = defineMessages({
  unsupported: {
    en: 'Pattern `{0}` is not supported for {1}; use {2}.',
    'zh-cn': '{1}不支持 `{0}` 模式；请使用 {2}。',
  },
});

export const TASK_PATTERN_CODES = ['pattern-not-supported'] as const;

export const checkTaskPatterns: Check = {
  name: 'pattern-not-supported',
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
