/**
 * What is going on right now, from the Executions view's model: how many executions run and how
 * many wait for a callback (the status bar item says it), and which tree rows show a duration
 * that is still counting (the view redraws them while they count).
 */
import { executionId, type ExecutionNode, type ExecutionTreeNode, type PendingCallback, type StepNode } from './execution-tree';

export interface ActivityCounts {
  /** Running executions that wait for no callback. */
  running: number;
  /** Running executions with at least one task waiting for a callback. */
  waiting: number;
}

const isRunning = (e: ExecutionNode) => e.status === 'Running' || e.status === 'Starting';

export function activityCounts(executions: readonly ExecutionNode[], pending: readonly PendingCallback[]): ActivityCounts {
  const waitingIds = new Set(pending.map((c) => executionId(c.flowName, c.executionName)));
  let running = 0;
  let waiting = 0;
  for (const e of executions) {
    if (!isRunning(e)) continue;
    if (waitingIds.has(executionId(e.flowName, e.executionName))) waiting++;
    else running++;
  }
  return { running, waiting };
}

/**
 * The rows whose elapsed time is still counting: running executions and, within them, the step
 * visits that run or wait (a step's scopes are walked, since a running step's children may run).
 */
export function countingNodes(executions: readonly ExecutionNode[]): ExecutionTreeNode[] {
  const out: ExecutionTreeNode[] = [];
  const visit = (steps: readonly StepNode[]) => {
    for (const s of steps) {
      if (s.status !== 'running' && s.status !== 'waiting') continue;
      out.push(s);
      for (const c of s.children) visit(c.kind === 'step' ? [c] : c.children);
    }
  };
  for (const e of executions) {
    if (!isRunning(e)) continue;
    out.push(e);
    visit(e.children);
  }
  return out;
}

/** Elapsed times under this show tenths or seconds that change every second; older ones are shown to the minute's seconds but redrawn less often. */
export const FAST_REDRAW_MS = 60_000;

/**
 * The counting rows to redraw at this tick (one a second): the young ones (under a minute) every
 * tick, the others every `slowEvery` ticks, so a row a user is about to click (Approve on a
 * callback waiting for hours) is not redrawn under the pointer every second.
 */
export function rowsToRedraw<T extends ExecutionTreeNode | PendingCallback>(rows: readonly T[], now: number, tick: number, slowEvery: number): T[] {
  if (tick % slowEvery === 0) return [...rows];
  return rows.filter((r) => now - Date.parse(startedAt(r)) < FAST_REDRAW_MS);
}

function startedAt(r: ExecutionTreeNode | PendingCallback): string {
  if ('token' in r) return r.scheduledTime;
  if (r.kind === 'execution') return r.startedTime;
  if (r.kind === 'step') return r.enteredTime;
  return '';
}
