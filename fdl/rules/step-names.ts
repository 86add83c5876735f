/** `duplicate-step-name`: step names must be unique among the steps of one sequence (goto and history address steps by name). */
import type { Check } from '../check';
import { defineMessages, formatMessage, type Locale } from '../messages';
import type { ParsedFlow } from '../parsed-flow';
import type { Span, Step } from '../model';
import { allScopes } from './scopes';

const messages = defineMessages({
  duplicate: 'Another step in this sequence is already named `{0}` (line {1}); rename one so goto targets and the execution history are unambiguous.',
});

export const STEP_NAME_CODES = ['duplicate-step-name'] as const;

export const checkDuplicateStepNames: Check = {
  name: 'duplicate-step-name',
  run(ctx) {
    const { flow, steps } = ctx.parsed;
    for (const scope of allScopes(flow, steps)) {
      const first = new Map<string, Step>();
      for (const step of scope.steps) {
        if (step.name === '') continue;
        const earlier = first.get(step.name);
        if (!earlier) {
          first.set(step.name, step);
          continue;
        }
        ctx.report({
          code: 'duplicate-step-name',
          severity: 'error',
          message: wording(step.name, earlier.nameSpan, ctx.parsed, ctx.locale),
          span: step.nameSpan,
          data: { name: step.name, firstSpan: earlier.nameSpan },
        });
      }
    }
  },
  // The message names the line of the first step so named: worded again when an edit moves it.
  reword(d, parsed, locale) {
    const { name, firstSpan } = d.data as { name: string; firstSpan: Span };
    return { ...d, message: wording(name, firstSpan, parsed, locale) };
  },
};

function wording(name: string, firstSpan: Span, parsed: ParsedFlow, locale: Locale): string {
  return formatMessage(messages.duplicate, locale, name, parsed.lines.positionAt(firstSpan.start).line + 1);
}
