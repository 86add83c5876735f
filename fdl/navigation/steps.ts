/** Finding steps in a parsed flow by position and by name. Pure; indexes are cached per parse. */
import type { Scope, Step } from '../model';

interface StepHolder {
  steps: Step[];
}

const byStart = new WeakMap<StepHolder, Map<number, Step>>();

/** The step whose mapping starts at `offset` (its first key), e.g. a frame found by cursorContext. */
export function stepStartingAt(parsed: StepHolder, offset: number): Step | undefined {
  let index = byStart.get(parsed);
  if (!index) {
    index = new Map(parsed.steps.map((s) => [s.span.start, s]));
    byStart.set(parsed, index);
  }
  return index.get(offset);
}

/** The innermost step whose mapping contains `offset` (end inclusive, so a cursor after the last key counts). */
export function stepAt(parsed: StepHolder, offset: number): Step | undefined {
  let best: Step | undefined;
  for (const s of parsed.steps) {
    if (s.span.start <= offset && offset <= s.span.end && (!best || s.span.start >= best.span.start)) best = s;
  }
  return best;
}

/** The step whose `name` value is at `offset`. */
export function stepNameAt(parsed: StepHolder, offset: number): Step | undefined {
  return parsed.steps.find((s) => s.name && s.nameSpan.start <= offset && offset <= s.nameSpan.end);
}

/** The first step called `name` directly in `scope` (names are unique among siblings; the first wins if not). */
export function stepInScope(scope: Scope, name: string): Step | undefined {
  return scope.steps.find((s) => s.name === name);
}
