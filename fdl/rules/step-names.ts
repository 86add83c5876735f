/** `duplicate-step-name`: step names must be unique among the steps of one sequence (goto and history address steps by name). */
import type { Check } from '../check';
import { defineMessages } from '../messages';
import type { Step } from '../model';
import { report } from './finding';
import { allScopes } from './scopes';

const messages = defineMessages({
  duplicate: 'Another step in this sequence is already named `{0}` (line {1}); rename one so goto targets and the execution history are unambiguous.',
});

export const STEP_NAME_CODES = ['duplicate-step-name'] as const;

export const checkDuplicateStepNames: Check = {
  name: 'duplicate-step-name',
  run(ctx) {
    const { flow, steps, lines } = ctx.parsed;
    for (const scope of allScopes(flow, steps)) {
      const first = new Map<string, Step>();
      for (const step of scope.steps) {
        if (step.name === '') continue;
        const earlier = first.get(step.name);
        if (!earlier) {
          first.set(step.name, step);
          continue;
        }
        report(ctx, {
          code: 'duplicate-step-name',
          severity: 'error',
          text: messages.duplicate,
          args: [step.name, lines.positionAt(earlier.nameSpan.start).line + 1],
          span: step.nameSpan,
          data: { name: step.name, firstSpan: earlier.nameSpan },
        });
      }
    }
  },
};
