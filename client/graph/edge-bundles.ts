/**
 * Catch transitions into one state, bundled: instead of one line per catching state all the way to
 * the handler (a catch on every task to one Fail state), each catching state's line joins a trunk
 * that runs to the handler, like a bus. ELK's layered algorithm turns a line across k layers into k
 * dummy nodes, and lines side by side make every layer wide; so a flow of 1,000 states whose tasks
 * catch to one handler cost ELK minutes, and drew a lane per catch. Bundled, the catches of one
 * scope cost one lane from above the handler and one from below.
 *
 * The trunk is made of junctions: small ELK nodes, one where each catch joins, chained to the
 * handler in the order the states are listed (so the states before the handler feed a trunk coming
 * down to it and those after it one coming up, which ELK draws as reversed edges). After the
 * layout each transition is drawn whole, from its state to the handler, through the trunk
 * (`composeRoutes`). Pure, no ELK: this builds ELK's input and reads its output.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { DescEdge } from './flow-description';
import type { Point } from './graph-model';

/** Fewer catches than this on one side of a handler are drawn as plain lines. */
export const BUNDLE_MIN = 2;
/** The junction's box: ELK gives it room like any node; nothing is drawn there but the trunk. */
const JUNCTION_SIZE = 2;

/** One transition of the description, by its index there. */
export interface ScopeEdge {
  index: number;
  edge: DescEdge;
  /** ELK's label for it, if it has one. */
  labels?: ElkExtendedEdge['labels'];
}

export interface BundledScope {
  /** The scope's ELK edges: the transitions not bundled as they are, the bundled ones as their parts. */
  edges: ElkExtendedEdge[];
  /** Junction nodes to place right after the given child (by id), so model order keeps them beside their state. */
  junctions: { after: string; node: ElkNode }[];
  /** For each bundled transition (by index), the ELK edges its line goes through, from its state to its target. */
  routes: Map<number, string[]>;
  /** Bundled transitions whose trunk's ELK edges point away from the handler (read backwards). */
  upward: Set<number>;
}

/**
 * The ELK edges of one scope. `order` is each child's position in the scope (ELK's model order);
 * edge ids of unbundled transitions are `e<index>` as before, parts are `e<index>.<n>` and `t<…>`.
 */
export function bundleScope(edges: readonly ScopeEdge[], order: ReadonlyMap<string, number>): BundledScope {
  const out: BundledScope = { edges: [], junctions: [], routes: new Map(), upward: new Set() };
  const sides = new Map<string, ScopeEdge[]>();
  for (const e of edges) {
    const from = order.get(e.edge.from);
    const to = order.get(e.edge.to);
    if (e.edge.kind !== 'catch' || from === undefined || to === undefined || from === to) continue;
    const key = `${e.edge.to}\u0000${from < to ? 'above' : 'below'}`;
    (sides.get(key) ?? sides.set(key, []).get(key)!).push(e);
  }
  const bundled = new Set<number>();
  let trunkCount = 0;
  for (const [key, side] of sides) {
    if (side.length < BUNDLE_MIN) continue;
    const target = key.slice(0, key.indexOf('\u0000'));
    // Farthest from the handler first: the trunk runs from it towards the handler.
    const above = key.endsWith('above');
    side.sort((a, b) => (above ? 1 : -1) * (order.get(a.edge.from)! - order.get(b.edge.from)!) || a.index - b.index);
    const trunk = `t${trunkCount++}`;
    const junctionIds = side.map((_, k) => `${trunk}.j${k}`);
    side.forEach((e, k) => {
      bundled.add(e.index);
      out.junctions.push({ after: e.edge.from, node: { id: junctionIds[k], width: JUNCTION_SIZE, height: JUNCTION_SIZE } });
      const own = `e${e.index}.0`;
      out.edges.push({ id: own, sources: [e.edge.from], targets: [junctionIds[k]], ...(e.labels ? { labels: e.labels } : {}) });
      const next = k + 1 < side.length ? junctionIds[k + 1] : target;
      // Below the handler the trunk runs up to it: ELK gets it pointing down, from the handler, so
      // that it reverses nothing (its reversed edges start a layer away from their node).
      out.edges.push({ id: `${trunk}.${k}`, sources: [above ? junctionIds[k] : next], targets: [above ? next : junctionIds[k]] });
      out.routes.set(e.index, [own, ...side.slice(k).map((_, m) => `${trunk}.${k + m}`)]);
      if (!above) out.upward.add(e.index);
    });
  }
  for (const e of edges) if (!bundled.has(e.index)) out.edges.push({ id: `e${e.index}`, sources: [e.edge.from], targets: [e.edge.to], ...(e.labels ? { labels: e.labels } : {}) });
  return out;
}

/** The points of ELK's route for one edge, from its source to its target. */
export type LaidEdges = ReadonlyMap<string, Point[]>;

/**
 * A bundled transition's whole line: its own part, then the trunk from its junction to the
 * handler; and the dash offset that lines its dashes up with the others' on the trunk (counted back
 * from the handler, where every line of the trunk ends).
 */
export function composeRoute(route: readonly string[], laid: LaidEdges, upward: boolean): { points: Point[]; dashOffset: number } | undefined {
  const points: Point[] = [];
  for (const [k, id] of route.entries()) {
    const got = laid.get(id);
    if (!got) return undefined;
    const part = k > 0 && upward ? [...got].reverse() : got;
    // Each part starts on the junction the previous one ended on.
    points.push(...(k === 0 ? part : part.slice(1)));
  }
  const line = simplify(points);
  return { points: line, dashOffset: -length(line) };
}

function length(points: readonly Point[]): number {
  let sum = 0;
  for (let i = 1; i < points.length; i++) sum += Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
  return sum;
}

/**
 * Drops points that repeat the previous one, lie on a straight run, or turn straight back (below a
 * handler, a catch's own part and its trunk both reach the junction from above).
 */
function simplify(points: Point[]): Point[] {
  const out: Point[] = [];
  // A junction's box lets a line enter and leave it a pixel or two apart.
  const same = (a: number, b: number) => Math.abs(a - b) <= JUNCTION_SIZE + 0.5;
  for (const p of points) {
    let last = out[out.length - 1];
    if (last && same(last.x, p.x) && same(last.y, p.y)) continue;
    let prev = out[out.length - 2];
    while (prev && last && ((same(prev.x, last.x) && same(last.x, p.x)) || (same(prev.y, last.y) && same(last.y, p.y)))) {
      out.pop();
      last = prev;
      prev = out[out.length - 2];
    }
    out.push(p);
  }
  return out;
}
