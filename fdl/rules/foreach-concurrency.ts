/**
 * `max-concurrency-local-only` (warning): `maxConcurrency` on a foreach step. The FDL docs
 * ("Foreach steps" / 并行循环步骤, help.aliyun.com 122499) list no such field and state that at
 * most 100 iterations run at once. The schema accepts it (1–100) as a lower cap for the local
 * engine (engine/run/steps/foreach.ts); the service does not document it, so a deployed flow may run
 * up to 100 iterations at once whatever it says. Reported on the key, so a value out of range
 * still gets the schema's own finding on the value.
 */
import type { Check } from '../check';
import { defineMessages } from '../messages';
import { keySpan } from '../yaml/tree-read';
import { report } from './finding';

const messages = defineMessages({
  localOnly: '`maxConcurrency` is not a documented foreach field: only the local engine honours it. The service runs up to 100 iterations at once whatever it says.',
});

export const FOREACH_CONCURRENCY_CODES = ['max-concurrency-local-only'] as const;

export const checkForeachConcurrency: Check = {
  name: 'max-concurrency-local-only',
  reach: 'item',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      if (step.type !== 'foreach') continue;
      const span = keySpan(step.node, 'maxConcurrency');
      if (span) report(ctx, { code: 'max-concurrency-local-only', severity: 'warning', text: messages.localOnly, span });
    }
  },
};
