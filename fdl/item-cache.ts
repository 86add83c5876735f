/**
 * What each top-level item of a reparsed version holds (parse.ts `reparseFlow`), collected from a
 * document of that item alone once per item text and kept with the item's read
 * (yaml/sequence-blocks.ts), moved with the item: a list over every step costs the steps an edit
 * touched. For what lies in steps only (task ARNs, task-arns.ts); analysis-cache.ts does the same
 * for findings.
 */
import { editedBlocks, parsedOfTree, type ParsedFlow } from './parse';
import type { Span } from './span';

const kept = new WeakMap<object, Map<string, { span: Span }[]>>();

/** Every item's `collect`ed values in document order, or undefined when `parsed` is not a reparse. */
export function collectPerItem<T extends { span: Span }>(parsed: ParsedFlow, name: string, collect: (one: ParsedFlow) => T[]): T[] | undefined {
  const edited = editedBlocks(parsed);
  if (!edited) return undefined;
  const { blocks } = edited;
  const out: T[] = [];
  for (let i = 0; i < blocks.count; i++) {
    const read = blocks.readOf(i);
    const start = blocks.startOf(i);
    const at = blocks.atOf(i);
    let m = kept.get(read);
    if (!m) kept.set(read, (m = new Map()));
    let found = m.get(name) as T[] | undefined;
    if (!found) {
      // Read placed in this version; kept placed for the read's `at`.
      const own = collect(parsedOfTree(parsed.text, parsed.lines, blocks.itemTree(i), 'en'));
      found = start === at ? own : own.map((t) => moved(t, at - start));
      m.set(name, found);
    }
    const d = start - at;
    for (const t of found) out.push(d === 0 ? t : moved(t, d));
  }
  return out;
}

function moved<T extends { span: Span }>(t: T, d: number): T {
  return { ...t, span: { start: t.span.start + d, end: t.span.end + d } };
}
