/**
 * The building piece of the layout: a laid-out block (a step, a sequence, a branch column) in its
 * own coordinates, with origin at its top-left. Blocks are symmetric: control enters at the top
 * centre and, if it falls through, leaves at the bottom centre, so stacking blocks centred in a
 * column keeps every sequence edge a straight vertical line.
 */
import type { GraphEdge, GraphEdgeKind, GraphGroup, GraphNode } from './graph-model';

/** A jump drawn after placement (goto, catch, end), when every node has its final position. */
export interface PendingJump {
  from: string;
  to: string;
  kind: Extract<GraphEdgeKind, 'goto' | 'catch' | 'end'>;
  label?: string;
}

export interface Block {
  width: number;
  height: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
  jumps: PendingJump[];
  /** The node control enters by (at the top centre); undefined for an empty sequence. */
  entry?: string;
  /** The node control falls through from (at the bottom centre); undefined if it never does. */
  exit?: string;
  /** Nodes that leave their sequence early (`end: true` before the last step). */
  earlyExits: string[];
  /** Gotos and catches of this block's step, by the sibling step name they land on (its sequence resolves them). */
  siblingJumps: SiblingJump[];
}

export interface SiblingJump extends Omit<PendingJump, 'to'> {
  toName: string;
}

export function emptyBlock(width: number, height = 0): Block {
  return { width, height, nodes: [], edges: [], groups: [], jumps: [], earlyExits: [], siblingJumps: [] };
}

/** Copies `child` into `parent`, moved by (dx, dy). */
export function placeInto(parent: Block, child: Block, dx: number, dy: number): void {
  for (const n of child.nodes) parent.nodes.push({ ...n, x: n.x + dx, y: n.y + dy });
  for (const g of child.groups) parent.groups.push({ ...g, x: g.x + dx, y: g.y + dy });
  for (const e of child.edges) {
    parent.edges.push({
      ...e,
      points: e.points.map((p) => ({ x: p.x + dx, y: p.y + dy })),
      ...(e.labelAt ? { labelAt: { x: e.labelAt.x + dx, y: e.labelAt.y + dy } } : {}),
    });
  }
  parent.jumps.push(...child.jumps);
}

/** Ids are given once the whole graph is built (flow-layout.ts numbers edges in drawing order). */
export function edge(kind: GraphEdgeKind, from: string, to: string, points: GraphEdge['points'], label?: string, labelAt?: GraphEdge['labelAt']): GraphEdge {
  return { id: '', kind, from, to, points, ...(label !== undefined ? { label } : {}), ...(labelAt ? { labelAt } : {}) };
}

/** Top and bottom (in the block's own coordinates) of one of its nodes. */
export function verticalExtent(block: Block, id: string): { top: number; bottom: number } {
  const n = block.nodes.find((m) => m.id === id);
  return n ? { top: n.y, bottom: n.y + n.height } : { top: 0, bottom: block.height };
}
