/**
 * Spans inside a YAML scalar: expressions report errors at the offending character, which means
 * mapping an offset in the string value back to the document. That is exact for plain scalars
 * and for quoted scalars without escapes; otherwise we fall back to the whole scalar.
 */
import type { Located, Span } from '../model';

/** Where the string's first character sits in the document, if the source spells it verbatim. */
export function valueStart(text: string, located: Located<string>): number | undefined {
  const { start, end } = located.span;
  const q = text[start];
  const from = q === '"' || q === "'" ? start + 1 : start;
  if (from + located.value.length > end) return undefined;
  return text.startsWith(located.value, from) ? from : undefined;
}

/** The document span of [rel.start, rel.end) inside the string, or the whole scalar. */
export function spanInside(text: string, located: Located<string>, rel: Span): Span {
  const from = valueStart(text, located);
  if (from === undefined) return located.span;
  const start = from + Math.min(rel.start, located.value.length);
  const end = from + Math.min(Math.max(rel.end, rel.start + 1), located.value.length);
  return end > start ? { start, end } : { start: Math.max(located.span.start, start - 1), end: start };
}
