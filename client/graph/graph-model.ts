/**
 * The positioned flow diagram: what the layout computes (elk-layout.ts) from a flow's description
 * (flow-description.ts) and what graph-svg.ts draws, in the webview and in an exported file.
 * Plain data (it crosses postMessage as JSON); coordinates are pixels from the diagram's top-left,
 * y grows downwards.
 */
import type { DescEdgeKind, DescNodeKind } from './flow-description';

export type GraphNodeKind = DescNodeKind;

export interface Point {
  x: number;
  y: number;
}

export interface GraphNode {
  /** Stable within one layout: the state's path (`0`, `2.b1.0`…) or `start`/`end`. */
  id: string;
  kind: GraphNodeKind;
  label: string;
  /** Second line: task pattern and function, wait duration, fail error… */
  detail?: string;
  /** The label and the detail as drawn: wrapped to lines that each fit the box. */
  labelLines: string[];
  detailLines: string[];
  /** The state this node draws (status overlays and history speak state names). */
  stepName?: string;
  /** Where clicking the node puts the cursor (the state's name). */
  nameOffset?: number;
  /** The whole state [start, end), for matching the editor cursor to a node. */
  stepStart?: number;
  stepEnd?: number;
  /** The node holds other nodes (Parallel, Map, foreach, a branch): drawn as a frame with a header. */
  container: boolean;
  /** The container node this one is drawn in, if any. */
  parent?: string;
  /** Nesting depth (0 at the top); containers are drawn outermost first. */
  depth: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export type GraphEdgeKind = DescEdgeKind;

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  kind: GraphEdgeKind;
  label?: string;
  /** Orthogonal polyline from the source's border to the target's border. */
  points: Point[];
  /**
   * A bundled catch's line shares its trunk with others (edge-bundles.ts): where its dashes must
   * start so that they fall where theirs do along the trunk (an SVG stroke-dashoffset).
   */
  dashOffset?: number;
  /** The label's box, placed by the layout so that it overlaps no node; its lines are drawn from the top. */
  labelBox?: { x: number; y: number; width: number; height: number; lines: string[] };
}

export interface FlowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

/**
 * A step's live state during a run, folded from history events (step-status.ts). Each has a
 * badge and a style in media/graph and a localised word in the page's strings.
 */
export const NODE_RUN_STATUSES = ['running', 'waiting', 'succeeded', 'failed', 'stopped'] as const;
export type NodeRunStatus = (typeof NODE_RUN_STATUSES)[number];

/** The words the diagram shows that are not the user's own (localised by the VS Code layer). */
export interface GraphLabels {
  start: string;
  end: string;
  branch: (index: number) => string;
  defaultBranch: string;
  catchErrors: (errors: string) => string;
  iterate: (collection: string) => string;
}

export const ENGLISH_LABELS: GraphLabels = {
  start: 'Start',
  end: 'End',
  branch: (i) => `Branch ${i}`,
  defaultBranch: 'default',
  catchErrors: (errors) => `catch ${errors}`,
  iterate: (collection) => `for each in ${collection}`,
};
