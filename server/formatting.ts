/**
 * Format Document: the whole text re-written by fdl/format.ts, as one edit (none when nothing
 * changes). Formatted by `runner` (the server's worker, parse-worker.ts) when there is one, so a
 * megabyte flow's second of formatting does not hold up the other requests; without one, here and
 * synchronously.
 */
import type { FormattingOptions, TextEdit } from 'vscode-languageserver/node';
import { formatFlowText, type FormatResult } from '../fdl/format';
import type { FeatureEnv } from './feature-env';
import type { FlowDocument } from './documents';
import type { FormatRunner } from './parse-worker';

/** `refuse` tells the user why nothing changed (a syntax error); the request then answers no edits. */
export function formatDocument(
  doc: FlowDocument,
  options: FormattingOptions,
  env: FeatureEnv,
  refuse: (reason: string) => void,
  runner?: FormatRunner,
): TextEdit[] | Promise<TextEdit[]> {
  const text = doc.parsed.text;
  const formatOptions = { indent: options.tabSize };
  if (!runner) return editsOf(doc, formatFlowText(text, env.locale, formatOptions), refuse);
  return runner.format(text, env.locale, formatOptions).then((r) => editsOf(doc, r, refuse));
}

function editsOf(doc: FlowDocument, r: FormatResult, refuse: (reason: string) => void): TextEdit[] {
  if (!r.ok) {
    refuse(r.reason);
    return [];
  }
  const text = doc.parsed.text;
  if (r.text === text) return [];
  const lines = doc.parsed.lines;
  return [{ range: { start: { line: 0, character: 0 }, end: lines.positionAt(text.length) }, newText: r.text }];
}
