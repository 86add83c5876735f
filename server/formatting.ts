/** Format Document: the whole text re-written by fdl/format.ts, as one edit (none when nothing changes). */
import type { FormattingOptions, TextEdit } from 'vscode-languageserver/node';
import { formatFlowText } from '../fdl/format';
import type { FeatureEnv } from './feature-env';
import type { FlowDocument } from './documents';

/** `refuse` tells the user why nothing changed (a syntax error); the request then answers no edits. */
export function formatDocument(doc: FlowDocument, options: FormattingOptions, env: FeatureEnv, refuse: (reason: string) => void): TextEdit[] {
  const text = doc.parsed.text;
  const r = formatFlowText(text, env.locale, { indent: options.tabSize });
  if (!r.ok) {
    refuse(r.reason);
    return [];
  }
  if (r.text === text) return [];
  const lines = doc.parsed.lines;
  return [{ range: { start: { line: 0, character: 0 }, end: lines.positionAt(text.length) }, newText: r.text }];
}
