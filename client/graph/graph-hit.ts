/** Which node of a drawn diagram a place in the text is: the editor's cursor, a debugger's paused step. */
import type { FlowGraph, GraphNode } from './graph-model';

/** The innermost state whose text holds the offset. */
export function nodeAt(graph: FlowGraph, offset: number): GraphNode | undefined {
  let best: GraphNode | undefined;
  for (const n of graph.nodes) {
    if (n.stepStart === undefined || n.stepEnd === undefined || offset < n.stepStart || offset >= n.stepEnd) continue;
    if (!best || n.stepEnd - n.stepStart < best.stepEnd! - best.stepStart!) best = n;
  }
  return best;
}

/** The innermost state whose text starts on a 0-based line (a debugger's frame names a step by its first line). */
export function nodeStartingOnLine(graph: FlowGraph, line: number, lineOf: (offset: number) => number): GraphNode | undefined {
  let best: GraphNode | undefined;
  for (const n of graph.nodes) {
    if (n.stepStart === undefined || n.stepEnd === undefined || lineOf(n.stepStart) !== line) continue;
    if (!best || n.stepEnd - n.stepStart < best.stepEnd! - best.stepStart!) best = n;
  }
  return best;
}
