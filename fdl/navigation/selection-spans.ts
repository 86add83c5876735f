/**
 * Smart selection (Expand Selection) over the located YAML tree: from the scalar under the cursor out
 * through its `key: value` entry, the mapping or sequence item holding it, the collection, the
 * entry owning that collection, … up to the whole document. Works for both dialects, since it reads
 * only the tree. Spans end at the node's last character: block nodes' ranges in the tree run on to
 * the next line, which would select a trailing newline.
 */
import type { Span } from '../span';
import { isMapNode, isSeqNode, type YNode } from '../yaml/tree';

/** Spans around `offset`, innermost first, each strictly containing the one before. */
export function selectionSpans(tree: YNode | null | undefined, text: string, offset: number): Span[] {
  const outer: Span[] = [{ start: 0, end: trimEnd(text, 0, text.length) }];
  const push = (start: number, end: number) => {
    const e = trimEnd(text, start, end);
    const last = outer[outer.length - 1];
    if (e <= start || start < last.start || e > last.end || (start === last.start && e === last.end)) return;
    outer.push({ start, end: e });
  };
  let node: YNode | null | undefined = tree;
  // Iterative descent: a deeply nested document must not exhaust the stack.
  while (node) {
    push(node.s, node.e);
    let next: YNode | null | undefined;
    if (isMapNode(node)) {
      for (let i = 0; i < node.items.length; i += 2) {
        const k = node.items[i];
        const v = node.items[i + 1];
        const start = k?.s ?? v?.s;
        const end = v?.e ?? k?.e;
        if (start === undefined || end === undefined || offset < start || offset > end) continue;
        push(start, end);
        next = k && offset <= k.e ? k : (v ?? k);
        break;
      }
    } else if (isSeqNode(node)) {
      for (const item of node.items) {
        if (!item || offset < item.s || offset > item.e) continue;
        // The item with its `- `, then the item itself.
        const dash = dashBefore(text, item.s);
        if (dash !== undefined) push(dash, item.e);
        next = item;
        break;
      }
    }
    node = next;
  }
  return outer.reverse();
}

function trimEnd(text: string, start: number, end: number): number {
  let e = Math.min(end, text.length);
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}

/** The offset of the `-` introducing a block sequence item that starts at `start`, if there is one. */
function dashBefore(text: string, start: number): number | undefined {
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return text[i] === '-' ? i : undefined;
}
