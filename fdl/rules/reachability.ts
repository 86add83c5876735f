/**
 * `unreachable-step` (warning, faded): steps of a sequence that control can never reach.
 *
 * Within one sequence control enters at the first step and moves on to the next one unless the
 * step stops it: `end: true` (docs: "whether to continue with the steps after it"), `succeed`,
 * `fail`, or a choice whose every branch — including a default, which must exist — ends in a
 * `goto`. Jumps come from a choice's gotos and from `catch[].goto`, and always land on siblings,
 * so reachability is a walk over one sequence at a time (linear in the number of steps). While a
 * goto the walk meets names no sibling (`unknown-goto-target`), no step of that sequence is
 * reported: it may mean any step not reached (docs/reachability.md).
 *
 * `end-has-no-effect`: `end` on `succeed`/`fail` (a succeed ends its scope and a fail the whole
 * execution anyway; the docs list `end` only for steps that can continue) is a warning; `end:
 * false` is the default and is only a faded hint.
 */
import type { Check, CheckContext, TopSequence } from '../check';
import { defineMessages, formatMessage } from '../messages';
import type { Step } from '../model';
import { report } from './finding';
import { at, entriesOf, firstIndex, scopesUnder, stepsUnder, type StepEntry } from './sequence-entries';

const messages = defineMessages({
  unreachable: 'Step `{0}` is never reached: `{1}` before it {2}, and no goto or catch jumps here.',
  becauseEnd: 'has `end: true`',
  becauseSucceed: 'ends its sequence (succeed)',
  becauseFail: 'ends the execution (fail)',
  becauseGoto: 'always jumps away with goto',
  endOnFail: '`end` has no effect on a fail step: it ends the whole execution anyway.',
  endOnSucceed: '`end` has no effect on a succeed step: it ends its scope (its branch, iteration or the execution) anyway.',
  endFalse: '`end: false` is the default; it can be removed.',
});

export const REACHABILITY_CODES = ['unreachable-step', 'end-has-no-effect'] as const;

export const checkReachability: Check = {
  name: 'unreachable-step',
  parts: {
    inside(ctx, top) {
      const step = ctx.parsed.flow.body.steps[top];
      for (const scope of scopesUnder(step)) reportUnreachable(ctx, { entries: entriesOf(scope) });
      for (const s of stepsUnder(step)) reportEnd(ctx, s);
    },
    top(ctx, seq) {
      reportUnreachable(ctx, seq as TopSequence<StepEntry>);
    },
  },
};

function reportEnd(ctx: CheckContext, step: Step): void {
  if (!step.end) return;
  if (step.type === 'succeed' || step.type === 'fail') {
    report(ctx, {
      code: 'end-has-no-effect',
      severity: 'warning',
      text: step.type === 'fail' ? messages.endOnFail : messages.endOnSucceed,
      span: step.end.span,
      data: { remove: 'end' },
    });
  } else if (step.end.value === false) {
    report(ctx, { code: 'end-has-no-effect', severity: 'hint', text: messages.endFalse, span: step.end.span, data: { remove: 'end' }, unnecessary: true });
  }
}

function reportUnreachable(ctx: CheckContext, { entries: list, ds }: TopSequence<StepEntry>): void {
  if (list.length < 2) return;
  const index = firstIndex(list);
  // A walk over the sequence's entries: the next sibling unless the step stops it, and its gotos
  // (each lands on the first sibling of its name; an empty name lands nowhere).
  const reached = new Uint8Array(list.length);
  const work = new Int32Array(list.length);
  let top = 0;
  work[top++] = 0;
  reached[0] = 1;
  while (top > 0) {
    const i = work[--top];
    const step = list[i];
    if (!step.stop && i + 1 < list.length && !reached[i + 1]) {
      reached[i + 1] = 1;
      work[top++] = i + 1;
    }
    for (const g of step.gotos) {
      const j = g.goto.value === '' ? undefined : index.get(g.goto.value);
      // A goto naming no sibling may mean any step not reached (the one being renamed, and the
      // steps after it): none is reported, the unknown-goto-target error stands for them.
      if (j === undefined) return;
      if (!reached[j]) {
        reached[j] = 1;
        work[top++] = j;
      }
    }
  }
  let lastStop = 0;
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1].stop) lastStop = i - 1;
    if (reached[i]) continue;
    // Name the nearest earlier step that stops the sequence, which is why this one is skipped.
    const k = lastStop;
    const stop = list[k].stop ?? 'becauseEnd';
    const step = list[i];
    report(ctx, {
      code: 'unreachable-step',
      severity: 'warning',
      text: messages.unreachable,
      args: [step.name, list[k].name, formatMessage(messages[stop], ctx.locale)],
      span: at(step.span, ds?.[i]),
      unnecessary: true,
      data: { name: step.name },
    });
  }
}
