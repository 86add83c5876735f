/**
 * Document symbols: the steps as a tree; choice/parallel branches and foreach bodies as children.
 * A StateMachine document's outline is its states, with each Parallel branch and Map processor as
 * a child holding its own states.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import { stateMachineOf, type SmScopeModel, type SmStateModel } from '../fdl/cloudflow/statemachine-model';
import { labelledChildScopes as childScopes } from '../fdl/step-kinds';
import type { Scope, Step, StepType } from '../fdl/model';
import type { FlowDocument } from './documents';

const KIND: Record<StepType, SymbolKind> = {
  task: SymbolKind.Function,
  pass: SymbolKind.Variable,
  wait: SymbolKind.Event,
  choice: SymbolKind.Enum,
  parallel: SymbolKind.Struct,
  foreach: SymbolKind.Array,
  succeed: SymbolKind.Boolean,
  fail: SymbolKind.Boolean,
};

export function documentSymbols(doc: FlowDocument): DocumentSymbol[] {
  if (doc.parsed.dialect === 'statemachine') {
    const root = stateMachineOf(doc.parsed).root;
    return root ? stateSymbols(doc, root) : [];
  }
  return scopeSymbols(doc, doc.parsed.flow.body, 0);
}

const STATE_KIND: Record<string, SymbolKind> = {
  Task: SymbolKind.Function,
  Pass: SymbolKind.Variable,
  Wait: SymbolKind.Event,
  Choice: SymbolKind.Enum,
  Parallel: SymbolKind.Struct,
  Map: SymbolKind.Array,
  Succeed: SymbolKind.Boolean,
  Fail: SymbolKind.Boolean,
};

/** The model's nesting is bounded when it is lifted (statemachine-model.ts), so this recursion is too. */
function stateSymbols(doc: FlowDocument, scope: SmScopeModel): DocumentSymbol[] {
  return scope.states.map((s) => stateSymbol(doc, s));
}

function stateSymbol(doc: FlowDocument, state: SmStateModel): DocumentSymbol {
  const lines = doc.parsed.lines;
  const range = lines.rangeOf(state.span);
  const children = state.children.map((scope) => {
    const r = lines.rangeOf({ start: scope.node.s, end: scope.node.e });
    const name = scope.kind === 'branch' ? `Branches[${scope.index ?? 0}]` : 'Processor';
    return { name, kind: SymbolKind.Namespace, range: r, selectionRange: r, children: stateSymbols(doc, scope) };
  });
  const selection = state.nameSpan.end > state.nameSpan.start ? state.nameSpan : (state.typeSpan ?? state.nameSpan);
  return {
    name: state.name || `(${state.type ?? '?'})`,
    detail: state.type,
    kind: STATE_KIND[state.type ?? ''] ?? SymbolKind.Object,
    range,
    selectionRange: lines.rangeOf(selection),
    children,
  };
}

function scopeSymbols(doc: FlowDocument, scope: Scope, depth: number): DocumentSymbol[] {
  // Depth is bounded by the parser's own guard; this cap keeps a hostile document from building a huge tree.
  if (depth > 200) return [];
  return scope.steps.map((s) => stepSymbol(doc, s, depth));
}

function stepSymbol(doc: FlowDocument, step: Step, depth: number): DocumentSymbol {
  const lines = doc.parsed.lines;
  const range = lines.rangeOf(step.span);
  const selection = lines.rangeOf(step.name ? step.nameSpan : step.typeSpan);
  const nested = childScopes(step);
  let children: DocumentSymbol[];
  if (step.type === 'foreach') {
    children = scopeSymbols(doc, step.body, depth + 1);
  } else {
    children = nested.map(({ label, scope }, i) => {
      const span = step.type === 'choice' ? (i < step.choices.length ? step.choices[i].span : step.default!.span) : step.type === 'parallel' ? step.branches[i].span : step.span;
      const r = lines.rangeOf(span);
      return { name: label, kind: SymbolKind.Namespace, range: r, selectionRange: r, children: scopeSymbols(doc, scope, depth + 1) };
    });
  }
  return { name: step.name || `(${step.type})`, detail: step.type, kind: KIND[step.type], range, selectionRange: selection, children };
}
