/**
 * Two executions compared step by step, from their histories alone (local or cloud): where their
 * paths part (the first scope, in flow order, whose states differ), the visits only one of them
 * made, and for the visits both made, whether status, input, output or error differ.
 *
 * A visit is named by its place, as the engine keys it (run/scheduler.ts): the scope path from the
 * flow, the state's name and its visit number in that scope (`$/fanout#1/b0/left#1`; `/i2` an
 * iteration, `/body` a classic choice's chosen steps, `@2` a retried parallel or foreach's second
 * attempt). Visits are listed depth first in flow order, not in event order, so concurrent
 * branches read the same in both runs however their events interleaved.
 */
import { isDeepStrictEqual } from 'node:util';
import type { HistoryEvent } from '../backend';
import { foldVisits, type ScopeRun, type StateVisit } from './visit-tree';

export interface StepSnapshot {
  key: string;
  name: string;
  status: StateVisit['status'];
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  /** Task attempts (1 + retries), 0 for a state that runs no task. */
  attempts: number;
}

export type StepChange = 'status' | 'input' | 'output' | 'error';

export interface StepDiff {
  key: string;
  name: string;
  a?: StepSnapshot;
  b?: StepSnapshot;
  /** What differs when both runs made this visit. */
  changes: StepChange[];
}

export interface PathDivergence {
  /** The scope where the paths part (`$` the flow). */
  scope: string;
  /** The last state both took there before parting, if any. */
  after?: string;
  /** The state each run took next (undefined: that run's scope ended there). */
  a?: string;
  b?: string;
}

export interface RunDiff {
  steps: StepDiff[];
  divergence?: PathDivergence;
  onlyA: number;
  onlyB: number;
  changed: number;
  same: number;
}

export function diffRuns(a: readonly HistoryEvent[], b: readonly HistoryEvent[]): RunDiff {
  const ta = foldVisits(a).top;
  const tb = foldVisits(b).top;
  const stepsA = runSteps(ta);
  const stepsB = runSteps(tb);
  const inA = new Map(stepsA.map((s) => [s.key, s]));
  const inB = new Map(stepsB.map((s) => [s.key, s]));
  // A's order; a visit only B made goes after the visit B made before it that A made too.
  const onlyBAfter = new Map<string, StepSnapshot[]>();
  let anchor = '';
  for (const s of stepsB) {
    if (inA.has(s.key)) anchor = s.key;
    else onlyBAfter.set(anchor, [...(onlyBAfter.get(anchor) ?? []), s]);
  }
  const steps: StepDiff[] = [];
  const pushOnlyB = (after: string) => {
    for (const s of onlyBAfter.get(after) ?? []) steps.push({ key: s.key, name: s.name, b: s, changes: [] });
  };
  pushOnlyB('');
  for (const s of stepsA) {
    const other = inB.get(s.key);
    steps.push({ key: s.key, name: s.name, a: s, ...(other ? { b: other } : {}), changes: other ? changesOf(s, other) : [] });
    if (other) pushOnlyB(s.key);
  }
  const diff: RunDiff = {
    steps,
    onlyA: steps.filter((s) => !s.b).length,
    onlyB: steps.filter((s) => !s.a).length,
    changed: steps.filter((s) => s.a && s.b && s.changes.length > 0).length,
    same: steps.filter((s) => s.a && s.b && s.changes.length === 0).length,
  };
  const divergence = divergenceIn(ta, tb, '$');
  return divergence ? { ...diff, divergence } : diff;
}

/** A run's visits, depth first in flow order, each keyed by its place. */
export function runSteps(top: ScopeRun): StepSnapshot[] {
  const out: StepSnapshot[] = [];
  walk(top, '$', out);
  return out;
}

function walk(scope: ScopeRun, scopeKey: string, out: StepSnapshot[]): void {
  const seen = new Map<string, number>();
  for (const v of scope.visits) {
    const n = (seen.get(v.name) ?? 0) + 1;
    seen.set(v.name, n);
    const key = `${scopeKey}/${v.name}#${n}`;
    out.push({
      key,
      name: v.name,
      status: v.status,
      ...(v.input !== undefined ? { input: v.input } : {}),
      ...(v.output !== undefined ? { output: v.output } : {}),
      ...(v.error !== undefined ? { error: v.error, cause: v.cause } : {}),
      attempts: v.tasks.length,
    });
    for (const s of orderedScopes(v)) walk(s, `${key}${scopeSuffix(s)}`, out);
  }
}

function scopeSuffix(s: ScopeRun): string {
  const attempt = s.attempt > 1 ? `@${s.attempt}` : '';
  return s.kind === 'branch' ? `${attempt}/b${s.index}` : s.kind === 'iteration' ? `${attempt}/i${s.index}` : '/body';
}

function orderedScopes(v: StateVisit): ScopeRun[] {
  return [...v.scopes].sort((x, y) => x.attempt - y.attempt || x.index - y.index);
}

function changesOf(a: StepSnapshot, b: StepSnapshot): StepChange[] {
  const changes: StepChange[] = [];
  if (a.status !== b.status) changes.push('status');
  if (!isDeepStrictEqual(a.input, b.input)) changes.push('input');
  if (!isDeepStrictEqual(a.output, b.output)) changes.push('output');
  if (a.error !== b.error || a.cause !== b.cause) changes.push('error');
  return changes;
}

/** The first scope, depth first, whose sequence of states differs between the runs. */
function divergenceIn(a: ScopeRun, b: ScopeRun, scopeKey: string): PathDivergence | undefined {
  const n = Math.max(a.visits.length, b.visits.length);
  for (let i = 0; i < n; i++) {
    const va = a.visits[i];
    const vb = b.visits[i];
    if (va?.name !== vb?.name) {
      return { scope: scopeKey, ...(i > 0 ? { after: a.visits[i - 1].name } : {}), ...(va ? { a: va.name } : {}), ...(vb ? { b: vb.name } : {}) };
    }
  }
  const seen = new Map<string, number>();
  for (let i = 0; i < a.visits.length; i++) {
    const va = a.visits[i];
    const vb = b.visits[i];
    const k = (seen.get(va.name) ?? 0) + 1;
    seen.set(va.name, k);
    const key = `${scopeKey}/${va.name}#${k}`;
    const sa = orderedScopes(va);
    const sb = orderedScopes(vb);
    for (let j = 0; j < Math.max(sa.length, sb.length); j++) {
      const x = sa[j];
      const y = sb[j];
      if (!x || !y || scopeSuffix(x) !== scopeSuffix(y)) {
        // One run went into a branch, an iteration or a retry the other did not.
        const only = x ?? y;
        return { scope: `${key}${scopeSuffix(only)}`, ...(x ? { a: x.visits[0]?.name ?? '' } : {}), ...(y ? { b: y.visits[0]?.name ?? '' } : {}) };
      }
      const found = divergenceIn(x, y, `${key}${scopeSuffix(x)}`);
      if (found) return found;
    }
  }
  return undefined;
}
