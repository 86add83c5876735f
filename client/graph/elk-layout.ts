/**
 * Flow description → positioned diagram, laid out by ELK's layered algorithm (elkjs, the Eclipse
 * Layout Kernel compiled to JavaScript): states in layers top-down, orthogonal edges, a Parallel's
 * branches, a Map's processor, a foreach body and a classic choice branch as compound nodes whose
 * contents are laid out inside them (a transition joins two nodes of one scope; any other is not drawn), edge labels placed by ELK where they overlap no node. Every
 * text is measured (text-metrics.ts) and wrapped before layout, so boxes fit their labels whole.
 *
 * Runs in the extension host (and in tests): pure, no vscode, no DOM. docs/flow-graph.md has the
 * reasons and the timings.
 */
import type { ELK as ElkEngine, ElkLabel, ElkNode, LayoutOptions } from 'elkjs/lib/elk.bundled.js';
import { bundleScope, composeRoute, type BundledScope, type ScopeEdge } from './edge-bundles';
import type { DescNode, FlowDescription } from './flow-description';
import type { FlowGraph, GraphEdge, GraphNode, Point } from './graph-model';
import { textWidth, wrapText, type TextStyle } from './text-metrics';

/** Text styles of the diagram; media/graph/graph-view.css and graph-svg.ts draw with the same sizes. */
export const LABEL_STYLE: TextStyle = { size: 12, bold: true };
export const DETAIL_STYLE: TextStyle = { size: 10.5 };
export const LABEL_LINE = 15;
export const DETAIL_LINE = 13;
export const PAD_X = 12;
export const PAD_TOP = 8;
/** Room at a node's right for its run badge. */
export const BADGE_ROOM = 18;
const MAX_TEXT = 240;
const MAX_EDGE_TEXT = 200;
const MIN_WIDTH = 120;
const TERMINAL = { width: 96, height: 30 };
const FRAME_PAD = 12;
/** Past this many nodes the layout trades some crossing minimisation for time (docs/flow-graph.md has the numbers). */
const LARGE = 80;

/** Runs ELK on a graph: in this thread (`inThisThread`), or in a worker (elk-worker-pool.ts). */
export type ElkRunner = (graph: ElkNode) => Promise<ElkNode>;

let engine: Promise<ElkEngine> | undefined;

/** ELK in this thread, loaded on the first layout: the extension's bundle keeps it in a file of its own (esbuild.mjs), so activating does not parse it. */
export const inThisThread: ElkRunner = async (graph) => {
  engine ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return (await engine).layout(graph);
};

export async function layoutDescription(description: FlowDescription, run: ElkRunner = inThisThread): Promise<FlowGraph> {
  const parentOf = new Map<string, string>();
  const described = new Map<string, DescNode>();
  const junctions = new Set<string>();
  const scopeOptions = scopeLayoutOptions(countNodes(description.nodes));
  const root: ElkNode = {
    id: '(root)',
    layoutOptions: {
      ...scopeOptions,
      'elk.padding': '[top=24,left=24,bottom=24,right=24]',
      // Every coordinate of the result from the diagram's top-left.
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    },
    children: description.nodes.map((n) => toElk(n, '(root)', parentOf, described, scopeOptions)),
    edges: [],
  };
  const containers = new Map<string, ElkNode>([[root.id, root]]);
  indexContainers(root, containers);
  const scopeEdges = new Map<string, ScopeEdge[]>();
  description.edges.forEach((e, index) => {
    if (!described.has(e.from) || !described.has(e.to) || parentOf.get(e.from) !== parentOf.get(e.to)) return;
    const scope = containers.has(parentOf.get(e.from)!) ? parentOf.get(e.from)! : root.id;
    const edge: ScopeEdge = { index, edge: e };
    if (e.label) {
      const lines = wrapText(e.label, MAX_EDGE_TEXT, DETAIL_STYLE);
      edge.labels = [
        { id: `e${index}.label`, text: lines.join('\n'), width: Math.max(...lines.map((l) => textWidth(l, DETAIL_STYLE))) + 4, height: lines.length * DETAIL_LINE + 2 },
      ];
    }
    (scopeEdges.get(scope) ?? scopeEdges.set(scope, []).get(scope)!).push(edge);
  });
  const bundles: BundledScope[] = [];
  for (const [scope, edges] of scopeEdges) {
    const container = containers.get(scope)!;
    const children = container.children ?? [];
    const bundle = bundleScope(edges, new Map(children.map((c, i) => [c.id, i])));
    container.edges = bundle.edges;
    if (bundle.junctions.length > 0) {
      const after = new Map<string, ElkNode[]>();
      for (const j of bundle.junctions) (after.get(j.after) ?? after.set(j.after, []).get(j.after)!).push(j.node);
      container.children = children.flatMap((c) => [c, ...(after.get(c.id) ?? [])]);
      for (const j of bundle.junctions) junctions.add(j.node.id);
    }
    bundles.push(bundle);
  }

  const laid = await run(root);

  const nodes: GraphNode[] = [];
  const walk = (elk: ElkNode, depth: number, parent?: string) => {
    for (const child of elk.children ?? []) {
      if (junctions.has(child.id)) continue;
      const d = described.get(child.id)!;
      const text = nodeText(d);
      nodes.push({
        id: d.id,
        kind: d.kind,
        label: d.label,
        ...(d.detail !== undefined ? { detail: d.detail } : {}),
        labelLines: text.labelLines,
        detailLines: text.detailLines,
        ...(d.stepName !== undefined ? { stepName: d.stepName } : {}),
        ...(d.nameOffset !== undefined ? { nameOffset: d.nameOffset } : {}),
        ...(d.span ? { stepStart: d.span.start, stepEnd: d.span.end } : {}),
        container: d.children.length > 0,
        ...(parent !== undefined ? { parent } : {}),
        depth,
        x: child.x ?? 0,
        y: child.y ?? 0,
        width: child.width ?? 0,
        height: child.height ?? 0,
      });
      walk(child, depth + 1, child.id);
    }
  };
  walk(laid, 0);

  const laidEdges = new Map<string, { points: Point[]; label?: ElkLabel }>();
  const collect = (elk: ElkNode) => {
    for (const e of elk.edges ?? []) {
      const section = e.sections?.[0];
      if (!section) continue;
      laidEdges.set(e.id, { points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: p.x, y: p.y })), label: e.labels?.[0] });
    }
    for (const c of elk.children ?? []) collect(c);
  };
  collect(laid);
  const pointsOf = new Map([...laidEdges].map(([id, e]) => [id, e.points]));
  const edges: GraphEdge[] = [];
  const edgeOf = (index: number, points: Point[], label: ElkLabel | undefined, dashOffset?: number): GraphEdge => {
    const source = description.edges[index];
    return {
      id: `e${index}`,
      from: source.from,
      to: source.to,
      kind: source.kind,
      ...(source.label !== undefined ? { label: source.label } : {}),
      points,
      ...(dashOffset !== undefined && Math.abs(dashOffset) > 0.01 ? { dashOffset: Math.round(dashOffset * 100) / 100 } : {}),
      ...(label ? { labelBox: { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0, lines: (label.text ?? '').split('\n') } } : {}),
    };
  };
  for (const bundle of bundles) {
    for (const e of bundle.edges) {
      if (!/^e\d+$/.test(e.id)) continue;
      const got = laidEdges.get(e.id);
      if (got) edges.push(edgeOf(Number(e.id.slice(1)), got.points, got.label));
    }
    for (const [index, route] of bundle.routes) {
      const composed = composeRoute(route, pointsOf, bundle.upward.has(index));
      if (composed) edges.push(edgeOf(index, composed.points, laidEdges.get(route[0])?.label, composed.dashOffset));
    }
  }
  edges.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  return { nodes, edges, width: Math.ceil(laid.width ?? 0), height: Math.ceil(laid.height ?? 0) };
}

/** How every scope is laid out: the diagram and each compound node (ELK does not pass these down). */
function scopeLayoutOptions(size: number): LayoutOptions {
  return {
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    // Each scope laid out by itself, innermost first: every transition joins two nodes of one scope
    // (describers see to it), and only so does ELK honour a compound node's minimum size (its header).
    'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
    'elk.edgeRouting': 'ORTHOGONAL',
    // States are listed in the order control reaches them (the describers see to it): loops back
    // (a retry through a Choice, a catch back to an earlier state) are the edges drawn upwards.
    'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    ...(size > LARGE ? { 'elk.layered.thoroughness': '1', 'elk.layered.crossingMinimization.greedySwitch.type': 'OFF' } : {}),
    'elk.spacing.nodeNode': '28',
    'elk.layered.spacing.nodeNodeBetweenLayers': '36',
    'elk.layered.spacing.edgeNodeBetweenLayers': '14',
    'elk.spacing.edgeLabel': '4',
  };
}

/** A node's label and detail as drawn, wrapped to its box; and the box's size for them. */
export function nodeText(n: DescNode): { labelLines: string[]; detailLines: string[]; width: number; height: number } {
  if (n.kind === 'start' || n.kind === 'end') {
    const width = Math.max(TERMINAL.width, textWidth(n.label, LABEL_STYLE) + 2 * PAD_X);
    return { labelLines: [n.label], detailLines: [], width, height: TERMINAL.height };
  }
  const frame = n.kind === 'branch';
  const style = frame ? DETAIL_STYLE : LABEL_STYLE;
  const labelLines = wrapText(n.label, MAX_TEXT, style);
  const detailLines = n.detail ? wrapText(n.detail, MAX_TEXT, DETAIL_STYLE) : [];
  const widest = Math.max(...labelLines.map((l) => textWidth(l, style)), ...detailLines.map((l) => textWidth(l, DETAIL_STYLE)));
  const width = Math.max(frame ? 0 : MIN_WIDTH, widest + 2 * PAD_X + (frame ? 0 : BADGE_ROOM));
  const height = PAD_TOP + labelLines.length * (frame ? DETAIL_LINE : LABEL_LINE) + detailLines.length * DETAIL_LINE + PAD_TOP;
  return { labelLines, detailLines, width, height };
}

function toElk(n: DescNode, parent: string, parentOf: Map<string, string>, described: Map<string, DescNode>, scopeOptions: LayoutOptions): ElkNode {
  if (described.has(n.id)) throw new Error(`duplicate node id ${n.id}`);
  described.set(n.id, n);
  parentOf.set(n.id, parent);
  const text = nodeText(n);
  const layoutOptions: LayoutOptions = {};
  if (n.kind === 'start') layoutOptions['elk.layered.layering.layerConstraint'] = 'FIRST';
  if (n.kind === 'end') layoutOptions['elk.layered.layering.layerConstraint'] = 'LAST';
  if (n.children.length === 0) return { id: n.id, width: text.width, height: text.height, layoutOptions };
  // A compound node: its header (the text) on top, its scope laid out below it.
  return {
    id: n.id,
    layoutOptions: {
      ...scopeOptions,
      ...layoutOptions,
      'elk.padding': `[top=${text.height + 4},left=${FRAME_PAD},bottom=${FRAME_PAD},right=${FRAME_PAD}]`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': `(${text.width}, ${text.height + 2 * FRAME_PAD})`,
      // A Parallel's branches are joined by no edge: one layer of them, side by side.
      'elk.separateConnectedComponents': 'false',
    },
    children: n.children.map((c) => toElk(c, n.id, parentOf, described, scopeOptions)),
    edges: [],
  };
}

function indexContainers(node: ElkNode, into: Map<string, ElkNode>): void {
  for (const c of node.children ?? []) {
    if (c.children) {
      into.set(c.id, c);
      indexContainers(c, into);
    }
  }
}

function countNodes(nodes: readonly DescNode[]): number {
  return nodes.reduce((n, d) => n + 1 + countNodes(d.children), 0);
}
