/**
 * Wait steps' time (docs: "Wait steps", help.aliyun.com 122495):
 * - `wait-duration-and-timestamp` (error): a wait step takes a relative `duration` or an absolute
 *   `timestamp`; with both, which one wins is undefined. Having neither is the schema's finding.
 * - `wait-too-long` (warning): "the maximum wait time is 2 days". A constant `duration` over
 *   172,800 s cannot wait that long in the cloud. The docs do not say what the service does
 *   instead, so this is a warning and the local engine waits as written (engine/SEMANTICS.md). A
 *   duration read from the input (`$.x`) or a timestamp is only known when the flow runs.
 */
import type { Check } from '../check';
import { defineMessages } from '../messages';
import { keySpan } from '../yaml/tree-read';
import { report } from './finding';

const messages = defineMessages({
  tooLong: 'This wait is {0} s; the service waits at most two days (172800 s) in one wait step. Split the wait, or wait for a callback instead.',
  both: 'A wait step takes either `duration` or `timestamp`, not both; remove one.',
});

/** Docs: "The maximum wait time is 2 days." */
export const MAX_WAIT_SECONDS = 2 * 24 * 60 * 60;

export const WAIT_TIME_CODES = ['wait-duration-and-timestamp', 'wait-too-long'] as const;

export const checkWaitTime: Check = {
  name: 'wait-duration-and-timestamp',
  reach: 'item',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      if (step.type !== 'wait') continue;
      const seconds = step.duration?.value;
      if (typeof seconds === 'number' && seconds > MAX_WAIT_SECONDS) {
        report(ctx, { code: 'wait-too-long', severity: 'warning', text: messages.tooLong, args: [seconds], span: step.duration!.span, data: { seconds, max: MAX_WAIT_SECONDS } });
      }
      if (!step.duration || !step.timestamp) continue;
      const span = keySpan(step.node, 'timestamp') ?? step.timestamp.span;
      report(ctx, { code: 'wait-duration-and-timestamp', severity: 'error', text: messages.both, span });
    }
  },
};
