/**
 * Rename a step or state: its name and every place naming it (gotos; StartAt, Next, Default, a
 * Catch's Next), in its scope only. prepareRename says what will change.
 */
import { ResponseError, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import { declarationAt, nameReferenceAt, nameReferencesTo, nameTaken } from '../fdl/navigation/index';
import { defineMessages, formatMessage } from '../fdl/messages';
import type { Span } from '../fdl/model';
import type { FlowDocument } from './documents';
import type { FeatureEnv } from './feature-env';

const REQUEST_FAILED = -32803;

const messages = defineMessages({
  notAStep: 'Place the cursor on a step name or on a goto that names an existing step.',
  notAState: 'Place the cursor on a state name, or on a `StartAt`, `Next`, `Default` that names an existing state.',
  empty: 'A step name cannot be empty.',
  taken: 'A step named `{0}` already exists in this sequence.',
  stateTaken: 'A state named `{0}` already exists in this scope.',
});

function targetAt(doc: FlowDocument, offset: number, env: FeatureEnv) {
  const target = declarationAt(doc.parsed, offset);
  if (!target) throw new ResponseError(REQUEST_FAILED, formatMessage(doc.parsed.dialect === 'statemachine' ? messages.notAState : messages.notAStep, env.locale));
  return target;
}

/** The text of a scalar without its quotes, so a rename keeps the user's quoting. */
function innerSpan(text: string, span: Span): Span {
  const q = text[span.start];
  if ((q === '"' || q === "'") && span.end - span.start >= 2 && text[span.end - 1] === q) return { start: span.start + 1, end: span.end - 1 };
  return span;
}

export function prepareRename(doc: FlowDocument, offset: number, env: FeatureEnv): { range: Range; placeholder: string } {
  const target = targetAt(doc, offset, env);
  const at = nameReferenceAt(doc.parsed, offset)?.span ?? target.nameSpan;
  return { range: doc.parsed.lines.rangeOf(innerSpan(doc.parsed.text, at)), placeholder: target.name };
}

export function rename(doc: FlowDocument, offset: number, newName: string, env: FeatureEnv): WorkspaceEdit | null {
  const target = targetAt(doc, offset, env);
  const name = newName.trim();
  if (!name) throw new ResponseError(REQUEST_FAILED, formatMessage(messages.empty, env.locale));
  if (name !== target.name && nameTaken(doc.parsed, target, name)) {
    throw new ResponseError(REQUEST_FAILED, formatMessage(doc.parsed.dialect === 'statemachine' ? messages.stateTaken : messages.taken, env.locale, name));
  }
  const text = doc.parsed.text;
  const spans = [target.nameSpan, ...nameReferencesTo(doc.parsed, target).map((r) => r.span)];
  const edits = spans.map((s) => {
    const { span, newText } = scalarText(text, s, name);
    return { range: doc.parsed.lines.rangeOf(span), newText };
  });
  return { changes: { [doc.uri]: edits } };
}

/**
 * Plain words YAML reads as no string: null, booleans (YAML 1.2's, and 1.1's `yes`/`on`… which
 * older readers still take for booleans) and numbers (`1e400`, `0x1F`, `12`). Written quoted.
 */
const NOT_TEXT_PLAIN = /^(?:null|true|false|yes|no|on|off|y|n|0x[0-9a-f_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?)$/i;

/**
 * `name` written over the scalar at `s` so that YAML reads it back as `name`: inside the user's
 * quotes, escaped for them; else plain when it can be (a word YAML reads as text), else
 * double-quoted. A single-quoted scalar cannot hold a line break or a control character: such a
 * name gets double quotes instead.
 */
function scalarText(text: string, s: Span, name: string): { span: Span; newText: string } {
  const inner = innerSpan(text, s);
  const quote = inner === s ? undefined : text[s.start];
  if (quote === '"') return { span: inner, newText: JSON.stringify(name).slice(1, -1) };
  if (quote === "'" && !/\p{Cc}/u.test(name)) return { span: inner, newText: name.replace(/'/g, "''") };
  if (!quote && /^[A-Za-z0-9_][\w.\-/]*$/.test(name) && !NOT_TEXT_PLAIN.test(name)) return { span: s, newText: name };
  return { span: s, newText: JSON.stringify(name) };
}
