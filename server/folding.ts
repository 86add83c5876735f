/** Folding ranges: every mapping entry or sequence item whose value spans several lines. */
import { isMap, isPair, isSeq, type Node as YamlNode } from 'yaml';
import type { FoldingRange } from 'vscode-languageserver/node';
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
  const stack: unknown[] = [doc.parsed.doc.contents];
  while (stack.length && out.length < MAX_RANGES) {
    const node = stack.pop();
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as YamlNode | null;
        const v = pair.value as YamlNode | null;
        if (k?.range && v?.range && (isMap(v) || isSeq(v))) add(k.range[0], v.range[1]);
        if (v) stack.push(v);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        const n = item as YamlNode;
        if (n?.range && (isMap(n) || isSeq(n))) add(n.range[0], n.range[1]);
        stack.push(n);
      }
    }
  }
  return out.sort((x, y) => x.startLine - y.startLine);
}
