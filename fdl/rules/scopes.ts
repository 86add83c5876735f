/** The nested sequences of a step, and every sequence of a flow (goto and reachability work per sequence). */
import type { Flow, Scope, Step } from '../model';

export function childScopes(step: Step): Scope[] {
  switch (step.type) {
    case 'choice':
      return [...step.choices.map((c) => c.scope), ...(step.default ? [step.default.scope] : [])];
    case 'parallel':
      return step.branches.map((b) => b.scope);
    case 'foreach':
      return [step.body];
    default:
      return [];
  }
}

/** Every sequence in document order: the flow body first, then each step's nested sequences. */
export function allScopes(flow: Flow, steps: readonly Step[]): Scope[] {
  const out: Scope[] = [flow.body];
  for (const s of steps) out.push(...childScopes(s));
  return out;
}
