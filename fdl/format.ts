/**
 * Format Document for flow files: the text re-written by `yaml`'s Document round-trip, which keeps
 * every comment, key order, quoting style and block scalar as written and normalises only indentation
 * and spacing. A text with YAML syntax errors (or more than one document) is refused rather than
 * rewritten around the error: formatting must never change what a flow means. So is a text past
 * the input limits (fdl/input-limits.ts), which `yaml` would read and write recursively, for
 * seconds or until its stack overflows, and one whose mapping keys are collections (writing such
 * a key out costs a high power of its height, and a flow's keys are names).
 */
import { isAlias, isCollection, parseDocument, visit, type Document } from 'yaml';
import { checkInputLimits, tooComplexDiagnostic } from './input-limits';
import { defineMessages, formatMessage, type Locale } from './messages';

export interface FormatOptions {
  /** Spaces per indentation level (the editor's tab size); 2 by default. */
  indent?: number;
}

export type FormatResult = { ok: true; text: string } | { ok: false; reason: string };

const messages = defineMessages({
  syntax: 'The flow was not formatted: it has YAML syntax errors (the first on line {0}). Fix them and format again.',
  refused: 'The flow was not formatted: {0}',
});

export function formatFlowText(text: string, locale: Locale, options: FormatOptions = {}): FormatResult {
  const limit = checkInputLimits(text, locale);
  if (limit) return { ok: false, reason: formatMessage(messages.refused, locale, limit.message) };
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, logLevel: 'silent' });
  const syntaxAt = doc.errors[0]?.pos[0] ?? unresolvedAliasAt(doc);
  if (syntaxAt !== undefined) {
    const line = text.slice(0, syntaxAt).split('\n').length;
    return { ok: false, reason: formatMessage(messages.syntax, locale, line) };
  }
  const complexKey = collectionKeyAt(doc);
  if (complexKey !== undefined) return { ok: false, reason: formatMessage(messages.refused, locale, tooComplexDiagnostic(complexKey, locale).message) };
  const indent = Math.min(8, Math.max(1, Math.floor(options.indent ?? 2)));
  // lineWidth 0: never fold long strings (a folded expression reads differently); indentSeq keeps
  // `steps:` / `States:` items indented under their key, as every flow in the docs writes them.
  try {
    return { ok: true, text: doc.toString({ indent, indentSeq: true, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false }) };
  } catch (e) {
    // What `yaml` cannot write back under these options (a `!!binary` scalar with lineWidth 0 throws a RangeError).
    return { ok: false, reason: formatMessage(messages.refused, locale, (e as Error)?.message ?? String(e)) };
  }
}

/** Where an alias names no anchor set before it (`yaml` reports none, but cannot write it back). */
function unresolvedAliasAt(doc: Document): number | undefined {
  let at: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) !== undefined) return undefined;
      at = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return at;
}

/** Where a mapping key is a collection (or an alias of one), if any. */
function collectionKeyAt(doc: Document): number | undefined {
  let at: number | undefined;
  visit(doc, {
    Pair(_, pair) {
      const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
      if (!isCollection(key)) return undefined;
      at = (isAlias(pair.key) ? pair.key.range?.[0] : key.range?.[0]) ?? 0;
      return visit.BREAK;
    },
  });
  return at;
}
