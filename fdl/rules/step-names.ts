/** `duplicate-step-name`: step names must be unique among the steps of one sequence (goto and history address steps by name). */
import type { Check, CheckContext, TopSequence } from '../check';
import { defineMessages, formatMessage, type Locale } from '../messages';
import type { ParsedFlow } from '../parsed-flow';
import type { Span } from '../model';
import { at, entriesOf, firstIndex, scopesUnder, type StepEntry } from './sequence-entries';

const messages = defineMessages({
  duplicate: 'Another step in this sequence is already named `{0}` (line {1}); rename one so goto targets and the execution history are unambiguous.',
});

export const STEP_NAME_CODES = ['duplicate-step-name'] as const;

export const checkDuplicateStepNames: Check = {
  name: 'duplicate-step-name',
  parts: {
    inside(ctx, top) {
      for (const scope of scopesUnder(ctx.parsed.flow.body.steps[top])) checkSequence(ctx, { entries: entriesOf(scope) });
    },
    top(ctx, seq) {
      checkSequence(ctx, seq as TopSequence<StepEntry>);
    },
  },
  // The message names the line of the first step so named: worded again when an edit moves it.
  reword(d, parsed, locale) {
    const { name, firstSpan } = d.data as { name: string; firstSpan: Span };
    return { ...d, message: wording(name, firstSpan, parsed, locale) };
  },
};

function checkSequence(ctx: CheckContext, { entries, ds }: TopSequence<StepEntry>): void {
  const first = firstIndex(entries);
  for (let i = 0; i < entries.length; i++) {
    const step = entries[i];
    if (step.name === '') continue;
    const k = first.get(step.name)!;
    if (k === i) continue;
    const earlier = at(entries[k].nameSpan, ds?.[k]);
    ctx.report({
      code: 'duplicate-step-name',
      severity: 'error',
      message: wording(step.name, earlier, ctx.parsed, ctx.locale),
      span: at(step.nameSpan, ds?.[i]),
      data: { name: step.name, firstSpan: earlier },
    });
  }
}

function wording(name: string, firstSpan: Span, parsed: ParsedFlow, locale: Locale): string {
  return formatMessage(messages.duplicate, locale, name, parsed.lines.positionAt(firstSpan.start).line + 1);
}
