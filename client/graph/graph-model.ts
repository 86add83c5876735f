/**
 * The positioned flow diagram: what the layout computes (flow-layout.ts) and the webview draws.
 * Plain data (it crosses postMessage as JSON); coordinates are pixels, y grows downwards.
 */
import type { StepType } from '../../fdl/model';

/** A step's node is of its step kind (fdl/model.ts STEP_TYPES); start, end and join are the graph's own. */
export type GraphNodeKind = 'start' | 'end' | 'join' | StepType;

export interface Point {
  x: number;
  y: number;
}

export interface GraphNode {
  /** Stable within one layout: the step's path (`0`, `2.b1.0`…) or `start`/`end`/a join id. */
  id: string;
  kind: GraphNodeKind;
  label: string;
  /** Second line: task pattern and function, wait duration, fail error… */
  detail?: string;
  /** The step this node draws (status overlays and history speak step names). */
  stepName?: string;
  /** Offsets of the step's `name` value, where clicking the node puts the cursor. */
  nameOffset?: number;
  /** The whole step mapping [start, end), for matching the editor cursor to a node. */
  stepStart?: number;
  stepEnd?: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A frame around a foreach body or a parallel branch. */
export interface GraphGroup {
  id: string;
  kind: 'foreach' | 'branch';
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * `next`: sequence; `branch`: a choice branch or parallel branch leaving its header (labelled with
 * the condition); `merge`: a branch coming back to its join; `goto`: a choice's goto; `catch`: a
 * catch's goto (drawn dashed); `end`: `end: true` leaving its sequence early.
 */
export type GraphEdgeKind = 'next' | 'branch' | 'merge' | 'goto' | 'catch' | 'end';

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  kind: GraphEdgeKind;
  label?: string;
  /** Polyline from the source to the target; the last segment ends at the target's border. */
  points: Point[];
  /** Where the label sits (near the source). */
  labelAt?: Point;
}

export interface FlowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
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
