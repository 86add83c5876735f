/**
 * Marks laid over the graph after runs, by node and edge id: coverage (each state, choice branch
 * and catch taken by some execution or never; engine/analysis/coverage.ts) and two executions'
 * paths (Compare Executions). Pure: the panel computes them for the graph it drew and the webview
 * only toggles classes (`mark-<mark>`, media/graph/graph-view.css).
 *
 * A node is matched to its coverage target by where its name is written; a branch frame is taken
 * when a state in it is. A choice's edge is its branch's target (by the condition it is labelled
 * with, or the default), a catch edge its rule's (by its errors); any other edge is taken when
 * both its ends are.
 */
import type { FlowCoverage, CoverageTarget } from '../../engine/index';
import type { FlowGraph, GraphLabels, GraphNode } from './graph-model';

export type GraphMark = 'taken' | 'never' | 'path-a' | 'path-b';

export interface GraphMarks {
  nodes: Record<string, GraphMark[]>;
  edges: Record<string, GraphMark[]>;
}

export const NO_MARKS: GraphMarks = { nodes: {}, edges: {} };

export function coverageMarks(graph: FlowGraph, coverage: FlowCoverage, labels: Pick<GraphLabels, 'catchErrors' | 'defaultBranch'>): GraphMarks {
  const stateAt = new Map<number, CoverageTarget>();
  for (const t of coverage.targets) if (t.kind === 'state') stateAt.set(t.span.start, t);
  // A state's branch, default, catch and retry targets, by the state's id (`<id>:branch0`…).
  const rules = new Map<string, CoverageTarget[]>();
  for (const t of coverage.targets) {
    const at = t.kind === 'state' ? -1 : t.id.lastIndexOf(':');
    if (at > 0) rules.set(t.id.slice(0, at), [...(rules.get(t.id.slice(0, at)) ?? []), t]);
  }
  const rulesOf = (stateId: string) => rules.get(stateId) ?? [];
  const taken = new Map<string, boolean>();
  const ran = coverage.targets.some((t) => t.hits > 0);
  for (const n of graph.nodes) {
    if (n.kind === 'start' || n.kind === 'end') taken.set(n.id, ran);
    else if (n.nameOffset !== undefined && stateAt.has(n.nameOffset)) taken.set(n.id, stateAt.get(n.nameOffset)!.hits > 0);
  }
  // Branch frames (innermost first): taken when something inside is.
  for (const n of [...graph.nodes].filter((x) => x.kind === 'branch').sort((a, b) => b.depth - a.depth)) {
    taken.set(
      n.id,
      graph.nodes.some((c) => c.parent === n.id && taken.get(c.id) === true),
    );
  }
  const byId = new Map<string, GraphNode>(graph.nodes.map((n) => [n.id, n]));
  const marks: GraphMarks = { nodes: {}, edges: {} };
  for (const [id, t] of taken) marks.nodes[id] = [t ? 'taken' : 'never'];
  for (const e of graph.edges) {
    const from = byId.get(e.from);
    const state = from?.nameOffset !== undefined ? stateAt.get(from.nameOffset) : undefined;
    const own = state ? rulesOf(state.id) : [];
    let hit: boolean | undefined;
    if (e.kind === 'catch') {
      const rule = own.filter((r) => r.kind === 'catch' && labels.catchErrors(r.label) === e.label);
      if (rule.length) hit = rule.some((r) => r.hits > 0);
    } else if (from?.kind === 'choice' && (e.kind === 'choice' || e.kind === 'goto' || e.kind === 'default')) {
      const rule =
        e.kind === 'default' || (e.kind === 'goto' && e.label === labels.defaultBranch)
          ? own.filter((r) => r.kind === 'default')
          : own.filter((r) => r.kind === 'branch' && r.label === e.label);
      if (rule.length) hit = rule.some((r) => r.hits > 0);
    }
    hit ??= taken.get(e.from) === true && taken.get(e.to) === true;
    marks.edges[e.id] = [hit ? 'taken' : 'never'];
  }
  return marks;
}

/** Two executions' paths: the states each visited (by name), and the edges between two states of the same path. */
export function pathMarks(graph: FlowGraph, a: ReadonlySet<string>, b: ReadonlySet<string>): GraphMarks {
  const marks: GraphMarks = { nodes: {}, edges: {} };
  const inPath = new Map<string, GraphMark[]>();
  for (const n of graph.nodes) {
    const m: GraphMark[] = [];
    if (n.kind === 'start' || n.kind === 'end' || (n.stepName !== undefined && a.has(n.stepName))) m.push('path-a');
    if (n.kind === 'start' || n.kind === 'end' || (n.stepName !== undefined && b.has(n.stepName))) m.push('path-b');
    inPath.set(n.id, m);
  }
  for (const n of [...graph.nodes].filter((x) => x.kind === 'branch').sort((x, y) => y.depth - x.depth)) {
    const inside = graph.nodes.filter((c) => c.parent === n.id).flatMap((c) => inPath.get(c.id) ?? []);
    inPath.set(
      n.id,
      (['path-a', 'path-b'] as const).filter((p) => inside.includes(p)),
    );
  }
  for (const [id, m] of inPath) if (m.length) marks.nodes[id] = m;
  for (const e of graph.edges) {
    const from = inPath.get(e.from) ?? [];
    const to = inPath.get(e.to) ?? [];
    const m = from.filter((p) => to.includes(p));
    if (m.length) marks.edges[e.id] = m;
  }
  return marks;
}
