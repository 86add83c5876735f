/**
 * Where each step or state of a flow file is, for breakpoints: its lines and its plan path, the
 * name of its place in the plan that the run's visits carry too (flow-debugger.ts builds the same
 * path from a visit's chain of enclosing visits). A path is `$/<name>`, nested scopes adding
 * `/b<i>` (a parallel branch), `/i` (a foreach or Map body, whichever iteration), `/c<i>` and
 * `/default` (a classic choice's branches) before their states' names: `$/par/b0/check`.
 */
import type { Scope } from '../../fdl/model';
import type { ParsedFlow } from '../../fdl/parse';
import { stateMachineOf, type SmScopeModel } from '../../fdl/cloudflow/statemachine-model';
import type { Span } from '../../fdl/span';
import { labelledChildScopes, type LabelledScope } from '../../fdl/step-kinds';

export interface StepSite {
  name: string;
  path: string;
  /** 0-based lines: the step's first line (its `- type:` / `- Type:` line) and its last. */
  startLine: number;
  endLine: number;
  /** Nesting depth (0 for the flow's own steps): the innermost site holding a line wins. */
  depth: number;
}

export function stepSites(parsed: ParsedFlow): StepSite[] {
  const sites: StepSite[] = [];
  const add = (name: string, path: string, span: Span, depth: number) => {
    const endOffset = span.end > span.start ? span.end - 1 : span.start;
    sites.push({ name, path, startLine: parsed.lines.positionAt(span.start).line, endLine: parsed.lines.positionAt(endOffset).line, depth });
  };
  if (parsed.dialect === 'statemachine') {
    const walk = (scope: SmScopeModel, prefix: string, depth: number) => {
      for (const state of scope.states) {
        const path = `${prefix}/${state.name}`;
        add(state.name, path, state.span, depth);
        for (const child of state.children) walk(child, `${path}${child.kind === 'branch' ? `/b${child.index ?? 0}` : '/i'}`, depth + 1);
      }
    };
    const root = stateMachineOf(parsed).root;
    if (root) walk(root, '$', 0);
  } else if (parsed.dialect === 'classic') {
    const walk = (scope: Scope, prefix: string, depth: number) => {
      for (const step of scope.steps) {
        const path = `${prefix}/${step.name}`;
        add(step.name, path, step.span, depth);
        for (const child of labelledChildScopes(step)) walk(child.scope, `${path}${segmentOf(child)}`, depth + 1);
      }
    };
    walk(parsed.flow.body, '$', 0);
  }
  return sites;
}

/** The key segment the engine gives a classic step's nested sequence (steps/*.ts). */
function segmentOf(child: LabelledScope): string {
  switch (child.role) {
    case 'choice':
      return `/c${child.index}`;
    case 'default':
      return '/default';
    case 'branch':
      return `/b${child.index}`;
    case 'body':
      return '/i';
  }
}

/** The innermost step holding a 0-based line, if any. */
export function siteAtLine(sites: readonly StepSite[], line: number): StepSite | undefined {
  let best: StepSite | undefined;
  for (const s of sites) if (line >= s.startLine && line <= s.endLine && (!best || s.depth > best.depth)) best = s;
  return best;
}

/**
 * The plan path segment of a nested scope, from the scope key the engine gave it after its
 * step's attempt key: `/b2` stays, `/i7` (any iteration) becomes `/i`, `/c0` and `/default` stay.
 */
export function scopeSegment(suffix: string): string {
  return /^\/i\d+$/.test(suffix) ? '/i' : suffix;
}
