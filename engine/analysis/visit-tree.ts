/**
 * One execution's history as a tree of state visits, for coverage and run diffs: each visit with
 * the scope it ran in (the flow, a parallel branch, a foreach/Map iteration, a classic choice
 * body), its input, output or error, whether a catch took its error, its task attempts, and the
 * visit that followed it. Folded from the service-shaped events only (the cloud's
 * GetExecutionHistory gives the same), following ScheduleEventId as the service chains events:
 * a state's entered event points at ExecutionStarted, a BranchEntered / IterationEntered, the
 * started event of an enclosing classic choice still running, or the last event of the visit
 * before it in the same scope. Where a history does not chain an event, the latest open visit of
 * the same name takes it (as client/model/execution-tree.ts does for the Executions view).
 */
import type { HistoryEvent } from '../backend';
import { endsVisit, visitEventKind } from '../history/events';

export interface ScopeRun {
  /** `top`: the flow; `branch`/`iteration`: BranchEntered / IterationEntered; `body`: a classic choice's chosen steps. */
  kind: 'top' | 'branch' | 'iteration' | 'body';
  /** Branch or iteration index (0 for the others). */
  index: number;
  /** The attempt of the owning visit this scope ran in (a retried parallel or foreach runs its scopes again); 1 first. */
  attempt: number;
  visits: StateVisit[];
  /** The visit this scope ran inside (undefined for the top). */
  owner?: StateVisit;
}

export interface TaskAttempt {
  attempt: number;
  /** The attempt's error (TaskFailed, TaskTimedOut, TaskSubmitFailed), if it failed. */
  error?: string;
}

export interface StateVisit {
  name: string;
  /** eventId of its entered event. */
  id: number;
  scope: ScopeRun;
  status: 'running' | 'succeeded' | 'failed';
  /** The state's input (its started event's; before that, its entered event's). */
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  /** A catch took its error: the scope went on after the failure. */
  caught: boolean;
  tasks: TaskAttempt[];
  /** The last task attempt's result (TaskSucceeded's output), if one succeeded. */
  result?: unknown;
  /** Scopes it ran: branches, iterations, a choice body. */
  scopes: ScopeRun[];
  /** The number of attempts its scopes show (1 + retries of a parallel or foreach). */
  scopeAttempts: number;
  /** The visit that came after it in its scope. */
  next?: StateVisit;
  /** The eventId of its started and of its last event so far. */
  startedId?: number;
  lastId: number;
  ended: boolean;
}

export interface RunTree {
  top: ScopeRun;
  /** The execution's input (ExecutionStarted). */
  input?: unknown;
}

export function foldVisits(events: readonly HistoryEvent[]): RunTree {
  const top: ScopeRun = { kind: 'top', index: 0, attempt: 1, visits: [] };
  const tree: RunTree = { top };
  const scopeOf = new Map<number, ScopeRun>();
  const visitOf = new Map<number, StateVisit>();
  const open: StateVisit[] = [];
  const sorted = [...events].sort((a, b) => a.eventId - b.eventId);
  const byName = (name: string | undefined): StateVisit | undefined => {
    for (let i = open.length - 1; i >= 0 && name !== undefined; i--) if (open[i].name === name) return open[i];
    return undefined;
  };
  for (const e of sorted) {
    const d = detailOf(e);
    const linked = e.scheduleEventId;
    if (e.type === 'ExecutionStarted') {
      tree.input = d.input;
      scopeOf.set(e.eventId, top);
      continue;
    }
    const kind = visitEventKind(e.type);
    if (kind === 'entered') {
      const visit = enter(e, d, linked === undefined ? undefined : (scopeOf.get(linked) ?? visitOf.get(linked)), top);
      visitOf.set(e.eventId, visit);
      open.push(visit);
      continue;
    }
    if (e.type === 'BranchEntered' || e.type === 'IterationEntered') {
      const owner = (linked !== undefined ? visitOf.get(linked) : undefined) ?? byName(e.stepName);
      if (!owner) continue;
      const index = typeof d.index === 'number' ? d.index : 0;
      const kindOf = e.type === 'BranchEntered' ? 'branch' : 'iteration';
      // The same branch or iteration entered again in this visit: a retry of the whole state.
      if (owner.scopes.some((s) => s.kind === kindOf && s.index === index && s.attempt === owner.scopeAttempts)) owner.scopeAttempts++;
      const scope: ScopeRun = { kind: kindOf, index, attempt: owner.scopeAttempts, visits: [], owner };
      owner.scopes.push(scope);
      scopeOf.set(e.eventId, scope);
      continue;
    }
    if (e.type === 'BranchExited' || e.type === 'IterationExited') continue;
    const visit = (linked !== undefined ? visitOf.get(linked) : undefined) ?? byName(e.stepName);
    if (!visit) continue;
    visitOf.set(e.eventId, visit);
    visit.lastId = e.eventId;
    if (kind === 'started') {
      visit.startedId = e.eventId;
      if (d.input !== undefined) visit.input = d.input;
    } else if (kind === 'succeeded') {
      visit.status = 'succeeded';
      visit.output = d.output;
    } else if (kind === 'failed') {
      visit.status = 'failed';
      visit.error = typeof d.error === 'string' ? d.error : '';
      visit.cause = typeof d.cause === 'string' ? d.cause : '';
    } else if (kind === 'exited' && visit.status === 'failed') {
      // Classic: a failed step exits only when a catch took its error.
      visit.caught = true;
    } else if (e.type === 'TaskScheduled') {
      visit.tasks.push({ attempt: typeof d.attempt === 'number' ? d.attempt : visit.tasks.length + 1 });
    } else if (e.type === 'TaskSucceeded') {
      visit.result = d.output;
    } else if (e.type === 'TaskFailed' || e.type === 'TaskTimedOut' || e.type === 'TaskSubmitFailed') {
      const last = visit.tasks.at(-1);
      if (last) last.error = typeof d.error === 'string' ? d.error : '';
    }
    if (endsVisit(e.type) && !visit.ended) {
      visit.ended = true;
      open.splice(open.lastIndexOf(visit), 1);
    }
  }
  return tree;
}

function enter(e: HistoryEvent, d: Record<string, unknown>, linked: ScopeRun | StateVisit | undefined, top: ScopeRun): StateVisit {
  let scope: ScopeRun;
  let before: StateVisit | undefined;
  if (linked === undefined) scope = top;
  else if ('visits' in linked) scope = linked;
  else if (!linked.ended) {
    // The first step of a classic choice's chosen steps points at the choice's started event.
    scope = linked.scopes.find((s) => s.kind === 'body') ?? { kind: 'body', index: 0, attempt: 1, visits: [], owner: linked };
    if (!linked.scopes.includes(scope)) linked.scopes.push(scope);
  } else {
    scope = linked.scope;
    before = linked;
  }
  const visit: StateVisit = {
    name: e.stepName ?? '',
    id: e.eventId,
    scope,
    status: 'running',
    input: d.input,
    caught: false,
    tasks: [],
    scopes: [],
    scopeAttempts: 1,
    lastId: e.eventId,
    ended: false,
  };
  if (before) {
    before.next = visit;
    // StateMachine: no exit event; a failed state followed by another in its scope was caught.
    if (before.status === 'failed') before.caught = true;
  }
  scope.visits.push(visit);
  return visit;
}

function detailOf(e: HistoryEvent): Record<string, unknown> {
  if (!e.eventDetail) return {};
  try {
    const v: unknown = JSON.parse(e.eventDetail);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
