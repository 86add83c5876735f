/**
 * Classic FDL (`steps:`) → the graph's flow description. A sequence's steps follow one another;
 * a choice's inline branches, a parallel's branches and a foreach body are drawn as frames.
 * Control semantics follow fdl/rules/reachability.ts and engine/SEMANTICS.md: fail ends the
 * execution; succeed and `end: true` end the step's own sequence (a branch, an iteration, or the
 * flow); a choice branch's sequence then goes on after the choice; gotos and catches land on
 * siblings; a choice without a default falls through when nothing matches.
 */
import type { Flow, Scope, Step } from '../../fdl/model';
import { carriesCatch } from '../../fdl/step-kinds';
import type { DescEdge, DescNode, FlowDescription } from './flow-description';
import type { GraphLabels } from './graph-model';
import { shortResource } from './state-summary';

export function describeClassic(flow: Flow, labels: GraphLabels): FlowDescription {
  const edges: DescEdge[] = [];
  const seq = describeSequence(flow.body, '', labels, edges);
  const nodes: DescNode[] = [{ id: 'start', kind: 'start', label: labels.start, children: [] }, ...seq.nodes];
  edges.push({ from: 'start', to: seq.first ?? 'end', kind: 'next' });
  for (const x of seq.exits) edges.push({ ...x, to: 'end' });
  // A flow that only ever stops in fail steps has no edge into End: leave it out.
  if (!seq.first || seq.exits.length > 0) nodes.push({ id: 'end', kind: 'end', label: labels.end, children: [] });
  return { nodes, edges };
}

/** Where control leaves a step or a sequence: a node, and how (a choice without default falls through by its default). */
interface Exit {
  from: string;
  kind: 'next' | 'default';
  label?: string;
}

interface Sequence {
  nodes: DescNode[];
  first?: string;
  /** Where control leaves the sequence (its last step falling through, succeed, `end: true`). */
  exits: Exit[];
}

function describeSequence(scope: Scope, path: string, labels: GraphLabels, edges: DescEdge[]): Sequence {
  const seq: Sequence = { nodes: [], exits: [] };
  const byName = new Map<string, string>();
  scope.steps.forEach((s, i) => {
    if (s.name && !byName.has(s.name)) byName.set(s.name, `${path}${i}`);
  });
  const jumps: { from: string; toName: string; kind: 'goto' | 'catch'; label: string }[] = [];
  let pending: Exit[] = [];
  scope.steps.forEach((step, i) => {
    const id = `${path}${i}`;
    const described = describeStep(step, id, labels, edges, jumps);
    seq.nodes.push(...described.nodes);
    seq.first ??= id;
    for (const x of pending) edges.push({ ...x, to: described.entry });
    pending = [];
    const endsSequence = step.type === 'succeed' || (step.end?.value === true && step.type !== 'fail');
    if (endsSequence) seq.exits.push(...described.exits);
    else pending = described.exits;
  });
  seq.exits.push(...pending);
  for (const j of jumps) {
    const to = byName.get(j.toName);
    if (to) edges.push({ from: j.from, to, kind: j.kind, label: j.label });
  }
  return seq;
}

/** One step: its node (and, for a choice, the frames of its inline branches), where control enters it and leaves it. */
function describeStep(
  step: Step,
  id: string,
  labels: GraphLabels,
  edges: DescEdge[],
  jumps: { from: string; toName: string; kind: 'goto' | 'catch'; label: string }[],
): { nodes: DescNode[]; entry: string; exits: Exit[] } {
  const node: DescNode = {
    id,
    kind: step.type,
    label: step.name || `(${step.type})`,
    ...(step.name ? { stepName: step.name } : {}),
    nameOffset: step.name ? step.nameSpan.start : step.span.start,
    span: step.span,
    children: [],
  };
  const detail = classicSummary(step, labels);
  if (detail) node.detail = detail;
  const nodes = [node];
  let exits: Exit[] = [{ from: id, kind: 'next' }];
  switch (step.type) {
    case 'choice': {
      exits = [];
      const branches = [
        ...step.choices.map((c) => ({ ...c, label: c.condition?.value ?? '', isDefault: false })),
        ...(step.default ? [{ ...step.default, label: labels.defaultBranch, isDefault: true }] : []),
      ];
      branches.forEach((br, i) => {
        if (br.goto) {
          jumps.push({ from: id, toName: br.goto.value, kind: 'goto', label: br.label });
          return;
        }
        const frameId = `${id}.c${i}`;
        const inner = describeSequence(br.scope, `${frameId}.`, labels, edges);
        nodes.push({ id: frameId, kind: 'branch', label: br.isDefault ? labels.defaultBranch : labels.branch(i + 1), children: inner.nodes });
        edges.push({ from: id, to: frameId, kind: br.isDefault ? 'default' : 'choice', label: br.label });
        // The branch's sequence done, control goes on after the choice, unless it only ever fails.
        if (inner.exits.length > 0 || !inner.first) exits.push({ from: frameId, kind: 'next' });
      });
      // No default: when no condition holds, control goes on after the choice.
      if (!step.default) exits.push({ from: id, kind: 'default', label: labels.defaultBranch });
      return { nodes, entry: id, exits };
    }
    case 'parallel':
      node.children = step.branches.map((br, i) => ({
        id: `${id}.b${i}`,
        kind: 'branch',
        label: labels.branch(i + 1),
        children: describeSequence(br.scope, `${id}.b${i}.`, labels, edges).nodes,
      }));
      break;
    case 'foreach':
      node.children = describeSequence(step.body, `${id}.f.`, labels, edges).nodes;
      break;
    case 'fail':
      exits = [];
      break;
  }
  if (carriesCatch(step)) {
    for (const c of step.catch) {
      if (c.goto) jumps.push({ from: id, toName: c.goto.value, kind: 'catch', label: labels.catchErrors(c.errors.map((e) => e.value).join(', ')) });
    }
  }
  return { nodes, entry: id, exits };
}

/** `task · waitForCallback · approve`, `wait · 10s`, `fail · Rejected`, `for each in $.items`. */
function classicSummary(step: Step, labels: GraphLabels): string | undefined {
  switch (step.type) {
    case 'task': {
      const target = step.resourceArn?.value ?? step.action?.value;
      const parts = ['task'];
      if (step.pattern?.value && step.pattern.value !== 'requestResponse') parts.push(step.pattern.value);
      if (typeof target === 'string') parts.push(shortResource(target));
      return parts.join(' · ');
    }
    case 'wait': {
      const d = step.duration?.value;
      if (typeof d === 'number') return `wait · ${d}s`;
      if (typeof d === 'string') return `wait · ${d}`;
      return step.timestamp ? `wait · ${step.timestamp.value}` : 'wait';
    }
    case 'fail':
      return step.error?.value ? `fail · ${step.error.value}` : 'fail';
    case 'foreach':
      return labels.iterate(step.iterationMapping?.collection?.value ?? '');
    default:
      return step.type;
  }
}
