/**
 * What each step kind holds, declared once: the sequences nested in a choice, a parallel and a
 * foreach, and whether it carries `retry` and `catch` policies. The rules, the editor features,
 * the flow conversion, the graph and the engine's debugger, coverage and Run Step Alone read them
 * here; a new kind must get an entry (the mapped type makes the compiler ask for it).
 * The kinds themselves are `STEP_TYPES` in model.ts.
 */
import type { Catch, Located, Retry, Scope, Span, Step, StepType } from './model';

/** What a nested sequence is to its step: a choice's branch or default, a parallel's branch, a foreach's body. */
export type ScopeRole = 'choice' | 'default' | 'branch' | 'body';

/** A nested sequence with the name an outline shows for it, and what it is to its step. */
export interface LabelledScope {
  label: string;
  scope: Scope;
  role: ScopeRole;
  /** Its place among its step's sequences of the same role (0 for a default or a body). */
  index: number;
  /** Where it is written: the choice branch, the default, the parallel branch, the foreach body. */
  span: Span;
  /** A choice branch's condition. */
  condition?: Located<string>;
}

/** A step that carries `retry` and `catch` policies (a task, a parallel, a foreach). */
export type CatchingStep = Extract<Step, { retry: Retry[]; catch: Catch[] }>;

export interface StepKind<S extends Step> {
  /** The sequences the step holds, in document order; absent for a kind that holds none. */
  childScopes?: (step: S) => LabelledScope[];
  /** Whether the kind carries `retry` and `catch`; the type holds it to the model's interfaces. */
  catches: S extends CatchingStep ? true : false;
}

export const STEP_KINDS: { readonly [K in StepType]: StepKind<Extract<Step, { type: K }>> } = {
  task: { catches: true },
  pass: { catches: false },
  wait: { catches: false },
  choice: {
    catches: false,
    childScopes: (step) => [
      ...step.choices.map((c, i): LabelledScope => ({
        label: c.condition?.value ?? `choice ${i + 1}`,
        scope: c.scope,
        role: 'choice',
        index: i,
        span: c.span,
        condition: c.condition,
      })),
      ...(step.default ? [{ label: 'default', scope: step.default.scope, role: 'default' as const, index: 0, span: step.default.span }] : []),
    ],
  },
  parallel: {
    catches: true,
    childScopes: (step) => step.branches.map((b, i) => ({ label: `branch ${i + 1}`, scope: b.scope, role: 'branch', index: i, span: b.span })),
  },
  foreach: { catches: true, childScopes: (step) => [{ label: 'steps', scope: step.body, role: 'body', index: 0, span: step.body.span ?? step.span }] },
  succeed: { catches: false },
  fail: { catches: false },
};

/** The scopes nested directly under a step, labelled: choice branches and default, parallel branches, a foreach body. */
export function labelledChildScopes(step: Step): LabelledScope[] {
  const of = STEP_KINDS[step.type].childScopes as ((s: Step) => LabelledScope[]) | undefined;
  return of ? of(step) : [];
}

/** The scopes nested directly under a step, in document order. */
export function childScopes(step: Step): Scope[] {
  return labelledChildScopes(step).map((c) => c.scope);
}

/** Whether a step carries `retry` and `catch` policies (and so can jump by a catch `goto`). */
export function carriesCatch(step: Step): step is CatchingStep {
  return STEP_KINDS[step.type].catches;
}
