/**
 * `wait-duration-and-timestamp` (error): a wait step takes a relative `duration` or an absolute
 * `timestamp` (docs: wait steps); with both, which one wins is undefined. Having neither is the
 * schema's finding.
 */
import type { Check } from '../check';
import { defineMessages } from '../messages';
import { keySpan } from '../yaml/tree-read';
import { report } from './finding';

const messages = defineMessages({
  both: {
    en: 'A wait step takes either `duration` or `timestamp`, not both; remove one.',
    'zh-cn': '等待步骤只能指定 `duration` 或 `timestamp` 之一，不能同时指定；请删除其中一个。',
  },
});

export const checkWaitTime: Check = {
  name: 'wait-duration-and-timestamp',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      if (step.type !== 'wait' || !step.duration || !step.timestamp) continue;
      const span = keySpan(step.node, 'timestamp') ?? step.timestamp.span;
      report(ctx, { code: 'wait-duration-and-timestamp', severity: 'error', text: messages.both, span });
    }
  },
};
