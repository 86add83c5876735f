/**
 * CloudFlow StateMachine (`Type: StateMachine`, `StartAt`, `States`) → the graph's flow
 * description. Transitions are a free graph within each scope (`Next`, a Choice's branches and
 * `Default`, `Catch[].Next`); a Parallel's branches and a Map's processor are scopes drawn inside
 * their state. `End: true` (and Succeed) ends the current scope: at the top it leads to End, in a
 * branch or processor it ends that scope (CLOUDFLOW.md §1). Fail ends the execution.
 */
import type { SmFlowModel, SmScopeModel, SmStateModel } from '../../fdl/cloudflow/statemachine-model';
import { isMapNode, isSeqNode, mapValue, type YNode } from '../../fdl/yaml/tree';
import { scalarString } from '../../fdl/yaml/tree-read';
import type { DescEdge, DescNode, DescNodeKind, FlowDescription } from './flow-description';
import type { GraphLabels } from './graph-model';
import { shortResource } from './state-summary';

const KINDS: Record<string, DescNodeKind> = { Task: 'task', Pass: 'pass', Wait: 'wait', Choice: 'choice', Parallel: 'parallel', Map: 'map', Succeed: 'succeed', Fail: 'fail' };

export function describeStateMachine(model: SmFlowModel, labels: GraphLabels): FlowDescription {
  const edges: DescEdge[] = [];
  const start: DescNode = { id: 'start', kind: 'start', label: labels.start, children: [] };
  if (!model.root) return { nodes: [start, { id: 'end', kind: 'end', label: labels.end, children: [] }], edges: [{ from: 'start', to: 'end', kind: 'next' }] };
  const top = describeScope(model.root, '', labels, edges);
  const nodes = [start, ...top.nodes];
  if (top.first) edges.push({ from: 'start', to: top.first, kind: 'next' });
  for (const from of top.exits) edges.push({ from, to: 'end', kind: 'next' });
  if (!top.first || top.exits.length > 0) {
    nodes.push({ id: 'end', kind: 'end', label: labels.end, children: [] });
    if (!top.first) edges.push({ from: 'start', to: 'end', kind: 'next' });
  }
  return { nodes, edges };
}

function describeScope(scope: SmScopeModel, path: string, labels: GraphLabels, edges: DescEdge[]): { nodes: DescNode[]; first?: string; exits: string[] } {
  const idOf = new Map<string, string>();
  scope.states.forEach((s, i) => {
    if (s.name && !idOf.has(s.name)) idOf.set(s.name, `${path}${i}`);
  });
  const exits: string[] = [];
  const nodes = new Map<SmStateModel, DescNode>();
  const outgoing = new Map<string, string[]>();
  scope.states.forEach((state, i) => {
    const id = `${path}${i}`;
    nodes.set(state, describeState(state, id, labels, edges));
    const out: string[] = [];
    const link = (target: string | undefined, kind: DescEdge['kind'], label?: string) => {
      const to = target === undefined ? undefined : idOf.get(target);
      if (!to) return;
      edges.push({ from: id, to, kind, ...(label !== undefined ? { label } : {}) });
      out.push(to);
    };
    if (state.type === 'Choice') {
      for (const b of seqItems(mapValue(state.node, 'Branches'))) link(scalarString(mapValue(b, 'Next'))?.value, 'choice', scalarString(mapValue(b, 'Condition'))?.value ?? '');
      link(scalarString(mapValue(state.node, 'Default'))?.value, 'default', labels.defaultBranch);
    } else {
      link(state.next?.value, 'next');
    }
    for (const c of seqItems(mapValue(state.node, 'Catch'))) {
      const errors = seqItems(mapValue(c, 'Errors'))
        .map((e) => scalarString(e)?.value)
        .filter((e): e is string => e !== undefined);
      link(scalarString(mapValue(c, 'Next'))?.value, 'catch', labels.catchErrors(errors.join(', ')));
    }
    if (state.type !== 'Fail' && state.type !== 'Choice' && (state.end?.value === true || state.type === 'Succeed')) exits.push(id);
    outgoing.set(id, out);
  });
  const first = scope.startAt ? idOf.get(scope.startAt.value) : undefined;
  // Listed in the order control reaches them from StartAt (the YAML lists states in any order), so
  // the layout, which keeps this order where it can, draws the flow top-down; the rest follow.
  const order = new Map<string, number>();
  const visit = [first ?? ''];
  while (visit.length) {
    const id = visit.shift()!;
    if (!id || order.has(id)) continue;
    order.set(id, order.size);
    visit.push(...(outgoing.get(id) ?? []));
  }
  const ranked = [...nodes.values()].sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity));
  return { nodes: ranked, first, exits };
}

function describeState(state: SmStateModel, id: string, labels: GraphLabels, edges: DescEdge[]): DescNode {
  const kind = (state.type && KINDS[state.type]) || 'unknown';
  const node: DescNode = {
    id,
    kind,
    label: state.name || `(${state.type ?? '?'})`,
    ...(state.name ? { stepName: state.name } : {}),
    nameOffset: state.nameSpan.start,
    span: state.span,
    children: [],
  };
  const detail = stateSummary(state, kind, labels);
  if (detail) node.detail = detail;
  if (state.type === 'Parallel') {
    node.children = state.children.map((scope, i) => ({
      id: `${id}.b${i}`,
      kind: 'branch',
      label: labels.branch((scope.index ?? i) + 1),
      children: describeScope(scope, `${id}.b${i}.`, labels, edges).nodes,
    }));
  } else if (state.type === 'Map' && state.children[0]) {
    node.children = describeScope(state.children[0], `${id}.p.`, labels, edges).nodes;
  }
  return node;
}

/** `task · WaitForCustomCallback · approve`, `wait · 10s`, `fail · Rejected`, `for each in $Input.items`. */
function stateSummary(state: SmStateModel, kind: DescNodeKind, labels: GraphLabels): string {
  const read = (key: string) => scalarString(mapValue(state.node, key))?.value;
  switch (state.type) {
    case 'Task': {
      const parts = ['task'];
      const mode = read('TaskMode');
      if (mode && mode !== 'RequestComplete') parts.push(mode);
      const action = read('Action');
      const params = mapValue(state.node, 'Parameters');
      const fn = scalarString(mapValue(params, 'resourceArn'))?.value ?? scalarString(mapValue(params, 'functionName'))?.value;
      if (action === 'FC:InvokeFunction' && fn) parts.push(shortResource(fn));
      else if (action) parts.push(action);
      return parts.join(' · ');
    }
    case 'Wait': {
      const seconds = read('Seconds') ?? read('Seconds.$');
      return seconds === undefined ? 'wait' : /^\d+$/.test(seconds) ? `wait · ${seconds}s` : `wait · ${seconds}`;
    }
    case 'Fail': {
      const code = read('Code');
      return code ? `fail · ${code}` : 'fail';
    }
    case 'Map':
      return labels.iterate(read('ItemsPath') ?? '');
    default:
      return kind === 'unknown' ? (state.type ?? '') : kind;
  }
}

function seqItems(node: YNode | undefined): YNode[] {
  return isSeqNode(node) ? node.items.filter((i): i is YNode => isMapNode(i) || i !== null) : [];
}
