/**
 * Routes the jumps (choice gotos, catch gotos, early ends) once every node has its place: out of
 * the source's right side, down or up a lane to the right of the diagram, into the target's
 * right side. Lanes are shared by jumps whose vertical spans do not overlap, so the diagram
 * widens by the number of jumps alive at once, not by the number of jumps.
 */
import type { GraphEdge, GraphNode } from './graph-model';
import { edge, type PendingJump } from './layout-block';

const LANE_GAP = 14;
/** Spread between the ports of several jumps leaving or entering one node. */
const PORT_SPREAD = 12;

export function routeJumps(nodes: ReadonlyMap<string, GraphNode>, jumps: PendingJump[], rightEdge: number): { edges: GraphEdge[]; rightEdge: number } {
  const routable = jumps.filter((j) => nodes.has(j.from) && nodes.has(j.to));
  const heightOf = (id: string) => nodes.get(id)!.height;
  const outPorts = portOffsets(
    routable.map((j) => j.from),
    heightOf,
  );
  const inPorts = portOffsets(
    routable.map((j) => j.to),
    heightOf,
  );
  const spans = routable.map((j, i) => {
    const a = nodes.get(j.from)!;
    const b = nodes.get(j.to)!;
    const y1 = a.y + a.height / 2 + outPorts[i];
    const y2 = b.y + b.height / 2 + inPorts[i];
    return { j, a, b, y1, y2, lo: Math.min(y1, y2), hi: Math.max(y1, y2) };
  });

  // Greedy interval colouring: shortest spans nearest the diagram.
  const order = spans.map((_, i) => i).sort((p, q) => spans[p].hi - spans[p].lo - (spans[q].hi - spans[q].lo) || spans[p].lo - spans[q].lo);
  const laneEnds: { lo: number; hi: number }[][] = [];
  const laneOf = new Array<number>(spans.length);
  for (const i of order) {
    const s = spans[i];
    let lane = laneEnds.findIndex((taken) => taken.every((t) => s.hi + LANE_GAP / 2 < t.lo || s.lo - LANE_GAP / 2 > t.hi));
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push([]);
    }
    laneEnds[lane].push({ lo: s.lo, hi: s.hi });
    laneOf[i] = lane;
  }

  const edges = spans.map((s, i) => {
    const laneX = rightEdge + LANE_GAP * (laneOf[i] + 1);
    const startX = s.a.x + s.a.width;
    const endX = s.b.x + s.b.width;
    const points = [
      { x: startX, y: s.y1 },
      { x: laneX, y: s.y1 },
      { x: laneX, y: s.y2 },
      { x: endX, y: s.y2 },
    ];
    return edge(s.j.kind, s.j.from, s.j.to, points, s.j.label, s.j.label !== undefined ? { x: startX + 6, y: s.y1 - 2 } : undefined);
  });
  return { edges, rightEdge: rightEdge + LANE_GAP * (laneEnds.length + 1) };
}

/** For each occurrence of an id, its offset among that id's occurrences: 0, or spread around 0 within the node. */
function portOffsets(ids: string[], heightOf: (id: string) => number): number[] {
  const total = new Map<string, number>();
  for (const id of ids) total.set(id, (total.get(id) ?? 0) + 1);
  const seen = new Map<string, number>();
  return ids.map((id) => {
    const k = seen.get(id) ?? 0;
    seen.set(id, k + 1);
    const n = total.get(id)!;
    const spread = n > 1 ? Math.min(PORT_SPREAD, (heightOf(id) - 4) / (n - 1)) : 0;
    return (k - (n - 1) / 2) * spread;
  });
}
