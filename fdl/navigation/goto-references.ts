/**
 * Every place a step is named as a jump target: a choice branch's `goto`, the choice's
 * `default.goto`, and a `catch` entry's `goto`. A target is resolved in the scope of the step
 * that holds the goto (the docs: a goto names a step of the same sequence as the choice or the
 * failing task), never in nested or enclosing sequences.
 */
import type { Located, Scope, Span, Step } from '../model';
import { carriesCatch } from '../step-kinds';
import { stepInScope } from './steps';

export type GotoKind = 'choice' | 'default' | 'catch';

export interface GotoReference {
  name: string;
  span: Span;
  kind: GotoKind;
  /** The step holding the goto (a choice, or a step with catch). */
  from: Step;
  /** Where the target must be. */
  scope: Scope;
  /** The step it names, if it exists in `scope`. */
  target?: Step;
}

interface ParsedSteps {
  steps: Step[];
}

const cache = new WeakMap<ParsedSteps, GotoReference[]>();

export function gotoReferences(parsed: ParsedSteps): GotoReference[] {
  const hit = cache.get(parsed);
  if (hit) return hit;
  const out: GotoReference[] = [];
  const add = (goto: Located<string> | undefined, kind: GotoKind, from: Step) => {
    if (!goto) return;
    out.push({ name: goto.value, span: goto.span, kind, from, scope: from.scope, target: stepInScope(from.scope, goto.value) });
  };
  for (const step of parsed.steps) {
    if (step.type === 'choice') {
      for (const c of step.choices) add(c.goto, 'choice', step);
      add(step.default?.goto, 'default', step);
    }
    if (carriesCatch(step)) {
      for (const c of step.catch) add(c.goto, 'catch', step);
    }
  }
  cache.set(parsed, out);
  return out;
}

/** The goto written at `offset`, if any. */
export function gotoReferenceAt(parsed: ParsedSteps, offset: number): GotoReference | undefined {
  return gotoReferences(parsed).find((r) => r.span.start <= offset && offset <= r.span.end);
}

/** Every goto that jumps to `target`. */
export function referencesTo(parsed: ParsedSteps, target: Step): GotoReference[] {
  return gotoReferences(parsed).filter((r) => r.target === target);
}

/** The steps a goto written in `from` may name: its siblings, except itself. */
export function gotoCandidates(from: Step): Step[] {
  return from.scope.steps.filter((s) => s !== from && s.name);
}

/** The step a position designates for navigation: its name, or a goto naming it. */
export function stepReferencedAt(parsed: ParsedSteps, offset: number): Step | undefined {
  const named = parsed.steps.find((s) => s.name && s.nameSpan.start <= offset && offset <= s.nameSpan.end);
  return named ?? gotoReferenceAt(parsed, offset)?.target;
}
