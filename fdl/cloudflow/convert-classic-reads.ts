/**
 * Which data a classic flow reads, so the converted flow carries it.
 *
 * Classic steps merge their output into the data later steps see; StateMachine states replace it
 * (an OutputConstructor builds the whole output). The converter therefore carries, past every state
 * that would drop them, the top-level fields some step reads by path (`readFields`). A step that takes
 * its whole input (a task without inputMappings, a path with no field such as `$input`) may read any
 * field: then `wholeInputRead` is set and the converter reports what it cannot carry.
 */
import { conditionPaths, parseCondition } from '../expressions/condition';
import { parsePath, type PathAst } from '../expressions/path';
import type { Flow, Mapping, Scope, Step } from '../model';

export interface FlowReads {
  /** Top-level field names read from carried data, in document order. */
  readFields: Set<string>;
  /** Some step reads its whole input (or a path without a first field). */
  wholeInputRead: boolean;
}

export function collectReads(flow: Flow): FlowReads {
  const reads: FlowReads = { readFields: new Set(), wholeInputRead: false };
  const path = (ast: PathAst, roots: readonly string[]) => {
    if (!roots.includes(ast.root)) return;
    const first = ast.segments[0];
    if (first?.kind === 'field') reads.readFields.add(first.name);
    else reads.wholeInputRead = true;
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

  const step = (s: Step) => {
    // inputMappings read the parent's input and local: both are the carried data.
    mappings(s.inputMappings, ['$input', '$local']);
    // Without inputMappings a step's own input is the carried data, read by `$input` in its outputs.
    if (!s.inputMappings) mappings(s.outputMappings, ['$input']);
    if (s.type === 'task') {
      if (!s.inputMappings) reads.wholeInputRead = true;
      if (!s.inputMappings) mappings(s.errorMappings, ['$input']);
      if (!s.inputMappings) deep(s.serviceParams?.value);
    }
    if (s.type === 'wait' && !s.inputMappings) {
      text(s.duration?.value, ['$']);
      text(s.timestamp?.value, ['$']);
    }
    if (s.type === 'choice' && !s.inputMappings) {
      for (const c of s.choices) {
        const p = c.condition ? parseCondition(c.condition.value) : undefined;
        if (p?.ok) for (const ast of conditionPaths(p.ast)) path(ast, ['$', '$input']);
      }
    }
    if (s.type === 'foreach' && !s.inputMappings) text(s.iterationMapping?.collection?.value, ['$']);
    for (const child of childScopes(s)) scope(child);
  };
  const scope = (sc: Scope) => sc.steps.forEach(step);
  scope(flow.body);
  mappings(flow.outputMappings, ['$local']);
  return reads;
}

/** The sequences a step owns, in document order. */
export function childScopes(s: Step): Scope[] {
  switch (s.type) {
    case 'choice':
      return [...s.choices.map((c) => c.scope), ...(s.default ? [s.default.scope] : [])];
    case 'parallel':
      return s.branches.map((b) => b.scope);
    case 'foreach':
      return [s.body];
    default:
      return [];
  }
}
