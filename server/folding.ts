/** Folding ranges: every mapping entry or sequence item whose value spans several lines. */
import type { FoldingRange } from 'vscode-languageserver/node';
import { isMapNode, isSeqNode, type YNode } from '../fdl/yaml/tree';
import type { FlowDocument } from './documents';

const MAX_RANGES = 20_000;

export function foldingRanges(doc: FlowDocument): FoldingRange[] {
  const lines = doc.parsed.lines;
  const text = doc.parsed.text;
  const out: FoldingRange[] = [];
  const add = (start: number, end: number) => {
    // Ranges end at the last character of the node, not on the next line's start.
    let e = end;
    while (e > start && /\s/.test(text[e - 1] ?? '')) e--;
    const a = lines.positionAt(start).line;
    const b = lines.positionAt(e).line;
    if (b > a) out.push({ startLine: a, endLine: b });
  };
  // Iterative walk: a deeply nested document must not exhaust the stack.
  const stack: (YNode | null | undefined)[] = [doc.parsed.tree];
  while (stack.length && out.length < MAX_RANGES) {
    const node = stack.pop();
    if (isMapNode(node)) {
      for (let i = 0; i < node.items.length; i += 2) {
        const k = node.items[i];
        const v = node.items[i + 1];
        if (k && v && (isMapNode(v) || isSeqNode(v))) add(k.s, v.e);
        if (v) stack.push(v);
      }
    } else if (isSeqNode(node)) {
      for (const n of node.items) {
        if (n && (isMapNode(n) || isSeqNode(n))) add(n.s, n.e);
        stack.push(n);
      }
    }
  }
  return out.sort((x, y) => x.startLine - y.startLine);
}
