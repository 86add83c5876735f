/**
 * Snippet completion, offered only where its text fits: the flow skeleton in a document that has
 * nothing yet, the step snippets where a step may start (a new item of a `steps:` sequence). VS
 * Code's contributed snippets cannot look at the cursor, so they used to show up everywhere,
 * as the value of `pattern:` and `goto:` too; the language server only runs for flow files.
 * The snippets themselves are data, in snippets/fdl.snippets.json.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver/node';
import type { Dialect } from '../fdl/dialect';
import type { Locale } from '../fdl/messages';
import type { Span } from '../fdl/span';
import { cursorContext, pathOf } from '../fdl/navigation/index';
import { isStructureless, lineEndAt, lineStartAt, readLine } from '../fdl/navigation/yaml-lines';
import snippetData from '../snippets/fdl.snippets.json';

interface SnippetEntry {
  prefix: string | string[];
  where: 'flow' | 'step';
  description: string;
  'description.zh-cn': string;
  body: string[];
}

const SNIPPETS = Object.entries(snippetData as Record<string, SnippetEntry>).map(([name, s]) => ({ name, ...s }));

export function snippetCompletions(text: string, offset: number, dialect: Dialect, locale: Locale, rangeOf: (span: Span) => Range): CompletionItem[] {
  const start = lineStartAt(text, offset);
  const before = text.slice(start, offset);
  // Only a word being typed (or nothing) after indentation and at most one dash: no `key:`, no value.
  const m = /^( *)(- +)?([A-Za-z_-]*)$/.exec(before);
  if (!m) return [];
  const lineIndent = m[1].length;
  const dashed = m[2] !== undefined;
  const wordStart = offset - m[3].length;
  const rest = text.slice(offset, lineEndAt(text, start));
  const wordEnd = offset + (/^[A-Za-z_-]*/.exec(rest)?.[0].length ?? 0);
  if (
    rest.slice(wordEnd - offset).trim() &&
    !rest
      .slice(wordEnd - offset)
      .trim()
      .startsWith('#')
  )
    return [];
  const range = rangeOf({ start: wordStart, end: wordEnd });

  if (!dashed && lineIndent === 0 && isEmptyApartFrom(text, start)) return items('flow', range, locale);
  if (dialect !== 'classic') return [];
  if (dashed) {
    // `- ta|`: the item's first key. The body's own dash is already written.
    if (!isStepsItem(text, start + m[1].length + m[2].length)) return [];
    const shift = ' '.repeat(m[2].length - 2);
    return items('step', range, locale, (body) => [body[0].replace(/^- /, ''), ...body.slice(1).map((l) => (l.startsWith('  ') ? shift + l : l))]);
  }
  if (!startsStepHere(text, start, lineIndent)) return [];
  return items('step', range, locale);
}

function items(where: 'flow' | 'step', range: Range, locale: Locale, reshape: (body: string[]) => string[] = (b) => b): CompletionItem[] {
  return SNIPPETS.filter((s) => s.where === where).flatMap((s) =>
    (Array.isArray(s.prefix) ? s.prefix : [s.prefix]).map((prefix) => ({
      label: prefix,
      kind: CompletionItemKind.Snippet,
      detail: s.name,
      documentation: { kind: MarkupKind.Markdown, value: `${locale === 'zh-cn' ? s['description.zh-cn'] : s.description}\n\n\`\`\`yaml\n${plain(s.body)}\n\`\`\`` },
      insertTextFormat: InsertTextFormat.Snippet,
      // Lines after the first are indented from the cursor line's indentation by the editor.
      textEdit: { range, newText: reshape(s.body).join('\n') },
      sortText: `~${prefix}`,
    })),
  );
}

/** A snippet body as the user will see it inserted, placeholders replaced by their defaults. */
function plain(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:((?:\\\}|[^}])*)\}/g, '$1')
    .replace(/(?<!\\)\$\{?\d+\}?/g, '')
    .replace(/\\([$}\\])/g, '$1')
    .trimEnd();
}

/** True when every line but the cursor's is blank or a comment. */
function isEmptyApartFrom(text: string, lineStart: number): boolean {
  for (let s = 0; s <= text.length;) {
    const e = lineEndAt(text, s);
    if (s !== lineStart && !isStructureless(text, s, e)) return false;
    const nl = text.indexOf('\n', s);
    if (nl < 0) return true;
    s = nl + 1;
  }
  return true;
}

/** The mapping whose first key starts at `offset` (just after a dash) is an item of a `steps:` sequence. */
function isStepsItem(text: string, offset: number): boolean {
  const ctx = cursorContext(text, offset);
  if (!ctx) return false;
  const path = pathOf(ctx);
  return path.length >= 2 && path[path.length - 2] === 'steps' && path[path.length - 1] === '[]';
}

/**
 * A line with nothing but a word at column `col` starts a step when the nearest structural line
 * above at that column or less is a sibling step (a dash at `col` in a `steps:` sequence) or the
 * `steps:` key itself, with no value, at a smaller column.
 */
function startsStepHere(text: string, lineStart: number, col: number): boolean {
  for (let s = lineStart > 0 ? lineStartAt(text, lineStart - 1) : -1; s >= 0; s = s > 0 ? lineStartAt(text, s - 1) : -1) {
    const e = lineEndAt(text, s);
    if (isStructureless(text, s, e)) continue;
    const line = readLine(text, s);
    if (line.indent > col) continue;
    if (line.dashes[0] === col) return isStepsItem(text, s + line.contentColumn);
    if (line.dashes.length === 0 && line.key === 'steps' && line.keyColumn! < col && line.value === '') return true;
    return false;
  }
  return false;
}
