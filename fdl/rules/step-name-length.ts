/**
 * `step-name-too-long` (error): a step name longer than 128 characters. No page gives step names a
 * limit; the service's names (flows, executions) hold 1–128 characters (fdl/resource-name.ts says
 * why we hold step names to it), and a name is written into every event of its step, so a name of
 * megabytes would make every event that large. The engine refuses such a flow like any invalid one
 * (engine/SEMANTICS.md "Names"). The StateMachine twin is `sm-state-name-too-long`
 * (cloudflow/statemachine-limits.ts).
 */
import type { Check } from '../check';
import { defineMessages } from '../messages';
import { MAX_STEP_NAME_LENGTH, stepNameOverLimit } from '../resource-name';
import { report } from './finding';

const messages = defineMessages({
  tooLong: 'This step name is {0} characters long; a name holds at most {1}. Shorten it.',
});

export const STEP_NAME_LENGTH_CODES = ['step-name-too-long'] as const;

export const checkStepNameLength: Check = {
  name: 'step-name-too-long',
  reach: 'item',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      const length = stepNameOverLimit(step.name);
      if (length !== undefined) report(ctx, { code: 'step-name-too-long', severity: 'error', text: messages.tooLong, args: [length, MAX_STEP_NAME_LENGTH], span: step.nameSpan });
    }
  },
};
