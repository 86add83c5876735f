/**
 * Coverage of a flow by a set of executions: which states, choice branches (each condition and the
 * default), catch rules and retry rules their histories took, and which none did. The targets come
 * from the flow's plan (fdl/plan, the structure the engine runs), with their place in the text for
 * the editor and the CLI; each history is folded into visits (visit-tree.ts) and walked against
 * the plan scope by scope (a parallel's branch i, a foreach or Map's processor, a classic choice's
 * chosen steps). docs/coverage.md describes the result and the readings below.
 *
 * Which branch a choice took is not written in the history: a classic choice's conditions are
 * evaluated again over the input its started event recorded (the engine's own evaluation, so the
 * same answer); a StateMachine Choice is known by the state that came next, and only when two
 * branches (or a branch and the Default) lead to that state are their conditions evaluated again
 * (with `$Context.Execution.Input`; the execution's name is not in the history). A catch rule is
 * taken when a failed visit went on, and the rule is the first whose errors match (as the engine
 * chooses it); a retry rule when an attempt failed and another followed (task attempts, or a
 * parallel or foreach whose branches ran again), attributed to the first rule matching the error.
 */
import type { HistoryEvent } from '../backend';
import type { Retry, Span, Step } from '../../fdl/model';
import type { ParsedFlow } from '../../fdl/parse';
import { classicPlan } from '../../fdl/plan/classic';
import { labelledChildScopes } from '../../fdl/step-kinds';
import type { PlanScope, PlanState } from '../../fdl/plan/plan';
import { stateMachinePlan, type SmPlanModel } from '../../fdl/plan/statemachine';
import { stateMachineOf, type SmScopeModel, type SmStateModel } from '../../fdl/cloudflow/statemachine-model';
import { isSeqNode, mapValue, nodeSpan, type YNode } from '../../fdl/yaml/tree';
import { conditionHolds, isJsonObject } from '../run/data-mapping';
import { evaluate } from '../run/dialects/sm-data';
import { errorMatches } from '../errors';
import { foldVisits, type ScopeRun, type StateVisit } from './visit-tree';

export type CoverageKind = 'state' | 'branch' | 'default' | 'catch' | 'retry';

export interface CoverageTarget {
  /** Stable within a flow: the state's scope path and name (`$/fanout/b0/ok`), then `:branch0`, `:default`, `:catch1`, `:retry0`. */
  id: string;
  kind: CoverageKind;
  /** The state it belongs to (the choice, the state with the rule). */
  state: string;
  /** The scope path of that state: `$` at the top, `$/fanout/b0` in a parallel's first branch, `$/loop/i` in a foreach or Map. */
  scope: string;
  /** The branch, catch or retry rule's index in the state. */
  index?: number;
  /** A branch's condition; a catch or retry rule's errors, comma-separated. */
  label: string;
  /** Where it is written (character offsets): a state's name, a condition, a default, a rule. */
  span: Span;
  /** The whole text of the state it belongs to (for a declaration's range in VS Code's coverage view). */
  stateSpan: Span;
  /** 1-based line and column of `span.start`. */
  line: number;
  column: number;
  /** How many times the executions took it. */
  hits: number;
}

export interface Tally {
  covered: number;
  total: number;
}

export interface CoverageSummary {
  states: Tally;
  /** Choice conditions and defaults. */
  branches: Tally;
  catches: Tally;
  retries: Tally;
}

export interface FlowCoverage {
  dialect: 'classic' | 'statemachine';
  /** Histories folded in. */
  executions: number;
  targets: CoverageTarget[];
  summary: CoverageSummary;
}

/** The coverage of `parsed` by these executions' histories (service-shaped events, local or cloud). */
export function flowCoverage(parsed: ParsedFlow, histories: readonly (readonly HistoryEvent[])[]): FlowCoverage {
  const statemachine = parsed.dialect === 'statemachine';
  const plan: PlanScope = statemachine ? stateMachinePlan(parsed.value) : classicPlan(parsed.flow.body);
  const targets = new Map<string, CoverageTarget>();
  const add = (t: Omit<CoverageTarget, 'hits' | 'line' | 'column'>) => {
    if (targets.has(t.id)) return;
    const at = parsed.lines.positionAt(t.span.start);
    targets.set(t.id, { ...t, line: at.line + 1, column: at.character + 1, hits: 0 });
  };
  const sm = statemachine ? stateMachineOf(parsed).root : undefined;
  listTargets(plan, '$', sm, add);
  for (const history of histories) {
    const tree = foldVisits(history);
    walkRun(plan, '$', sm, tree.top.visits, { targets, executionInput: tree.input });
  }
  const list = [...targets.values()];
  const tally = (kinds: CoverageKind[]): Tally => {
    const of = list.filter((t) => kinds.includes(t.kind));
    return { covered: of.filter((t) => t.hits > 0).length, total: of.length };
  };
  return {
    dialect: statemachine ? 'statemachine' : 'classic',
    executions: histories.length,
    targets: list,
    summary: { states: tally(['state']), branches: tally(['branch', 'default']), catches: tally(['catch']), retries: tally(['retry']) },
  };
}

/** What a state holds that coverage counts, in either dialect, with where each is written. */
interface StateParts {
  nameSpan: Span;
  /** The state's whole text. */
  span: Span;
  choices: { label: string; span: Span; body?: PlanScope; sm?: undefined; next?: string }[];
  default?: { span: Span; body?: PlanScope; next?: string };
  catches: { errors: string[]; span: Span }[];
  retries: { errors: string[]; span: Span }[];
  /** A parallel's branches, each with its StateMachine model for spans. */
  branches: { plan: PlanScope; sm?: SmScopeModel }[];
  processor?: { plan: PlanScope; sm?: SmScopeModel };
}

function partsOf(state: PlanState, sm: SmScopeModel | undefined): StateParts {
  if (sm === undefined) return classicParts(state.model as Step);
  return smParts(state.model as SmPlanModel, sm.states[state.index]);
}

const errorsOf = (r: { errors: { value: string }[] }) => r.errors.map((e) => e.value);

function classicParts(step: Step): StateParts {
  const parts: StateParts = { nameSpan: step.nameSpan, span: step.span, choices: [], catches: [], retries: [], branches: [] };
  if ('catch' in step) parts.catches = step.catch.map((c) => ({ errors: errorsOf(c), span: c.span }));
  if ('retry' in step) parts.retries = step.retry.map((r: Retry) => ({ errors: errorsOf(r), span: r.span }));
  for (const c of labelledChildScopes(step)) {
    const body = classicPlan(c.scope);
    switch (c.role) {
      case 'choice':
        parts.choices.push({ label: c.condition?.value ?? '', span: c.condition?.span ?? c.span, body });
        break;
      case 'default':
        parts.default = { span: c.span, body };
        break;
      case 'branch':
        parts.branches.push({ plan: body });
        break;
      case 'body':
        parts.processor = { plan: body };
        break;
      default:
        // A new role must say what coverage counts in it.
        c.role satisfies never;
    }
  }
  return parts;
}

function smParts(m: SmPlanModel, written: SmStateModel | undefined): StateParts {
  const node = written?.node;
  const fallback = written?.nameSpan ?? { start: 0, end: 0 };
  const item = (key: string, i: number, inner?: string): Span => {
    const list = mapValue(node, key);
    const n: YNode | null | undefined = isSeqNode(list) ? list.items[i] : undefined;
    return n ? nodeSpan(inner ? (mapValue(n, inner) ?? n) : n) : fallback;
  };
  const children = written?.children ?? [];
  const parts: StateParts = {
    nameSpan: fallback,
    span: written?.span ?? fallback,
    choices: m.choices.map((c, i) => ({ label: c.condition, span: item('Branches', i, 'Condition'), next: c.next })),
    catches: m.catch.map((c, i) => ({ errors: errorsOf(c), span: item('Catch', i) })),
    retries: m.retry.map((r, i) => ({ errors: errorsOf(r), span: item('Retry', i) })),
    branches: m.branches.map((plan, i) => ({ plan, sm: children.find((c) => c.kind === 'branch' && c.index === i) })),
  };
  if (m.default !== undefined) parts.default = { span: mapValue(node, 'Default') ? nodeSpan(mapValue(node, 'Default')) : fallback, next: m.default };
  if (m.processor) parts.processor = { plan: m.processor, sm: children.find((c) => c.kind === 'processor') };
  return parts;
}

type AddTarget = (t: Omit<CoverageTarget, 'hits' | 'line' | 'column'>) => void;

function listTargets(scope: PlanScope, key: string, sm: SmScopeModel | undefined, add: AddTarget): void {
  for (const state of scope.states) {
    const parts = partsOf(state, sm);
    const id = `${key}/${state.name}`;
    const base = { state: state.name, scope: key, stateSpan: parts.span };
    add({ ...base, id, kind: 'state', label: '', span: parts.nameSpan });
    parts.choices.forEach((c, i) => {
      add({ ...base, id: `${id}:branch${i}`, kind: 'branch', index: i, label: c.label, span: c.span });
      if (c.body) listTargets(c.body, `${id}/c${i}`, undefined, add);
    });
    if (parts.default) {
      add({ ...base, id: `${id}:default`, kind: 'default', label: '', span: parts.default.span });
      if (parts.default.body) listTargets(parts.default.body, `${id}/default`, undefined, add);
    }
    parts.catches.forEach((c, i) => add({ ...base, id: `${id}:catch${i}`, kind: 'catch', index: i, label: c.errors.join(', '), span: c.span }));
    parts.retries.forEach((r, i) => add({ ...base, id: `${id}:retry${i}`, kind: 'retry', index: i, label: r.errors.join(', '), span: r.span }));
    parts.branches.forEach((b, i) => listTargets(b.plan, `${id}/b${i}`, b.sm, add));
    if (parts.processor) listTargets(parts.processor.plan, `${id}/i`, parts.processor.sm, add);
  }
}

interface Walk {
  targets: Map<string, CoverageTarget>;
  executionInput: unknown;
}

function hit(w: Walk, id: string): void {
  const t = w.targets.get(id);
  if (t) t.hits++;
}

function walkRun(scope: PlanScope, key: string, sm: SmScopeModel | undefined, visits: readonly StateVisit[], w: Walk): void {
  for (const visit of visits) {
    const index = scope.byName.get(visit.name);
    if (index === undefined) continue;
    const state = scope.states[index];
    const parts = partsOf(state, sm);
    const id = `${key}/${state.name}`;
    hit(w, id);
    if (state.kind === 'choice') {
      const chosen = sm === undefined ? classicChoice(visit, parts) : smChoice(visit, parts, state.model as SmPlanModel, w);
      if (chosen !== undefined) {
        hit(w, chosen === 'default' ? `${id}:default` : `${id}:branch${chosen}`);
        const body = chosen === 'default' ? parts.default?.body : parts.choices[chosen].body;
        const ran = visit.scopes.find((s) => s.kind === 'body');
        if (body && ran) walkRun(body, `${id}/${chosen === 'default' ? 'default' : `c${chosen}`}`, undefined, ran.visits, w);
      }
    }
    if (visit.caught && visit.error !== undefined) {
      const rule = parts.catches.findIndex((c) => errorMatches(c.errors, visit.error!));
      if (rule >= 0) hit(w, `${id}:catch${rule}`);
    }
    for (const error of retriedErrors(visit)) {
      const rule = parts.retries.findIndex((r) => errorMatches(r.errors, error));
      if (rule >= 0) hit(w, `${id}:retry${rule}`);
    }
    for (const ran of visit.scopes) {
      if (ran.kind === 'branch' && parts.branches[ran.index]) walkRun(parts.branches[ran.index].plan, `${id}/b${ran.index}`, parts.branches[ran.index].sm, ran.visits, w);
      else if (ran.kind === 'iteration' && parts.processor) walkRun(parts.processor.plan, `${id}/i`, parts.processor.sm, ran.visits, w);
    }
  }
}

/** A classic choice's branch, from its conditions over the input it recorded (runChoice's order). */
function classicChoice(visit: StateVisit, parts: StateParts): number | 'default' | undefined {
  if (visit.startedId === undefined || !isJsonObject(visit.input)) return undefined;
  for (let i = 0; i < parts.choices.length; i++) {
    try {
      if (parts.choices[i].label && conditionHolds(parts.choices[i].label, visit.input)) return i;
    } catch {
      // A condition the engine could not evaluate did not choose its branch.
    }
  }
  return parts.default ? 'default' : undefined;
}

/** A StateMachine Choice's branch: by the state that came next; conditions only to tell apart branches that lead there alike. */
function smChoice(visit: StateVisit, parts: StateParts, m: SmPlanModel, w: Walk): number | 'default' | undefined {
  const target = visit.next?.name;
  if (target === undefined || visit.status !== 'succeeded') return undefined;
  const candidates = parts.choices.flatMap((c, i) => (c.next === target ? [i] : []));
  const viaDefault = parts.default?.next === target;
  if (candidates.length === 1 && !viaDefault) return candidates[0];
  if (candidates.length === 0) return viaDefault ? 'default' : undefined;
  const context = { Execution: { Name: '', Input: w.executionInput, RoleArn: '' }, Current: { Name: m.name, Input: visit.input, TaskToken: '', RetryCount: 0 } };
  for (let i = 0; i < parts.choices.length; i++) {
    let holds: unknown;
    try {
      holds = evaluate(m.name, 'Condition', parts.choices[i].label, visit.input, () => context);
    } catch {
      holds = false;
    }
    if (holds === true) return candidates.includes(i) ? i : candidates[0];
  }
  return viaDefault ? 'default' : candidates[0];
}

/** The errors after which the visit was attempted again: failed task attempts, or scope attempts of a parallel or foreach. */
function retriedErrors(visit: StateVisit): string[] {
  const errors: string[] = [];
  const tasks = [...visit.tasks].sort((a, b) => a.attempt - b.attempt);
  for (let i = 0; i + 1 < tasks.length; i++) if (tasks[i].error !== undefined) errors.push(tasks[i].error!);
  for (let attempt = 1; attempt < visit.scopeAttempts; attempt++) {
    const failed = visit.scopes
      .filter((s: ScopeRun) => s.attempt === attempt)
      .flatMap((s) => s.visits)
      .filter((v) => v.status === 'failed' && !v.caught)
      .sort((a, b) => a.lastId - b.lastId)[0];
    if (failed?.error !== undefined) errors.push(failed.error);
  }
  return errors;
}

/** "14/17 states, 5/7 branches, 1/2 catches, 0/1 retries" in the caller's words. */
export function coverageFraction(t: Tally): string {
  return `${t.covered}/${t.total}`;
}
