/**
 * `choice-without-default` (information): a choice step with no `default`. When no condition
 * holds, the choice does nothing and control falls through to the next step (or, for the last
 * step, the sequence ends) — SPEC.md and engine/SEMANTICS.md "Steps"; one docs page calls
 * `default` required but real flows omit it. Worth a word because a flow that checks for a
 * "success" status and has no default goes on, and often ends Succeeded, after a failed task.
 * Information, not a warning: falling through is often what the author meant. Quick fixes
 * (server/code-actions.ts) add a default that says so (`goto` the next step) or one that fails.
 */
import type { Check, CheckContext, TopSequence } from '../check';
import { defineMessages } from '../messages';
import { report } from './finding';
import { at, entriesOf, scopesUnder, type StepEntry } from './sequence-entries';

const messages = defineMessages({
  fallsThrough:
    'Choice `{0}` has no `default`: when no condition holds it does nothing and the flow goes on with `{1}`. Add a `default` to say what should happen (e.g. fail when a status is not the one expected).',
  ends: 'Choice `{0}` has no `default`: when no condition holds it does nothing and its sequence ends here. Add a `default` to say what should happen (e.g. fail when a status is not the one expected).',
});

export const CHOICE_DEFAULT_CODES = ['choice-without-default'] as const;

export const checkChoiceDefault: Check = {
  name: 'choice-without-default',
  parts: {
    inside(ctx, top) {
      for (const scope of scopesUnder(ctx.parsed.flow.body.steps[top])) checkSequence(ctx, { entries: entriesOf(scope) });
    },
    top(ctx, seq) {
      checkSequence(ctx, seq as TopSequence<StepEntry>);
    },
  },
};

function checkSequence(ctx: CheckContext, { entries: list, ds }: TopSequence<StepEntry>): void {
  for (let i = 0; i < list.length; i++) {
    const step = list[i];
    if (!step.noDefault) continue;
    // The step after it, unless `end: true` stops the sequence here.
    const next = step.ends ? undefined : list[i + 1];
    report(ctx, {
      code: 'choice-without-default',
      severity: 'information',
      text: next ? messages.fallsThrough : messages.ends,
      args: next ? [step.name, next.name] : [step.name],
      span: at(step.noDefault, ds?.[i]),
      data: next ? { choice: step.name, next: next.name } : { choice: step.name },
    });
  }
}
