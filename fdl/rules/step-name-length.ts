/**
 * `step-name-too-long`: a step name longer than 128 characters. No page gives step names a limit;
 * the service's names (flows, executions) hold 1–128 characters, so past that a warning (the service
 * may refuse it). A name is written into every event of its step, so past what an event holds
 * (32 KiB) it is an error, and the engine refuses such a flow like any invalid one
 * (fdl/resource-name.ts; engine/SEMANTICS.md "Step and state names"). The StateMachine twin is
 * `sm-state-name-too-long` (cloudflow/statemachine-limits.ts).
 */
import type { Check } from '../check';
import { defineMessages } from '../messages';
import { MAX_EVENT_DATA_BYTES, MAX_STEP_NAME_LENGTH, stepNameOverLimit } from '../resource-name';
import { report } from './finding';

const messages = defineMessages({
  long: 'This step name is {0} characters long. No limit on step names is documented, but the service holds flow and execution names to {1}: it may refuse a longer one.',
  tooLong: 'This step name is {0} characters long ({1} bytes); every event of the step carries its name, and an event holds at most {2} bytes. Shorten it.',
});

export const STEP_NAME_LENGTH_CODES = ['step-name-too-long'] as const;

export const checkStepNameLength: Check = {
  name: 'step-name-too-long',
  reach: 'item',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      const over = stepNameOverLimit(step.name);
      if (!over) continue;
      if (over.tooLong)
        report(ctx, { code: 'step-name-too-long', severity: 'error', text: messages.tooLong, args: [over.chars, over.bytes, MAX_EVENT_DATA_BYTES], span: step.nameSpan });
      else report(ctx, { code: 'step-name-too-long', severity: 'warning', text: messages.long, args: [over.chars, MAX_STEP_NAME_LENGTH], span: step.nameSpan });
    }
  },
};
