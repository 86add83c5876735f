/**
 * `unreachable-step` (warning, faded): steps of a sequence that control can never reach.
 *
 * Within one sequence control enters at the first step and moves on to the next one unless the
 * step stops it: `end: true` (docs: "whether to continue with the steps after it"), `succeed`,
 * `fail`, or a choice whose every branch — including a default, which must exist — ends in a
 * `goto`. Jumps come from a choice's gotos and from `catch[].goto`, and always land on siblings,
 * so reachability is a walk over one sequence at a time (linear in the number of steps).
 *
 * `end-has-no-effect`: `end` on `succeed`/`fail` (a succeed ends its scope and a fail the whole
 * execution anyway; the docs list `end` only for steps that can continue) is a warning; `end:
 * false` is the default and is only a faded hint.
 */
import type { Check } from '../check';
import { defineMessages, formatMessage } from '../messages';
import type { Scope, Step } from '../model';
import { carriesCatch } from '../step-kinds';
import { report } from './finding';
import { allScopes } from './scopes';

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

type Stop = 'becauseEnd' | 'becauseSucceed' | 'becauseFail' | 'becauseGoto';

/** Why control does not fall through to the next sibling, if it does not. */
function stopsSequence(step: Step): Stop | undefined {
  if (step.type === 'succeed') return 'becauseSucceed';
  if (step.type === 'fail') return 'becauseFail';
  if (step.end?.value === true) return 'becauseEnd';
  if (step.type === 'choice' && step.default?.goto && step.choices.length > 0 && step.choices.every((c) => c.goto)) return 'becauseGoto';
  return undefined;
}

function jumpTargets(step: Step): string[] {
  const out: string[] = [];
  if (step.type === 'choice') {
    for (const c of step.choices) if (c.goto) out.push(c.goto.value);
    if (step.default?.goto) out.push(step.default.goto.value);
  }
  if (carriesCatch(step)) for (const c of step.catch) if (c.goto) out.push(c.goto.value);
  return out;
}

export const REACHABILITY_CODES = ['unreachable-step', 'end-has-no-effect'] as const;

export const checkReachability: Check = {
  name: 'unreachable-step',
  run(ctx) {
    const { flow, steps } = ctx.parsed;
    for (const scope of allScopes(flow, steps)) reportUnreachable(ctx, scope);
    for (const step of steps) {
      if (!step.end) continue;
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
  },
};

function reportUnreachable(ctx: Parameters<Check['run']>[0], scope: Scope): void {
  const list = scope.steps;
  if (list.length < 2) return;
  const index = new Map<string, number>();
  list.forEach((s, i) => {
    if (s.name && !index.has(s.name)) index.set(s.name, i);
  });
  const reached = new Array<boolean>(list.length).fill(false);
  const work = [0];
  reached[0] = true;
  while (work.length) {
    const i = work.pop()!;
    const step = list[i];
    const next: number[] = [];
    if (!stopsSequence(step) && i + 1 < list.length) next.push(i + 1);
    for (const t of jumpTargets(step)) {
      const j = index.get(t);
      if (j !== undefined) next.push(j);
    }
    for (const j of next) {
      if (!reached[j]) {
        reached[j] = true;
        work.push(j);
      }
    }
  }
  let lastStop = 0;
  for (let i = 1; i < list.length; i++) {
    if (stopsSequence(list[i - 1])) lastStop = i - 1;
    if (reached[i]) continue;
    // Name the nearest earlier step that stops the sequence, which is why this one is skipped.
    const k = lastStop;
    const stop = stopsSequence(list[k]) ?? 'becauseEnd';
    const step = list[i];
    report(ctx, {
      code: 'unreachable-step',
      severity: 'warning',
      text: messages.unreachable,
      args: [step.name, list[k].name, formatMessage(messages[stop], ctx.locale)],
      span: step.span,
      unnecessary: true,
      data: { name: step.name },
    });
  }
}
