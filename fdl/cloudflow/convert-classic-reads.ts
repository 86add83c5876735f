/**
 * Which data a classic flow reads after each step, so the converted flow carries it.
 *
 * Classic steps merge their output into the data later steps see; StateMachine states replace it
 * (an OutputConstructor builds the whole output). The converter therefore carries, past every state
 * that would drop them, the top-level fields that steps after it read by path (`after(step).fields`).
 * A step that takes its whole input (a task without inputMappings, a path with no field such as
 * `$input`) may read any field: then `after(step).whole` is set and the converter reports what it
 * cannot carry.
 *
 * "After" is approximated by the text: a flow without backward gotos runs its steps in document
 * order. Data lives in regions: the flow, each parallel branch and each foreach body. A region starts
 * from its owner's input, so the reads inside it count for the steps before it; its own data reaches
 * the outside only through its owner's outputMappings (`$local[0].x`), which count as reads at the
 * region's end.
 */
import { conditionPaths, parseCondition } from '../expressions/condition';
import { parsePath, type PathAst } from '../expressions/path';
import type { Flow, Mapping, Scope, Step } from '../model';
import { carriesCatch, childScopes } from '../step-kinds';

export interface Reads {
  /** Top-level field names read, in document order. */
  fields: Set<string>;
  /** Some step takes its whole input (or reads a path without a first field). */
  whole: boolean;
}

export interface FlowReads {
  /** A goto jumps back, so any read of a region may follow any of its steps. */
  hasLoop: boolean;
  /** The reads of steps that may run after `step` and see the data its state hands on. */
  after(step: Step): Reads;
  /** Every read inside a step's sequences (used for a foreach body's iteration input). */
  within(step: Step): Reads;
}

interface Read {
  /** The field read, or undefined for a whole-input read. */
  field?: string;
  /** Offset of the reading step (a region's exit reads stand at its end). */
  at: number;
  region: number;
  /** An owner's outputMappings reading the region's output. */
  exit?: boolean;
}

const END = Number.MAX_SAFE_INTEGER;

export function collectReads(flow: Flow): FlowReads {
  const all: Read[] = [];
  /** parent of each region; region 0 is the flow. */
  const parents: number[] = [-1];
  /** The sequence of each region: the flow's body, a branch's, an iteration's. */
  const regionScopes: Scope[] = [flow.body];
  const regionOf = new Map<Step, number>();
  let at = 0;
  let region = 0;
  let hasLoop = false;

  const push = (field: string | undefined, r = region, where = at, exit = false) => all.push({ field, at: where, region: r, exit });
  const path = (ast: PathAst, roots: readonly string[]) => {
    if (!roots.includes(ast.root)) return;
    const first = ast.segments[0];
    push(first?.kind === 'field' ? first.name : undefined);
  };
  const text = (value: unknown, roots: readonly string[]) => {
    if (typeof value !== 'string' || !value.startsWith('$')) return;
    const p = parsePath(value);
    if (p.ok) path(p.ast, roots);
  };
  const mappings = (ms: readonly Mapping[] | undefined, roots: readonly string[]) => {
    for (const m of ms ?? []) text(m.source?.value, roots);
  };
  const deep = (value: unknown, depth = 0): void => {
    if (depth > 64) return;
    if (typeof value === 'string') text(value, ['$']);
    else if (Array.isArray(value)) value.forEach((v) => deep(v, depth + 1));
    else if (value && typeof value === 'object') Object.values(value).forEach((v) => deep(v, depth + 1));
  };
  /**
   * The owner's outputMappings read a branch's or iteration's output as `$local[i].x`: reads at the
   * end of the region's last step, so they follow every step inside it and none after the owner.
   */
  const exitReads = (owner: Step, sc: Scope, r: number, branch: number | undefined) => {
    const end = sc.steps.length > 0 ? sc.steps[sc.steps.length - 1].span.end : owner.span.start;
    for (const m of owner.outputMappings ?? []) {
      const v = m.source?.value;
      if (typeof v !== 'string' || !v.startsWith('$local')) continue;
      const p = parsePath(v);
      if (!p.ok) continue;
      const [which, field] = p.ast.segments;
      if (which === undefined) push(undefined, r, end, true);
      else if (which.kind === 'wildcard' || (which.kind === 'index' && (branch === undefined || which.index === branch))) {
        push(field?.kind === 'field' ? field.name : undefined, r, end, true);
      }
    }
  };
  const backward = (from: Step, target: string | undefined) => {
    const t = from.scope.steps.find((x) => x.name === target);
    if (t && t.span.start <= from.span.start) hasLoop = true;
  };
  const enter = (owner: Step, sc: Scope, branch: number | undefined) => {
    const outer = region;
    region = parents.length;
    parents.push(outer);
    regionScopes[region] = sc;
    scope(sc);
    exitReads(owner, sc, region, branch);
    region = outer;
  };

  const step = (s: Step) => {
    at = s.span.start;
    regionOf.set(s, region);
    if (s.type === 'choice') for (const c of [...s.choices, ...(s.default ? [s.default] : [])]) backward(s, c.goto?.value);
    if (carriesCatch(s)) for (const c of s.catch) backward(s, c.goto?.value);
    // inputMappings read the parent's input and local: both are the carried data.
    mappings(s.inputMappings, ['$input', '$local']);
    // Without inputMappings a step's own input is the carried data, read by `$input` in its outputs.
    if (!s.inputMappings) mappings(s.outputMappings, ['$input']);
    if (s.type === 'task' && !s.inputMappings) {
      push(undefined);
      mappings(s.errorMappings, ['$input']);
      deep(s.serviceParams?.value);
    }
    if (s.type === 'wait' && !s.inputMappings) {
      text(s.duration?.value, ['$']);
      text(s.timestamp?.value, ['$']);
    }
    if (s.type === 'choice') {
      if (!s.inputMappings) {
        for (const c of s.choices) {
          const p = c.condition ? parseCondition(c.condition.value) : undefined;
          if (p?.ok) for (const ast of conditionPaths(p.ast)) path(ast, ['$', '$input']);
        }
      }
      // A choice's inline steps share the data of the choice's region.
      for (const c of childScopes(s)) scope(c);
    }
    if (s.type === 'foreach') {
      if (!s.inputMappings) text(s.iterationMapping?.collection?.value, ['$']);
      enter(s, s.body, undefined);
    }
    if (s.type === 'parallel') s.branches.forEach((b, i) => enter(s, b.scope, i));
  };
  const scope = (sc: Scope) => sc.steps.forEach(step);
  scope(flow.body);
  at = END;
  region = 0;
  mappings(flow.outputMappings, ['$local']);

  /** Regions whose reads see region r's data: r and the regions nested in it. */
  const inside = (readRegion: number, r: number) => {
    for (let x = readRegion; x >= 0; x = parents[x]) if (x === r) return true;
    return false;
  };
  const summary = (reads: Read[]): Reads => ({
    fields: new Set(reads.flatMap((r) => (r.field === undefined ? [] : [r.field]))),
    whole: reads.some((r) => r.field === undefined),
  });
  return {
    hasLoop,
    after: (s) => {
      const r = regionOf.get(s) ?? 0;
      // A step of the region's own sequence with `end: true` ends it: only what reads the region's
      // result (its owner's outputMappings, or the flow's) sees its data, whatever follows in the text.
      if (s.end?.value === true && regionScopes[r] === s.scope) return summary(all.filter((x) => x.region === r && (x.exit || x.at === END)));
      return summary(all.filter((x) => inside(x.region, r) && (hasLoop || x.at >= s.span.end)));
    },
    within: (s) => summary(all.filter((x) => !x.exit && x.at > s.span.start && x.at < s.span.end)),
  };
}
