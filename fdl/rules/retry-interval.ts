/**
 * `retry-interval-too-long` (warning): a retry policy's `maxIntervalSeconds` over 86,400 s (one
 * day). The FDL "Error handling" page (help.aliyun.com 214310) gives 86,400 as the maximum of
 * `intervalSeconds` (the schema enforces that one); CloudFlow's "错误处理" page (2500862) gives the
 * same maximum for the cap itself (`MaxBackoffSeconds`, "最大值是86400秒"). The FDL pages do not
 * say what the service does with a larger cap, so this is a warning and the local engine waits as
 * written (engine/SEMANTICS.md "Errors").
 */
import type { Check } from '../check';
import { defineMessages } from '../messages';
import { carriesCatch } from '../step-kinds';
import { childValues, mapValue } from '../yaml/tree';
import { scalarNumber } from '../yaml/tree-read';
import { report } from './finding';

const messages = defineMessages({
  tooLong: 'maxIntervalSeconds is {0} s; the service allows at most 86400 s (one day) between retries.',
});

/** Docs: the longest interval between two retries, in seconds. */
export const MAX_RETRY_INTERVAL_SECONDS = 86_400;

export const RETRY_INTERVAL_CODES = ['retry-interval-too-long'] as const;

export const checkRetryInterval: Check = {
  name: 'retry-interval-too-long',
  reach: 'item',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      if (!carriesCatch(step)) continue;
      if (!step.retry.some((r) => (r.maxIntervalSeconds ?? 0) > MAX_RETRY_INTERVAL_SECONDS)) continue;
      for (const policy of childValues(mapValue(step.node, 'retry'))) {
        const max = scalarNumber(mapValue(policy, 'maxIntervalSeconds'));
        if (max && max.value > MAX_RETRY_INTERVAL_SECONDS) {
          report(ctx, {
            code: 'retry-interval-too-long',
            severity: 'warning',
            text: messages.tooLong,
            args: [max.value],
            span: max.span,
            data: { seconds: max.value, max: MAX_RETRY_INTERVAL_SECONDS },
          });
        }
      }
    }
  },
};
