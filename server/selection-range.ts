/** Smart selection: the spans of fdl/navigation/selection-spans.ts as LSP's chain of parents, per position. */
import type { Position, SelectionRange } from 'vscode-languageserver/node';
import { selectionSpans } from '../fdl/navigation/selection-spans';
import type { FlowDocument } from './documents';

export function selectionRanges(doc: FlowDocument, positions: Position[]): SelectionRange[] {
  const { tree, text, lines } = doc.parsed;
  return positions.map((p) => {
    const offset = lines.offsetAt(p);
    let range: SelectionRange | undefined;
    for (const span of selectionSpans(tree, text, offset).reverse()) range = { range: lines.rangeOf(span), parent: range };
    // LSP wants one range per position: an empty one at the position when nothing holds it.
    return range ?? { range: { start: p, end: p } };
  });
}
