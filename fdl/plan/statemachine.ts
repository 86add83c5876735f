/**
 * A StateMachine definition (`Type: StateMachine`) compiled to the plan: each scope (the flow, a
 * Parallel branch, a Map processor) starts at its `StartAt` and follows `Next`; `End` ends the
 * scope it is in, not the flow. Choice branches, Default and Catch name their targets, looked up
 * in the scope at run time. Retry and Catch rules come out in the classic model's shape so that
 * one retry/catch implementation serves both dialects. Compiled from the document's plain value
 * (ParsedFlow.value) once the analysis found no error; spans are not needed to run.
 */
import type { Retry } from '../model';
import type { Span } from '../span';
import { nameIndex, type PlanScope, type PlanState, type StateKind } from './plan';

export interface SmCatchRule {
  errors: { value: string; span: Span }[];
  goto?: { value: string; span: Span };
  outputConstructor?: unknown;
  span: Span;
}

export interface SmChoiceBranch {
  condition: string;
  next: string;
}

/** One StateMachine state as the engine runs it: what it wrote, plus its rules and nested scopes lifted. */
export interface SmPlanModel {
  name: string;
  type: string;
  /** The state's mapping as written (Parameters, InputConstructor, Seconds, ...). */
  def: Readonly<Record<string, unknown>>;
  retry: Retry[];
  catch: SmCatchRule[];
  choices: SmChoiceBranch[];
  default?: string;
  branches: PlanScope<SmPlanModel>[];
  processor?: PlanScope<SmPlanModel>;
}

const KIND: Record<string, StateKind> = {
  Task: 'task',
  Pass: 'pass',
  Wait: 'wait',
  Choice: 'choice',
  Parallel: 'parallel',
  Map: 'map',
  Succeed: 'succeed',
  Fail: 'fail',
};

const NO_SPAN: Span = { start: 0, end: 0 };

/** The flow's top scope. A document that is not a StateMachine mapping compiles to an empty scope. */
export function stateMachinePlan(value: unknown): PlanScope<SmPlanModel> {
  return compileScope(isObject(value) ? value : {});
}

function compileScope(scope: Record<string, unknown>): PlanScope<SmPlanModel> {
  const list = Array.isArray(scope.States) ? scope.States.filter(isObject) : [];
  const byName = nameIndex(list.map((s) => ({ name: text(s.Name) ?? '' })));
  const states: PlanState<SmPlanModel>[] = list.map((def, index) => {
    const type = text(def.Type) ?? '';
    const next = def.End === true ? undefined : byName.get(text(def.Next) ?? '');
    return { name: text(def.Name) ?? '', kind: KIND[type] ?? 'pass', index, next, model: compileState(def, type) };
  });
  const start = byName.get(text(scope.StartAt) ?? '');
  return { dialect: 'statemachine', states, start, byName };
}

function compileState(def: Record<string, unknown>, type: string): SmPlanModel {
  const model: SmPlanModel = { name: text(def.Name) ?? '', type, def, retry: [], catch: [], choices: [], branches: [] };
  for (const r of list(def.Retry)) {
    model.retry.push({
      errors: located(r.Errors),
      span: NO_SPAN,
      ...num('maxAttempts', r.MaxAttempts),
      ...num('intervalSeconds', r.IntervalSeconds),
      ...num('multiplier', r.BackoffRate),
      ...num('maxIntervalSeconds', r.MaxBackoffSeconds),
    });
  }
  for (const c of list(def.Catch)) {
    const next = text(c.Next);
    model.catch.push({
      errors: located(c.Errors),
      span: NO_SPAN,
      ...(next !== undefined ? { goto: { value: next, span: NO_SPAN } } : {}),
      ...('OutputConstructor' in c ? { outputConstructor: c.OutputConstructor } : {}),
    });
  }
  if (type === 'Choice') {
    for (const b of list(def.Branches)) model.choices.push({ condition: text(b.Condition) ?? '', next: text(b.Next) ?? '' });
    model.default = text(def.Default);
  } else if (type === 'Parallel') {
    model.branches = list(def.Branches).map(compileScope);
  } else if (type === 'Map' && isObject(def.Processor)) {
    model.processor = compileScope(def.Processor);
  }
  return model;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function located(v: unknown): { value: string; span: Span }[] {
  return (Array.isArray(v) ? v : []).filter((e): e is string => typeof e === 'string').map((value) => ({ value, span: NO_SPAN }));
}

function num<K extends string>(key: K, v: unknown): Partial<Record<K, number>> {
  return typeof v === 'number' && Number.isFinite(v) ? ({ [key]: v } as Record<K, number>) : {};
}
