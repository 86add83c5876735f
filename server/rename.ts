/** Rename a step: its name and every goto naming it, in its scope only. prepareRename says what will change. */
import { ResponseError, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import { referencesTo, stepReferencedAt, gotoReferenceAt } from '../fdl/navigation/index';
import { defineMessages, formatMessage, type Span } from '../fdl/index';
import type { FlowDocument } from './documents';
import type { FeatureEnv } from './feature-env';

const REQUEST_FAILED = -32803;

const messages = defineMessages({
  notAStep: { en: 'Place the cursor on a step name or on a goto that names an existing step.', 'zh-cn': '请将光标放在步骤名称上，或放在指向已有步骤的 goto 上。' },
  empty: { en: 'A step name cannot be empty.', 'zh-cn': '步骤名称不能为空。' },
  taken: { en: 'A step named `{0}` already exists in this sequence.', 'zh-cn': '此序列中已存在名为 `{0}` 的步骤。' },
  notClassic: { en: 'Renaming is available in classic FDL flows (`type: flow`) only.', 'zh-cn': '仅旧版 FDL 流程（`type: flow`）支持重命名。' },
});

/** Renaming walks classic steps and gotos: a StateMachine document is refused with a reason. */
function refuseOtherDialects(doc: FlowDocument, env: FeatureEnv): void {
  if (doc.parsed.dialect !== 'classic') throw new ResponseError(REQUEST_FAILED, formatMessage(messages.notClassic, env.locale));
}

/** The text of a scalar without its quotes, so a rename keeps the user's quoting. */
function innerSpan(text: string, span: Span): Span {
  const q = text[span.start];
  if ((q === '"' || q === "'") && span.end - span.start >= 2 && text[span.end - 1] === q) return { start: span.start + 1, end: span.end - 1 };
  return span;
}

export function prepareRename(doc: FlowDocument, offset: number, env: FeatureEnv): { range: Range; placeholder: string } {
  refuseOtherDialects(doc, env);
  const target = stepReferencedAt(doc.parsed, offset);
  if (!target) throw new ResponseError(REQUEST_FAILED, formatMessage(messages.notAStep, env.locale));
  const at = gotoReferenceAt(doc.parsed, offset)?.span ?? target.nameSpan;
  return { range: doc.parsed.lines.rangeOf(innerSpan(doc.parsed.text, at)), placeholder: target.name };
}

export function rename(doc: FlowDocument, offset: number, newName: string, env: FeatureEnv): WorkspaceEdit | null {
  refuseOtherDialects(doc, env);
  const target = stepReferencedAt(doc.parsed, offset);
  if (!target) throw new ResponseError(REQUEST_FAILED, formatMessage(messages.notAStep, env.locale));
  const name = newName.trim();
  if (!name) throw new ResponseError(REQUEST_FAILED, formatMessage(messages.empty, env.locale));
  if (name !== target.name && target.scope.steps.some((s) => s !== target && s.name === name)) {
    throw new ResponseError(REQUEST_FAILED, formatMessage(messages.taken, env.locale, name));
  }
  const text = doc.parsed.text;
  const spans = [target.nameSpan, ...referencesTo(doc.parsed, target).map((r) => r.span)];
  const edits = spans.map((s) => {
    const inner = innerSpan(text, s);
    const quoted = inner !== s;
    const plainOk = /^[A-Za-z0-9_][\w.\-/]*$/.test(name);
    return { range: doc.parsed.lines.rangeOf(inner), newText: quoted || plainOk ? name : JSON.stringify(name) };
  });
  return { changes: { [doc.uri]: edits } };
}
