/**
 * Evaluating a parsed path against a step's data, with JSONPath's projection semantics:
 * - a missing field, an index out of range, or a field of a non-object gives `undefined`;
 * - once a `[*]` (or `.*`) appears the result is an array: every later segment applies to each
 *   element, elements where it finds nothing are dropped, and a further `[*]` flattens one level
 *   (`$local[*].parts[*]` over `[{parts:[1,2]},{parts:[3]}]` is `[1,2,3]`);
 * - `[*]` over an object projects its values (JSONPath), over anything else yields nothing;
 * - a negative index counts from the end (`[-1]` is the last element).
 */
import type { PathAst } from './path';

export interface PathScope {
  /** `$input`, and `$` (the step input in conditions, collection, serviceParams). */
  input?: unknown;
  local?: unknown;
  context?: unknown;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function evaluatePath(ast: PathAst, scope: PathScope): unknown {
  // Until a `[*]`, a path names one value: followed directly, with no arrays of candidates (most
  // paths have no `[*]`, and the engine evaluates them at every step visit).
  let v: unknown = ast.root === '$local' ? scope.local : ast.root === '$context' ? scope.context : scope.input;
  const segments = ast.segments;
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    if (seg.kind === 'wildcard') return project(v === undefined ? [] : [v], ast, s);
    if (v === undefined) continue;
    if (seg.kind === 'field') v = isObject(v) && hasOwn(v, seg.name) ? v[seg.name] : undefined;
    else if (Array.isArray(v)) {
      const i = seg.index < 0 ? v.length + seg.index : seg.index;
      v = i >= 0 && i < v.length ? v[i] : undefined;
    } else v = undefined;
  }
  return v;
}

/** The projection from segment `from` (a `[*]`) on: every later segment applies to each candidate. */
function project(start: unknown[], ast: PathAst, from: number): unknown[] {
  let current = start;
  for (let s = from; s < ast.segments.length; s++) {
    const seg = ast.segments[s];
    const next: unknown[] = [];
    for (const v of current) {
      if (seg.kind === 'field') {
        if (isObject(v) && hasOwn(v, seg.name)) next.push(v[seg.name]);
      } else if (seg.kind === 'index') {
        if (Array.isArray(v)) {
          const i = seg.index < 0 ? v.length + seg.index : seg.index;
          if (i >= 0 && i < v.length) next.push(v[i]);
        }
      } else {
        if (Array.isArray(v)) for (const x of v) next.push(x);
        else if (isObject(v)) for (const k of Object.keys(v)) next.push(v[k]);
      }
    }
    current = next;
  }
  return current;
}
