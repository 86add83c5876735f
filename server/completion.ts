/**
 * Completion: keys by context, enum values, step names in scope, data paths, error names and
 * workspace functions; a StateMachine document's in statemachine-completion.ts. Reads the cursor from the current text (works while typing); only goto
 * and data paths read a step model, which completion-source.ts takes from a parse of this
 * version or, across a harmless edit, of an earlier one.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver/node';
import { cursorContext, pathOf, type CursorContext } from '../fdl/navigation/index';
import { propertiesAt } from '../fdl/schema/index';
import { completeValue } from './completion-values';
import { schemaPositionOf, type SchemaPosition } from './cursor-schema';
import { describeProperty } from './describe';
import type { FlowDocument } from './documents';
import { sourceOfParse, type CompletionSource } from './completion-source';
import type { FeatureEnv } from './feature-env';
import { serviceKindOf, serviceParamsFor } from './vocabulary/service-params';
import { errorNameItems } from './completion-values';
import { completeStateMachine, newFlowItem } from './statemachine-completion';
import { snippetCompletions } from './completion-snippets';
import { defineMessages, formatMessage } from '../fdl/messages';

const messages = defineMessages({
  required: 'required',
});

export function complete(doc: CompletionSource | FlowDocument, offset: number, env: FeatureEnv): CompletionItem[] {
  if ('parsed' in doc) doc = sourceOfParse(doc);
  const dialect = doc.dialect();
  if (dialect === 'statemachine') return completeStateMachine(doc, offset, env);
  const source = doc;
  const snippets = snippetCompletions(doc.text, offset, dialect, env.locale, (span) => source.rangeOf(span));
  const items = completeClassic(doc, offset, env);
  return snippets.length ? [...items, ...snippets] : items;
}

function completeClassic(doc: CompletionSource, offset: number, env: FeatureEnv): CompletionItem[] {
  // The vocabulary below is classic FDL's; a document mixing both formats is offered neither.
  if (doc.dialect() !== 'classic') return [];
  const ctx = cursorContext(doc.text, offset);
  if (!ctx) return [];
  const pos = schemaPositionOf(ctx);
  const range = doc.rangeOf(ctx.token);
  if (ctx.position === 'key') {
    if (ctx.itemOf === 'errors') return errorNameItems(range, env);
    const keys = completeKey(ctx, pos, range, env);
    // An empty document may become either format: a new StateMachine flow is offered beside the classic keys.
    return doc.text.trim() === ctx.tokenText.trim() ? [newFlowItem(range, env), ...keys] : keys;
  }
  return completeValue(doc, offset, ctx, pos, range, env);
}

function completeKey(ctx: CursorContext, pos: SchemaPosition, range: Range, env: FeatureEnv): CompletionItem[] {
  const frame = ctx.frames[ctx.frames.length - 1];
  const present = new Set([...frame.entries().keys()].filter((k) => k !== ctx.tokenText));
  const indent = frame.keyColumn >= 0 ? ' '.repeat(frame.keyColumn) : undefined;
  const path = pathOf(ctx);
  if (path[path.length - 1] === 'serviceParams') {
    const step = pos.stepFrames[pos.stepFrames.length - 1];
    const kind = serviceKindOf(step?.entries().get('resourceArn')?.value);
    return serviceParamsFor(kind)
      .filter((p) => !present.has(p.name))
      .map((p) => ({
        label: p.name,
        kind: CompletionItemKind.Property,
        documentation: { kind: MarkupKind.Markdown, value: formatMessage(p.description, env.locale) },
        textEdit: { range, newText: `${p.name}: ` },
        insertTextFormat: InsertTextFormat.PlainText,
        command: p.values ? { title: 'suggest', command: 'editor.action.triggerSuggest' } : undefined,
      }));
  }
  return propertiesAt(pos.path, pos.root)
    .filter((p) => !present.has(p.name))
    .map((p) => {
      const block = indent !== undefined && p.types.length === 1 && (p.types[0] === 'array' || p.types[0] === 'object');
      const newText = !block ? `${p.name}: ` : p.types[0] === 'array' ? `${p.name}:\n${indent}  - ` : `${p.name}:\n${indent}  `;
      const offersValues = !!p.enumValues?.length || p.name === 'goto' || p.name === 'resourceArn';
      return {
        label: p.name,
        kind: CompletionItemKind.Property,
        detail: p.types.join(' | ') || undefined,
        documentation: { kind: MarkupKind.Markdown, value: describeProperty(p, env.locale) },
        sortText: `${p.required ? '0' : '1'}${p.name === 'type' ? '0' : p.name === 'name' ? '1' : '2'}${p.name}`,
        textEdit: { range, newText },
        insertTextFormat: InsertTextFormat.PlainText,
        command: offersValues ? { title: 'suggest', command: 'editor.action.triggerSuggest' } : undefined,
        labelDetails: p.required ? { description: formatMessage(messages.required, env.locale) } : undefined,
      } satisfies CompletionItem;
    });
}
