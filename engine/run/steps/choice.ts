/**
 * choice: conditions (evaluated on the step input, `$.x`) are tried in order; the first true one
 * runs its steps and then its goto; none true ⇒ default; no default ⇒ the choice simply ends
 * (real flows omit default although one docs page calls it required). The choice's $local is the
 * local of the branch it ran; a goto targets a sibling of the choice step. A choice's steps are not
 * a scope: a succeed among them ends the choice (its local so far) and, skipping the goto, the
 * sequence the choice is in (SEMANTICS.md "Steps").
 */
import type { ChoiceStep, Scope } from '../../../fdl/model';
import { conditionHolds } from '../data-mapping';
import { andThen } from '../maybe-async';
import type { StepRunner } from '../run-context';
import { classicPlan } from '../../../fdl/plan/classic';

export const runChoice: StepRunner<ChoiceStep> = (step, input, sr) => {
  let chosen: { scope: Scope; goto?: { value: string }; key: string } | undefined;
  for (let i = 0; i < step.choices.length && !chosen; i++) {
    const c = step.choices[i];
    if (c.condition && conditionHolds(c.condition.value, input)) chosen = { scope: c.scope, goto: c.goto, key: `/c${i}` };
  }
  if (!chosen && step.default) chosen = { scope: step.default.scope, goto: step.default.goto, key: '/default' };
  if (!chosen) return { local: {} };
  const goto = chosen.goto?.value;
  // A branch with no steps of its own (only a goto) ends at once, without a nested sequence.
  if (chosen.scope.steps.length === 0) return { local: {}, goto };
  return andThen(sr.runSequence(classicPlan(chosen.scope), input, `${sr.attemptKey}${chosen.key}`, sr.signal, sr.startedEventId), (end) =>
    end.returned ? { local: end.local, returned: true } : { local: end.local, goto },
  );
};
