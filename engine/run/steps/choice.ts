/**
 * choice: conditions (evaluated on the step input, `$.x`) are tried in order; the first true one
 * runs its steps and then its goto; none true ⇒ default; no default ⇒ the choice simply ends
 * (real flows omit default although one docs page calls it required). The choice's $local is the
 * local of the branch it ran; a goto targets a sibling of the choice step. A choice's steps are not
 * a scope: a succeed among them ends the choice (its local so far) and, skipping the goto, the
 * sequence the choice is in (SEMANTICS.md "Steps").
 */
import type { ChoiceStep, Scope } from '../../../fdl/model';
import { conditionHolds, EMPTY_DATA } from '../data-mapping';
import type { JsonObject } from '../../history/events';
import type { StepOutcome, StepRunner } from '../run-context';
import { classicPlan } from '../../../fdl/plan/classic';

/** A choice that ran no steps: its local is empty (shared, as a pass's: steps/pass.ts). */
const NOTHING_CHOSEN: StepOutcome = Object.freeze({ local: EMPTY_DATA });

export const runChoice: StepRunner<ChoiceStep> = (step, input, sr) => {
  let scope: Scope | undefined;
  let goto: string | undefined;
  let key = '/default';
  for (let i = 0; i < step.choices.length; i++) {
    const c = step.choices[i];
    if (c.condition && conditionHolds(c.condition.value, input)) {
      scope = c.scope;
      goto = c.goto?.value;
      key = `/c${i}`;
      break;
    }
  }
  if (!scope && step.default) {
    scope = step.default.scope;
    goto = step.default.goto?.value;
  }
  if (!scope) return NOTHING_CHOSEN;
  // A branch with no steps of its own (only a goto) ends at once, without a nested sequence.
  if (scope.steps.length === 0) return goto === undefined ? NOTHING_CHOSEN : { local: EMPTY_DATA, goto };
  const end = sr.runSequence(classicPlan(scope), input, `${sr.attemptKey}${key}`, sr.signal, sr.startedEventId);
  return end instanceof Promise ? end.then((e) => chosenEnd(e, goto)) : chosenEnd(end, goto);
};

/** The branch's end: its local, and its goto unless a succeed in it returned. */
function chosenEnd(end: { local: JsonObject; returned: boolean }, goto: string | undefined): StepOutcome {
  return end.returned ? { local: end.local, returned: true } : { local: end.local, goto };
}
