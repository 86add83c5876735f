/**
 * Classic FDL compiled to the plan: each `steps` sequence is a scope whose states fall through to
 * the next, `end: true` ends it, and a goto (choice, catch) is looked up by name at run time.
 * Compiled on first use and kept per sequence, so nested sequences (choice bodies, branches,
 * foreach bodies) cost nothing until an execution reaches them.
 */
import type { Scope, Step, StepType } from '../model';
import { nameIndex, type PlanScope, type PlanState, type StateKind } from './plan';

const KIND: Record<StepType, StateKind> = {
  task: 'task',
  pass: 'pass',
  wait: 'wait',
  choice: 'choice',
  parallel: 'parallel',
  foreach: 'map',
  succeed: 'succeed',
  fail: 'fail',
};

const compiled = new WeakMap<Scope, PlanScope<Step>>();

export function classicPlan(scope: Scope): PlanScope<Step> {
  let plan = compiled.get(scope);
  if (!plan) {
    const n = scope.steps.length;
    const states: PlanState<Step>[] = scope.steps.map((step, i) => ({
      name: step.name,
      kind: KIND[step.type],
      index: i,
      next: step.end?.value === true || i + 1 >= n ? undefined : i + 1,
      model: step,
    }));
    plan = { dialect: 'classic', states, start: n > 0 ? 0 : undefined, byName: nameIndex(states) };
    compiled.set(scope, plan);
  }
  return plan;
}
