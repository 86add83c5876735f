/**
 * `unknown-goto-target`: a choice's `goto` (in a choice or the default) and a `catch[].goto` must
 * name a sibling — a step of the same sequence as the choice / the catching step (docs: "the
 * target must be parallel to the choice step"; task steps: "只能是和当前任务步骤并列的一个步骤").
 * The finding says whether the name exists elsewhere (out of scope) and suggests a near sibling.
 */
import type { Check, CheckContext, TopSequence } from '../check';
import { defineMessages, message } from '../messages';
import type { Located } from '../model';
import { finding } from './finding';
import { at, closestNameIn, entriesOf, firstIndex, scopesUnder, type StepEntry } from './sequence-entries';

const messages = defineMessages({
  missing: 'No step named `{0}` in this sequence{1}.{2}',
  outOfScope: 'Step `{0}` exists but is not a sibling of `{1}`: goto can only jump to steps of the same sequence{2}.',
  inScope: ' (the steps of `{0}`)',
  topLevel: ' (the top-level steps)',
  didYouMean: ' Did you mean `{0}`?',
  create: ' Create the step or pick an existing one.',
});

export const GOTO_TARGET_CODES = ['unknown-goto-target'] as const;

export const checkGotoTargets: Check = {
  name: 'unknown-goto-target',
  parts: {
    inside(ctx, top) {
      for (const scope of scopesUnder(ctx.parsed.flow.body.steps[top])) checkSequence(ctx, { entries: entriesOf(scope) }, scope.owner!.name);
    },
    top(ctx, seq) {
      checkSequence(ctx, seq as TopSequence<StepEntry>, undefined);
    },
  },
};

/** Beyond this many siblings a did-you-mean costs more than it helps on every keystroke. */
const MAX_SUGGESTION_CANDIDATES = 500;

/** The gotos of one sequence (owned by the step named `owner`, or the top-level one). */
function checkSequence(ctx: CheckContext, { entries, ds }: TopSequence<StepEntry>, owner: string | undefined): void {
  let first: Map<string, number> | undefined;
  for (let i = 0; i < entries.length; i++) {
    for (const g of entries[i].gotos) {
      first ??= firstIndex(entries);
      const target = g.goto.value;
      if (target === '' || !first.has(target)) checkOne(ctx, entries, ds, i, g.goto, first, owner);
    }
  }
}

function suggestionFor(entries: readonly StepEntry[], target: string): string | undefined {
  return closestNameIn(entries, target);
}

function checkOne(
  ctx: CheckContext,
  entries: readonly StepEntry[],
  ds: ArrayLike<number> | undefined,
  i: number,
  goto: Located<string>,
  first: Map<string, number>,
  owner: string | undefined,
): void {
  const from = entries[i];
  const target = goto.value;
  const scopeHint = owner ?? '';
  const where = owner !== undefined ? message(messages.inScope, owner) : message(messages.topLevel);
  // The siblings' names, each once, in the order they first appear.
  const siblings = first.size - (first.has('') ? 1 : 0);
  const suggestion = siblings <= MAX_SUGGESTION_CANDIDATES ? suggestionFor(entries, target) : undefined;
  // What a "create step" quick fix needs: the sequence and the step to insert after.
  const k = entries.length - 1;
  const last = entries[k];
  const data: Record<string, unknown> = {
    target,
    scopeHint,
    insertAfter: last.name,
    insertAfterSpan: at(last.span, ds?.[k]),
    ...(suggestion ? { replacement: suggestion } : {}),
  };
  const span = at(goto.span, ds?.[i]);
  // Whether a step of another sequence bears the name is known once every step's name is.
  ctx.defer!({
    name: target,
    make: (elsewhere) =>
      elsewhere
        ? finding(ctx, { code: 'unknown-goto-target', severity: 'error', text: messages.outOfScope, args: [target, from.name, where], span, data: { ...data, outOfScope: true } })
        : finding(ctx, {
            code: 'unknown-goto-target',
            severity: 'error',
            text: messages.missing,
            args: [target, where, suggestion ? message(messages.didYouMean, suggestion) : message(messages.create)],
            span,
            data,
          }),
  });
}
