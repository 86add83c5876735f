/**
 * Format Document for flow files: the text re-written by `yaml`'s Document round-trip, which keeps
 * every comment, key order, quoting style and block scalar as written and normalises only indentation
 * and spacing. A text with YAML syntax errors (or more than one document) is refused rather than
 * rewritten around the error: formatting must never change what a flow means. So is a text past
 * the input limits (fdl/input-limits.ts), which `yaml` would read and write recursively, for
 * seconds or until its stack overflows, and one whose mapping keys are collections (writing such
 * a key out costs a high power of its height, and a flow's keys are names).
 */
import { isAlias, isCollection, parseDocument, visit, type Document, type Node } from 'yaml';
import { checkInputLimits, tooComplexDiagnostic } from './input-limits';
import { defineMessages, formatMessage, type Locale } from './messages';
import { LineIndex } from './positions';
import { withLfBreaks } from './yaml/line-breaks';

export interface FormatOptions {
  /** Spaces per indentation level (the editor's tab size); 2 by default. */
  indent?: number;
}

export type FormatResult = { ok: true; text: string } | { ok: false; reason: string };

const messages = defineMessages({
  syntax: 'The flow was not formatted: it has YAML syntax errors (the first on line {0}). Fix them and format again.',
  refused: 'The flow was not formatted: {0}',
  timedOut: 'The flow was not formatted: formatting it took longer than {0} s, and was stopped. Split it into smaller flows to format them.',
  crashed: 'The flow was not formatted: formatting it ran out of memory or stack, and was stopped. Split it into smaller flows to format them.',
});

/** The refusal of a text whose formatting ran past its time budget (the language server formats off its request thread). */
export function formatTimedOut(budgetMs: number, locale: Locale): FormatResult {
  return { ok: false, reason: formatMessage(messages.timedOut, locale, (budgetMs / 1000).toString()) };
}

/** The refusal of a text whose formatting killed the thread doing it. */
export function formatCrashed(locale: Locale): FormatResult {
  return { ok: false, reason: formatMessage(messages.crashed, locale) };
}

export function formatFlowText(text: string, locale: Locale, options: FormatOptions = {}): FormatResult {
  const limit = checkInputLimits(text, locale);
  if (limit) return { ok: false, reason: formatMessage(messages.refused, locale, limit.message) };
  // A lone CR (old Mac line ends) is a line break in YAML 1.2, which `yaml` does not take: read as
  // LF, one character for one, so the line of an error is the text's own; written back as LF.
  const doc = parseDocument(withLfBreaks(text), { prettyErrors: false, uniqueKeys: false, logLevel: 'silent' });
  const anchorsAt = doc.errors.length ? {} : anchorProblems(doc);
  const syntaxAt = doc.errors[0]?.pos[0] ?? anchorsAt.unresolvedAlias;
  if (syntaxAt !== undefined) {
    const line = new LineIndex(text).positionAt(syntaxAt).line + 1;
    return { ok: false, reason: formatMessage(messages.syntax, locale, line) };
  }
  const complexKey = anchorsAt.collectionKey;
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

/** Anchored nodes, by anchor, as a walk in document order has met them so far. */
type Anchors = Map<string, Node>;

/**
 * In one walk in document order: where the first alias naming no anchor set before it is (`yaml`
 * reports none, but cannot write it back), else where the first mapping key that is a collection
 * (or an alias of one) is. One walk, not `Alias.resolve` per alias: that walks the whole document
 * each time, so a flow of a few thousand aliases took minutes.
 */
function anchorProblems(doc: Document): { unresolvedAlias?: number; collectionKey?: number } {
  const anchors: Anchors = new Map();
  const found: { unresolvedAlias?: number; collectionKey?: number } = {};
  const anchored = (_: unknown, node: Node) => {
    if (node.anchor) anchors.set(node.anchor, node);
  };
  visit(doc, {
    Map: anchored,
    Seq: anchored,
    Scalar: anchored,
    Alias(_, node) {
      if (anchors.has(node.source)) return undefined;
      found.unresolvedAlias = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
    Pair(_, pair) {
      if (found.collectionKey !== undefined) return undefined;
      const key = isAlias(pair.key) ? anchors.get(pair.key.source) : pair.key;
      if (isCollection(key)) found.collectionKey = (isAlias(pair.key) ? pair.key.range?.[0] : key.range?.[0]) ?? 0;
      return undefined;
    },
  });
  return found;
}
