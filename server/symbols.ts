/** Document symbols: the steps as a tree; choice/parallel branches and foreach bodies as children. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import { labelledChildScopes as childScopes } from '../fdl/step-kinds';
import type { Scope, Step, StepType } from '../fdl/index';
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
  return scopeSymbols(doc, doc.parsed.flow.body, 0);
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
