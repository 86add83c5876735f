/**
 * Names and the places that name them, for both dialects: the shared middle that go to definition,
 * find references and rename read. A declaration is a classic step's `name` or a StateMachine
 * state's `Name`; a reference is a classic `goto` (choice, default, catch) or a StateMachine
 * transition (`StartAt`, `Next`, a Choice's `Default` and `Branches[].Next`, a Catch's `Next`).
 * Each reference is resolved in its own scope only (a classic sequence; the flow, a Parallel
 * branch or a Map processor), as the rules resolve it, so navigation never jumps to a same-named
 * state of another scope. Built once per parse.
 */
import type { Span } from '../model';
import type { ParsedFlow } from '../parsed-flow';
import { stateMachineOf } from '../cloudflow/statemachine-model';
import { gotoReferences } from './goto-references';

/** A named step or state. */
export interface NameDeclaration {
  name: string;
  nameSpan: Span;
  /** The whole step or state, for previews. */
  span: Span;
  /** `task`, `Choice`, … as written. */
  kind?: string;
  /** The scope it belongs to (compared by identity only). */
  scope: object;
}

/** A place that names a declaration of `scope`. */
export interface NameReference {
  name: string;
  span: Span;
  /** What the place is, as written in the document (`goto`, `StartAt`, `Next`, `Default`, `Catch`). */
  key: string;
  scope: object;
  /** The declaration it names in `scope`, if there is one. */
  target?: NameDeclaration;
}

export interface NameIndex {
  declarations: NameDeclaration[];
  references: NameReference[];
}

const cache = new WeakMap<ParsedFlow, NameIndex>();

export function nameIndex(parsed: ParsedFlow): NameIndex {
  let index = cache.get(parsed);
  if (!index) {
    index = parsed.dialect === 'statemachine' ? stateMachineIndex(parsed) : parsed.dialect === 'classic' ? classicIndex(parsed) : { declarations: [], references: [] };
    cache.set(parsed, index);
  }
  return index;
}

function classicIndex(parsed: ParsedFlow): NameIndex {
  const byStep = new Map(parsed.steps.filter((s) => s.name).map((s) => [s, { name: s.name, nameSpan: s.nameSpan, span: s.span, kind: s.type, scope: s.scope } as NameDeclaration]));
  const references = gotoReferences(parsed).map((r) => ({
    name: r.name,
    span: r.span,
    key: 'goto',
    scope: r.scope,
    target: r.target && byStep.get(r.target),
  }));
  return { declarations: [...byStep.values()], references };
}

function stateMachineIndex(parsed: ParsedFlow): NameIndex {
  const model = stateMachineOf(parsed);
  const declarations: NameDeclaration[] = [];
  // The first state of a name in its scope is the one a transition reaches (a duplicate is an error of its own).
  const first = new Map<object, Map<string, NameDeclaration>>();
  for (const s of model.states) {
    if (!s.name) continue;
    const d: NameDeclaration = { name: s.name, nameSpan: s.nameSpan, span: s.span, kind: s.type, scope: s.scope };
    declarations.push(d);
    let names = first.get(s.scope);
    if (!names) first.set(s.scope, (names = new Map()));
    if (!names.has(s.name)) names.set(s.name, d);
  }
  const references = model.transitions.map((t) => ({
    name: t.target.value,
    span: t.target.span,
    key: t.key === 'Condition' ? 'Next' : t.key,
    scope: t.scope,
    target: first.get(t.scope)?.get(t.target.value),
  }));
  return { declarations, references };
}

const within = (span: Span, offset: number) => span.start <= offset && offset <= span.end;

/** The reference written at `offset`, if any. */
export function nameReferenceAt(parsed: ParsedFlow, offset: number): NameReference | undefined {
  return nameIndex(parsed).references.find((r) => within(r.span, offset));
}

/** The declaration a position designates: its name, or a reference naming it. */
export function declarationAt(parsed: ParsedFlow, offset: number): NameDeclaration | undefined {
  const index = nameIndex(parsed);
  return index.declarations.find((d) => within(d.nameSpan, offset)) ?? nameReferenceAt(parsed, offset)?.target;
}

/** Every reference that names `target`. */
export function nameReferencesTo(parsed: ParsedFlow, target: NameDeclaration): NameReference[] {
  return nameIndex(parsed).references.filter((r) => r.target === target);
}

/** Another declaration of `scope` already called `name` (a rename to it would merge two names). */
export function nameTaken(parsed: ParsedFlow, target: NameDeclaration, name: string): boolean {
  return nameIndex(parsed).declarations.some((d) => d !== target && d.scope === target.scope && d.name === name);
}
