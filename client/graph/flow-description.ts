/**
 * A flow as the graph sees it, whatever its dialect: states (nodes) that may hold scopes of other
 * states, and the transitions between them (edges). Classic FDL (describe-classic.ts) and
 * CloudFlow's StateMachine (describe-statemachine.ts) both describe into this; the layout
 * (elk-layout.ts) knows only this. Pure data, no positions.
 */
import type { Span } from '../../fdl/span';

/** A state's kind in lower case (`task`, `map`…); `branch` is a frame holding one scope of a Parallel or a classic choice; start and end are the graph's own. */
export type DescNodeKind = 'start' | 'end' | 'branch' | 'task' | 'pass' | 'wait' | 'choice' | 'parallel' | 'foreach' | 'map' | 'succeed' | 'fail' | 'unknown';

export interface DescNode {
  /** Unique in the description: the state's path (`0`, `2.b1.0`…), or `start`/`end`. */
  id: string;
  kind: DescNodeKind;
  /** The state's name (or its kind when unnamed), a branch's title. */
  label: string;
  /** One line of what the state does: `task · waitForCallback · approve`, `wait · 10s`. */
  detail?: string;
  /** The name history events carry for this state (status overlays are keyed by it). */
  stepName?: string;
  nameOffset?: number;
  span?: Span;
  /**
   * What is drawn inside: a Parallel's branches (each a `branch` node), a Map's processor or a
   * foreach's body (their states directly), a classic choice branch's steps.
   */
  children: DescNode[];
}

/**
 * `next`: control goes on (`Next`, the following classic step, into End); `choice`: a choice
 * branch taken when its condition holds (labelled with it); `default`: a choice's default;
 * `goto`: a classic choice branch that jumps by name (`goto:`); `catch`: a caught error's
 * transition (labelled with the errors).
 */
export type DescEdgeKind = 'next' | 'choice' | 'default' | 'goto' | 'catch';

export interface DescEdge {
  from: string;
  to: string;
  kind: DescEdgeKind;
  label?: string;
}

export interface FlowDescription {
  /** The top level: start, the flow's states, end. */
  nodes: DescNode[];
  edges: DescEdge[];
}
