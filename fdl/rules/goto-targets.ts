/**
 * `unknown-goto-target`: a choice's `goto` (in a choice or the default) and a `catch[].goto` must
 * name a sibling — a step of the same sequence as the choice / the catching step (docs: "the
 * target must be parallel to the choice step"; task steps: "只能是和当前任务步骤并列的一个步骤").
 * The finding says whether the name exists elsewhere (out of scope) and suggests a near sibling.
 */
import type { Check, CheckContext } from '../check';
import { defineMessages, message } from '../messages';
import type { Located, Scope, Step } from '../model';
import { closestMatch } from '../schema/did-you-mean';
import { carriesCatch } from '../step-kinds';
import { report } from './finding';

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
  run(ctx) {
    const { steps } = ctx.parsed;
    const byName = new Map<string, Step>();
    for (const s of steps) if (s.name && !byName.has(s.name)) byName.set(s.name, s);
    const siblingNames = new Map<Scope, Set<string>>();
    const namesOf = (scope: Scope) => {
      let names = siblingNames.get(scope);
      if (!names) siblingNames.set(scope, (names = new Set(scope.steps.map((s) => s.name).filter((n) => n !== ''))));
      return names;
    };
    for (const step of steps) {
      const gotos: Located<string>[] = [];
      if (step.type === 'choice') {
        for (const c of step.choices) if (c.goto) gotos.push(c.goto);
        if (step.default?.goto) gotos.push(step.default.goto);
      }
      if (carriesCatch(step)) {
        for (const c of step.catch) if (c.goto) gotos.push(c.goto);
      }
      for (const g of gotos) checkOne(ctx, step, g, namesOf(step.scope), byName);
    }
  },
};

/** Beyond this many siblings a did-you-mean costs more than it helps on every keystroke. */
const MAX_SUGGESTION_CANDIDATES = 500;

function checkOne(ctx: CheckContext, from: Step, goto: Located<string>, siblings: Set<string>, byName: Map<string, Step>): void {
  const target = goto.value;
  if (siblings.has(target)) return;
  const owner = from.scope.owner;
  const scopeHint = owner ? owner.name : '';
  const where = owner ? message(messages.inScope, owner.name) : message(messages.topLevel);
  const suggestion = siblings.size <= MAX_SUGGESTION_CANDIDATES ? closestMatch(target, [...siblings]) : undefined;
  const elsewhere = byName.get(target);
  // What a "create step" quick fix needs: the sequence and the step to insert after.
  const last = from.scope.steps[from.scope.steps.length - 1];
  const data: Record<string, unknown> = {
    target,
    scopeHint,
    insertAfter: last.name,
    insertAfterSpan: last.span,
    ...(suggestion ? { replacement: suggestion } : {}),
  };
  if (elsewhere) {
    report(ctx, {
      code: 'unknown-goto-target',
      severity: 'error',
      text: messages.outOfScope,
      args: [target, from.name, where],
      span: goto.span,
      data: { ...data, outOfScope: true },
    });
    return;
  }
  const tail = suggestion ? message(messages.didYouMean, suggestion) : message(messages.create);
  report(ctx, { code: 'unknown-goto-target', severity: 'error', text: messages.missing, args: [target, where, tail], span: goto.span, data });
}
