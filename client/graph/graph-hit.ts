/** Which node of a drawn diagram the editor's cursor is in: the innermost state whose text holds the offset. */
import type { FlowGraph, GraphNode } from './graph-model';

export function nodeAt(graph: FlowGraph, offset: number): GraphNode | undefined {
  let best: GraphNode | undefined;
  for (const n of graph.nodes) {
    if (n.stepStart === undefined || n.stepEnd === undefined || offset < n.stepStart || offset >= n.stepEnd) continue;
    if (!best || n.stepEnd - n.stepStart < best.stepEnd! - best.stepStart!) best = n;
  }
  return best;
}
