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
