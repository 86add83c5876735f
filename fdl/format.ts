/**
 * Format Document for flow files: the text re-written by `yaml`'s Document round-trip, which keeps
 * every comment, key order, quoting style and block scalar as written and normalises only indentation
 * and spacing. A text with YAML syntax errors (or more than one document) is refused rather than
 * rewritten around the error: formatting must never change what a flow means.
 */
import { parseDocument } from 'yaml';
import { defineMessages, formatMessage, type Locale } from './messages';

export interface FormatOptions {
  /** Spaces per indentation level (the editor's tab size); 2 by default. */
  indent?: number;
}

export type FormatResult = { ok: true; text: string } | { ok: false; reason: string };

const messages = defineMessages({
  syntax: 'The flow was not formatted: it has YAML syntax errors (the first on line {0}). Fix them and format again.',
});

export function formatFlowText(text: string, locale: Locale, options: FormatOptions = {}): FormatResult {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, logLevel: 'silent' });
  const error = doc.errors[0];
  if (error) {
    const line = text.slice(0, error.pos[0]).split('\n').length;
    return { ok: false, reason: formatMessage(messages.syntax, locale, line) };
  }
  const indent = Math.min(8, Math.max(1, Math.floor(options.indent ?? 2)));
  // lineWidth 0: never fold long strings (a folded expression reads differently); indentSeq keeps
  // `steps:` / `States:` items indented under their key, as every flow in the docs writes them.
  const out = doc.toString({ indent, indentSeq: true, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false });
  return { ok: true, text: out };
}
