/**
 * The path of the step or state under the cursor, as the engine's step runner addresses it
 * (engine/step-test.ts `locateStep`): names from the top down joined by `/`, with the index of
 * the nested sequence after a step that holds some (a parallel's branch, a classic choice's
 * branch or `default`, a foreach body or Map processor: `0`). For Run Step Alone at the cursor.
 */
import type { Step } from '../model';
import type { ParsedFlow } from '../parsed-flow';
import { stateMachineOf, type SmStateModel } from '../cloudflow/statemachine-model';
import { labelledChildScopes } from '../step-kinds';
import { stepAt } from './steps';

export function stepPathAt(parsed: ParsedFlow, offset: number): string | undefined {
  if (parsed.dialect === 'statemachine') {
    let best: SmStateModel | undefined;
    for (const s of stateMachineOf(parsed).states) {
      if (s.name && s.span.start <= offset && offset <= s.span.end && (!best || s.span.start >= best.span.start)) best = s;
    }
    return best && smPath(best);
  }
  if (parsed.dialect !== 'classic') return undefined;
  const step = stepAt(parsed, offset);
  return step && classicPath(step);
}

function smPath(state: SmStateModel): string {
  const scope = state.scope;
  if (scope.kind === 'flow' || !scope.owner) return state.name;
  const label = scope.kind === 'processor' ? '0' : String(scope.index ?? 0);
  return `${smPath(scope.owner)}/${label}/${state.name}`;
}

function classicPath(step: Step): string {
  const owner = step.scope.owner;
  if (!owner) return step.name;
  const here = labelledChildScopes(owner).find((c) => c.scope === step.scope);
  const label = here?.role === 'default' ? 'default' : String(here?.index ?? 0);
  return `${classicPath(owner)}/${label}/${step.name}`;
}
