/**
 * One execution as a tree, folded from its history events only (so it works the same for the
 * embedded engine and the cloud): step visits in order, nested under the parallel branch,
 * foreach iteration or choice that entered them, each with its status, input, output, error and a
 * pending callback if its task waits for one.
 *
 * Nesting follows ScheduleEventId, the way the service chains events: a StepEntered points at the
 * previous step's StepExited (a sibling), at a BranchEntered / IterationEntered (first step of a
 * branch or iteration), at the choice's StepStarted (first step of the chosen path) or at
 * ExecutionStarted (first top-level step). Every other step event points back into its own visit.
 * Where a history does not chain an event, the latest open visit of the same step name is used.
 *
 * `apply` returns the nodes whose rendering changed, so a view refreshes only those.
 */
import { type ExecutionStatus, type ExecutionSummary, type HistoryEvent, type VisitEventKind, endedStatus, endsVisit, visitEventKind } from '../../engine/index';
import { scheduledTask, submittedToken, timeoutOf, type ScheduledTask } from './callback-detail';
import { detailNumber, detailString, eventDetail } from './event-detail';

export type StepVisitStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'stopped';

export interface PendingCallback {
  token: string;
  flowName: string;
  executionName: string;
  stepName: string;
  /** The step visit waiting for it. */
  stepId: string;
  /** ISO time the task was scheduled (the callback's age counts from here). */
  scheduledTime: string;
  /** eventId of the TaskScheduled that issued it. */
  scheduleEventId: number;
  timeoutSeconds?: number;
  /** What the function was given (the step input after inputMappings). */
  input?: unknown;
}

export interface StepNode {
  kind: 'step';
  id: string;
  stepName: string;
  status: StepVisitStatus;
  enteredTime: string;
  endedTime?: string;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  /** Task attempts scheduled so far (1 + retries). */
  attempts: number;
  pending?: PendingCallback;
  children: TreeChild[];
  parent: ExecutionNode | StepNode | ScopeNode;
}

/** A parallel branch or a foreach iteration. */
export interface ScopeNode {
  kind: 'branch' | 'iteration';
  id: string;
  index: number;
  stepName: string;
  done: boolean;
  input?: unknown;
  children: StepNode[];
  parent: StepNode;
}

export type TreeChild = StepNode | ScopeNode;

export interface ExecutionNode {
  kind: 'execution';
  id: string;
  flowName: string;
  executionName: string;
  status: ExecutionStatus;
  startedTime: string;
  stoppedTime?: string;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  children: StepNode[];
}

export type ExecutionTreeNode = ExecutionNode | StepNode | ScopeNode;

export function executionId(flowName: string, executionName: string): string {
  return `${flowName}/${executionName}`;
}

export class ExecutionTree {
  readonly root: ExecutionNode;
  /** The highest eventId applied; replays and duplicates at or below it are ignored. */
  lastEventId = 0;
  private readonly typeById = new Map<number, string>();
  private readonly visitByEvent = new Map<number, StepNode>();
  private readonly scopeByEvent = new Map<number, ScopeNode>();
  private readonly pendingBySchedule = new Map<number, StepNode>();
  /** Open tasks by their TaskScheduled eventId; `taskOf` maps TaskSubmitted/TaskStarted ids to it. */
  private readonly tasks = new Map<number, { visit: StepNode; time: string; task: ScheduledTask }>();
  private readonly taskOf = new Map<number, number>();
  private readonly openVisits: StepNode[] = [];

  /** `reuse`: an existing root to rebuild in place (its children are dropped), so views keep their element. */
  constructor(summary: Pick<ExecutionSummary, 'flowName' | 'name' | 'status' | 'startedTime'> & Partial<ExecutionSummary>, reuse?: ExecutionNode) {
    if (reuse) {
      reuse.children = [];
      this.root = reuse;
      return;
    }
    this.root = {
      kind: 'execution',
      id: executionId(summary.flowName, summary.name),
      flowName: summary.flowName,
      executionName: summary.name,
      status: summary.status,
      startedTime: summary.startedTime,
      stoppedTime: summary.stoppedTime,
      input: parseJson(summary.input),
      output: parseJson(summary.output),
      error: summary.error,
      cause: summary.cause,
      children: [],
    };
  }

  /** Applies one event; returns the nodes to redraw (a parent whose children changed included). */
  apply(e: HistoryEvent): ExecutionTreeNode[] {
    if (e.eventId <= this.lastEventId) return [];
    this.lastEventId = e.eventId;
    this.typeById.set(e.eventId, e.type);
    const d = eventDetail(e);
    // Both dialects' visit events (classic StepEntered…, StateMachine StateEntered…): engine/history/events.ts.
    if (visitEventKind(e.type) === 'entered') return this.enterStep(e, d.input);
    switch (e.type) {
      case 'ExecutionStarted':
        this.root.input = d.input ?? this.root.input;
        this.root.startedTime = e.time || this.root.startedTime;
        return [this.root];
      case 'BranchEntered':
      case 'IterationEntered':
        return this.enterScope(e, detailNumber(d, 'index') ?? 0, d.input);
      case 'BranchExited':
      case 'IterationExited': {
        const scope = e.scheduleEventId !== undefined ? this.scopeByEvent.get(e.scheduleEventId) : undefined;
        if (!scope) return [];
        scope.done = true;
        this.scopeByEvent.set(e.eventId, scope);
        return [scope];
      }
    }
    const ended = endedStatus(e.type);
    if (ended) return this.endExecution(e, ended, d);
    const visit = this.visitOf(e);
    if (!visit) {
      // A task of a step whose StepEntered the history does not show (a partial history): keep
      // it as a top-level visit rather than lose a callback that waits.
      if (e.type !== 'TaskScheduled' || !e.stepName) return [];
      this.enterStep({ ...e, scheduleEventId: undefined }, undefined);
      const entered = this.visitOf(e);
      return entered ? [this.root, ...this.applyToVisit(entered, e, d)] : [this.root];
    }
    return this.applyToVisit(visit, e, d);
  }

  private applyToVisit(visit: StepNode, e: HistoryEvent, d: Record<string, unknown>): ExecutionTreeNode[] {
    this.visitByEvent.set(e.eventId, visit);
    return this.updateVisit(visit, e, d) ? [visit] : [];
  }

  /** Every callback still waiting in this execution, in the order they were issued. */
  pendingCallbacks(): PendingCallback[] {
    return [...this.pendingBySchedule.values()].flatMap((v) => (v.pending ? [v.pending] : []));
  }

  /**
   * Every task still waiting for a callback, with its token when the history shows one (a task
   * whose token is nowhere in its events is listed too, so a caller can say why it cannot answer).
   */
  waitingTasks(): { stepName: string; scheduleEventId: number; scheduledTime: string; token?: string }[] {
    return [...this.tasks]
      .filter(([id, t]) => this.pendingBySchedule.has(id) || t.task.waitsForCallback)
      .map(([id, t]) => ({ stepName: t.visit.stepName, scheduleEventId: id, scheduledTime: t.time, token: this.pendingBySchedule.get(id)?.pending?.token }));
  }

  private enterStep(e: HistoryEvent, input: unknown): ExecutionTreeNode[] {
    const parent = this.containerFor(e.scheduleEventId);
    const visit: StepNode = {
      kind: 'step',
      id: `${this.root.id}#${e.eventId}`,
      stepName: e.stepName ?? '',
      status: 'running',
      enteredTime: e.time,
      input,
      attempts: 0,
      children: [],
      parent,
    };
    (parent.children as TreeChild[]).push(visit);
    this.visitByEvent.set(e.eventId, visit);
    this.openVisits.push(visit);
    return [parent];
  }

  private enterScope(e: HistoryEvent, index: number, input: unknown): ExecutionTreeNode[] {
    const owner = this.visitOf(e);
    if (!owner) return [];
    this.visitByEvent.set(e.eventId, owner);
    const scope: ScopeNode = {
      kind: e.type === 'BranchEntered' ? 'branch' : 'iteration',
      id: `${this.root.id}#${e.eventId}`,
      index,
      stepName: owner.stepName,
      done: false,
      input,
      children: [],
      parent: owner,
    };
    owner.children.push(scope);
    this.scopeByEvent.set(e.eventId, scope);
    return [owner];
  }

  /** Where a StepEntered belongs, from the event it was scheduled by (see the file comment). */
  private containerFor(scheduleEventId: number | undefined): ExecutionNode | StepNode | ScopeNode {
    if (scheduleEventId === undefined) return this.root;
    const scope = this.scopeByEvent.get(scheduleEventId);
    if (scope) return scope;
    const visit = this.visitByEvent.get(scheduleEventId);
    if (!visit) return this.root;
    // The choice's own StepStarted schedules the first step of the chosen path.
    if (visitEventKind(this.typeById.get(scheduleEventId) ?? '') === 'started') return visit;
    return visit.parent;
  }

  private visitOf(e: HistoryEvent): StepNode | undefined {
    const chained = e.scheduleEventId !== undefined ? this.visitByEvent.get(e.scheduleEventId) : undefined;
    if (chained && (!e.stepName || chained.stepName === e.stepName)) return chained;
    for (let i = this.openVisits.length - 1; i >= 0; i--) if (this.openVisits[i].stepName === e.stepName) return this.openVisits[i];
    return undefined;
  }

  private updateVisit(visit: StepNode, e: HistoryEvent, d: Record<string, unknown>): boolean {
    const kind = visitEventKind(e.type);
    if (kind) return this.updateVisitState(visit, kind, e, d);
    switch (e.type) {
      case 'TaskScheduled': {
        visit.attempts++;
        // Which shapes carry a callback and its token: callback-detail.ts (engine and service).
        const task = scheduledTask(d);
        this.tasks.set(e.eventId, { visit, time: e.time, task });
        this.taskOf.set(e.eventId, e.eventId);
        if (task.waitsForCallback) {
          visit.status = 'waiting';
          if (task.token) this.wait(visit, e.eventId, e.time, task.token, task);
        }
        return true;
      }
      case 'TaskSubmitted':
      case 'TaskStarted': {
        const origin = e.scheduleEventId !== undefined ? this.taskOf.get(e.scheduleEventId) : undefined;
        if (origin === undefined) return false;
        this.taskOf.set(e.eventId, origin);
        const open = this.tasks.get(origin);
        if (!open || !open.task.mayWait || this.pendingBySchedule.has(origin)) return false;
        const token = submittedToken(d);
        if (!token) return false;
        visit.status = 'waiting';
        this.wait(visit, origin, open.time, token, { ...open.task, timeoutSeconds: open.task.timeoutSeconds ?? timeoutOf(d) });
        return true;
      }
      case 'TaskSucceeded':
      case 'TaskFailed':
      case 'TaskTimedOut':
      case 'TaskSubmitFailed':
        if (e.type !== 'TaskSucceeded') {
          visit.error = detailString(d, 'error');
          visit.cause = detailString(d, 'cause');
        }
        this.answer(visit, e.scheduleEventId !== undefined ? (this.taskOf.get(e.scheduleEventId) ?? e.scheduleEventId) : undefined);
        return true;
      default:
        return false;
    }
  }

  /** A visit's own events; a StateMachine visit ends with its StateSucceeded / StateFailed / StateTimedOut / StateAborted (no exit event). */
  private updateVisitState(visit: StepNode, kind: VisitEventKind, e: HistoryEvent, d: Record<string, unknown>): boolean {
    switch (kind) {
      case 'started':
        if (d.input !== undefined) visit.input = d.input;
        return true;
      case 'succeeded':
        this.finish(visit, 'succeeded', e.time);
        visit.output = d.output;
        visit.error = undefined;
        visit.cause = undefined;
        if (endsVisit(e.type)) this.close(visit);
        return true;
      case 'failed':
        // A StateAborted visit was cut short from outside (a sibling branch failed): stopped, as under a stopped execution.
        this.finish(visit, e.type === 'StateAborted' ? 'stopped' : 'failed', e.time);
        visit.error = detailString(d, 'error');
        visit.cause = detailString(d, 'cause');
        if (endsVisit(e.type)) this.close(visit);
        return true;
      case 'exited':
        visit.endedTime ??= e.time;
        this.close(visit);
        return false;
      default:
        return false;
    }
  }

  private wait(visit: StepNode, scheduleEventId: number, time: string, token: string, task: ScheduledTask): void {
    visit.pending = {
      token,
      flowName: this.root.flowName,
      executionName: this.root.executionName,
      stepName: visit.stepName,
      stepId: visit.id,
      scheduledTime: time,
      scheduleEventId,
      timeoutSeconds: task.timeoutSeconds,
      input: task.input,
    };
    this.pendingBySchedule.set(scheduleEventId, visit);
  }

  private answer(visit: StepNode, scheduleEventId: number | undefined): void {
    if (scheduleEventId !== undefined) {
      this.pendingBySchedule.delete(scheduleEventId);
      this.tasks.delete(scheduleEventId);
    }
    visit.pending = undefined;
    if (visit.status === 'waiting') visit.status = 'running';
  }

  private finish(visit: StepNode, status: StepVisitStatus, time: string): void {
    visit.status = status;
    visit.endedTime = time;
    this.answer(visit, undefined);
    for (const [k, v] of this.pendingBySchedule) if (v === visit) this.pendingBySchedule.delete(k);
    for (const [k, t] of this.tasks) if (t.visit === visit) this.tasks.delete(k);
  }

  private close(visit: StepNode): void {
    const i = this.openVisits.lastIndexOf(visit);
    if (i >= 0) this.openVisits.splice(i, 1);
  }

  private endExecution(e: HistoryEvent, status: ExecutionStatus, d: Record<string, unknown>): ExecutionTreeNode[] {
    const changed: ExecutionTreeNode[] = [this.root];
    this.root.status = status;
    this.root.stoppedTime = e.time;
    if (status === 'Succeeded') this.root.output = d.output;
    else {
      this.root.error = detailString(d, 'error');
      this.root.cause = detailString(d, 'cause');
    }
    // Nothing runs or waits once the execution has ended. A flow that timed out was cut off like
    // a stopped one: its open steps did not fail themselves (the graph says the same, step-status.ts).
    for (const v of this.openVisits) {
      if (v.status === 'running' || v.status === 'waiting') {
        v.status = status === 'Stopped' || status === 'TimedOut' ? 'stopped' : 'failed';
        v.endedTime ??= e.time;
        v.pending = undefined;
        changed.push(v);
      }
    }
    this.openVisits.length = 0;
    this.pendingBySchedule.clear();
    this.tasks.clear();
    return changed;
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Builds a tree from a whole history at once. */
export function executionTreeFromHistory(summary: ConstructorParameters<typeof ExecutionTree>[0], events: readonly HistoryEvent[]): ExecutionTree {
  const tree = new ExecutionTree(summary);
  for (const e of events) tree.apply(e);
  return tree;
}
