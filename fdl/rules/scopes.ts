/** Every sequence of a flow (goto and reachability work per sequence); a step's own are in step-kinds.ts. */
import type { Flow, Scope, Step } from '../model';
import { childScopes } from '../step-kinds';

/** Every sequence in document order: the flow body first, then each step's nested sequences. */
export function allScopes(flow: Flow, steps: readonly Step[]): Scope[] {
  const out: Scope[] = [flow.body];
  for (const s of steps) out.push(...childScopes(s));
  return out;
}
