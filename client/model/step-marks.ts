/**
 * Where the editor shows a run's step statuses: one mark per step name written in the flow, at
 * the step's `name:` value, with the status its visits add up to and the visit a hover shows.
 *
 * Adding up visits (a foreach runs a step once per item, a goto loop visits it again): any visit
 * waiting for a callback wins, then any running one; otherwise the latest finished visit speaks.
 * Once the execution has ended, steps it never entered are marked skipped.
 */
import type { Span } from '../../fdl/model';
import type { ExecutionNode, ExecutionTreeNode, StepNode, StepVisitStatus } from './execution-tree';

export type StepMarkStatus = StepVisitStatus | 'skipped';

export interface StepMark {
  stepName: string;
  /** The step's name value in the document (character offsets). */
  span: Span;
  status: StepMarkStatus;
  /** The visit a hover describes (undefined for a skipped step). */
  visit?: StepNode;
  /** How many times the step was entered. */
  visits: number;
}

export interface WrittenStep {
  name: string;
  nameSpan: Span;
}

export function visitsByStepName(root: ExecutionNode): Map<string, StepNode[]> {
  const byName = new Map<string, StepNode[]>();
  const walk = (n: ExecutionTreeNode): void => {
    if (n.kind === 'step') {
      const list = byName.get(n.stepName) ?? [];
      list.push(n);
      byName.set(n.stepName, list);
    }
    for (const c of n.children) walk(c);
  };
  walk(root);
  return byName;
}

export function summariseVisits(visits: readonly StepNode[]): { status: StepVisitStatus; visit: StepNode } | undefined {
  if (visits.length === 0) return undefined;
  const waiting = visits.find((v) => v.status === 'waiting');
  if (waiting) return { status: 'waiting', visit: waiting };
  const running = visits.find((v) => v.status === 'running');
  if (running) return { status: 'running', visit: running };
  const latest = [...visits].sort((a, b) => (a.endedTime ?? '').localeCompare(b.endedTime ?? '')).at(-1)!;
  return { status: latest.status, visit: latest };
}

export function stepMarks(steps: readonly WrittenStep[], root: ExecutionNode): StepMark[] {
  const byName = visitsByStepName(root);
  const ended = root.status !== 'Running' && root.status !== 'Starting';
  const marks: StepMark[] = [];
  for (const step of steps) {
    if (!step.name) continue;
    const visits = byName.get(step.name) ?? [];
    const summary = summariseVisits(visits);
    if (summary) marks.push({ stepName: step.name, span: step.nameSpan, status: summary.status, visit: summary.visit, visits: visits.length });
    else if (ended) marks.push({ stepName: step.name, span: step.nameSpan, status: 'skipped', visits: 0 });
  }
  return marks;
}
