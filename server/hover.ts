/** Hover: what a key or value means (schema words, en/zh), goto targets, $context paths, error names; a StateMachine document's in statemachine-hover.ts. */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import { cursorContext, gotoReferenceAt, pathOf, type CursorContext } from '../fdl/navigation/index';
import { enumValueDescription, schemaText, propertyAt, stepTypes } from '../fdl/schema/index';
import { stepPreview } from './completion-values';
import { schemaPositionOf, type SchemaPosition } from './cursor-schema';
import { describeProperty } from './describe';
import { describeResourceArn } from './resource-arn-hover';
import { parseResourceArn } from '../fdl/arn';
import { taskArn } from '../fdl/rules/task-integration';
import type { FlowDocument } from './documents';
import type { FeatureEnv } from './feature-env';
import { BUILT_IN_ERRORS } from '../fdl/errors-catalog';
import { CONTEXT_FIELDS } from '../fdl/context-fields';
import { serviceKindOf, serviceParamsFor } from './vocabulary/service-params';
import { hoverStateMachine } from './statemachine-hover';
import { defineMessages, formatMessage } from '../fdl/messages';

const messages = defineMessages({
  constantKey: 'Part of a constant mapping source, copied to the target as written.',
  customError: 'Not a built-in name: matches an error the function or service reports under this name.',
  noStep: 'No step named `{0}` in this sequence.',
  input: "`$input`: the parent's (flow or enclosing step) input.",
  local: "`$local`: the parent's local (merged outputs of earlier steps); in outputMappings, this step's own result.",
  context: '`$context`: the execution context (execution, flow, step, task token).',
  stepInput: "`$.x`: a field of this step's input.",
});

export function hover(doc: FlowDocument, offset: number, env: FeatureEnv): Hover | null {
  if (doc.parsed.dialect === 'statemachine') return hoverStateMachine(doc, offset, env);
  // The words below are classic FDL's; a document mixing both formats gets neither.
  if (doc.parsed.dialect !== 'classic') return null;
  const ctx = cursorContext(doc.parsed.text, offset);
  if (!ctx || !ctx.tokenText || offset < ctx.token.start || offset > ctx.token.end) return null;
  const pos = schemaPositionOf(ctx);
  const value = ctx.position === 'key' ? hoverKey(ctx, pos, env) : hoverValue(doc, offset, ctx, pos, env);
  if (!value) return null;
  return { contents: { kind: MarkupKind.Markdown, value }, range: doc.parsed.lines.rangeOf(ctx.token) };
}

function serviceParam(ctx: CursorContext, pos: SchemaPosition, name: string) {
  const step = pos.stepFrames[pos.stepFrames.length - 1];
  return serviceParamsFor(serviceKindOf(step?.entries().get('resourceArn')?.value)).find((p) => p.name === name);
}

function hoverKey(ctx: CursorContext, pos: SchemaPosition, env: FeatureEnv): string | undefined {
  const key = ctx.tokenText;
  if (ctx.itemOf === 'errors') return errorText(key, env);
  const path = pathOf(ctx);
  if (path[path.length - 1] === 'serviceParams') {
    const p = serviceParam(ctx, pos, key);
    if (p)
      return `**${key}**\n\n${formatMessage(p.description, env.locale)}${p.values ? '\n\n' + p.values.map((v) => `- \`${v.value}\` — ${formatMessage(v.description, env.locale)}`).join('\n') : ''}`;
    // A parameter of an integration we have no words for (cloud-API `action:` tasks take the API's own).
    const sp = propertyAt([...pos.path], pos.root);
    return `**${key}**\n\n${sp ? describeProperty(sp, env.locale) : ''}`;
  }
  const p = propertyAt([...pos.path, key], pos.root);
  if (p) return `**${key}**\n\n${describeProperty(p, env.locale)}`;
  // Keys inside a constant mapping source are data, copied as written.
  if (path.includes('source')) {
    return `**${key}**\n\n${formatMessage(messages.constantKey, env.locale)}`;
  }
  return undefined;
}

function errorText(name: string, env: FeatureEnv): string | undefined {
  const e = BUILT_IN_ERRORS.find((x) => x.name === name);
  if (e) return `**${e.name}**\n\n${formatMessage(e.description, env.locale)}`;
  return `**${name}**\n\n${formatMessage(messages.customError, env.locale)}`;
}

function hoverValue(doc: FlowDocument, offset: number, ctx: CursorContext, pos: SchemaPosition, env: FeatureEnv): string | undefined {
  const key = ctx.key ?? '';
  const value = ctx.tokenText;
  const say = (text: (typeof messages)[keyof typeof messages], ...args: unknown[]) => formatMessage(text, env.locale, ...args);
  if (key === 'goto') {
    const ref = gotoReferenceAt(doc.parsed, offset);
    if (ref?.target) return stepPreview(doc, ref.target, env);
    return say(messages.noStep, value);
  }
  if (key === 'errors') return errorText(value, env);
  if (key === 'resourceArn' && pos.stepFrames.length) {
    const prop = propertyAt([...pos.path, key], pos.root);
    // The step's own parse: it knows whether the value carried a deploy tag (`!Ref svc/fn`).
    const step = doc.parsed.steps.find((st) => st.type === 'task' && st.resourceArn && st.resourceArn.span.start <= offset && offset <= st.resourceArn.span.end);
    const arn = (step?.type === 'task' && taskArn(step)) || parseResourceArn(value);
    return `**${value}**\n\n${describeResourceArn(arn, env)}${prop ? '\n\n---\n\n' + describeProperty(prop, env.locale) : ''}`;
  }
  // The longest documented `$context` field the value starts with (`$context.execution.input.x` → execution.input).
  const ctxField = [...CONTEXT_FIELDS]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => value === `$context.${c.path}` || value.startsWith(`$context.${c.path}.`) || value.startsWith(`$context.${c.path}[`));
  if (ctxField) return `**$context.${ctxField.path}**\n\n${formatMessage(ctxField.description, env.locale)}`;
  if (value.startsWith('$input')) return say(messages.input);
  if (value.startsWith('$local')) return say(messages.local);
  if (value.startsWith('$context')) return say(messages.context);
  if (value === '$' || value.startsWith('$.')) return say(messages.stepInput);
  const path = pathOf(ctx);
  if (path[path.length - 1] === 'serviceParams') {
    const p = serviceParam(ctx, pos, key);
    const v = p?.values?.find((x) => x.value === value);
    return p && `**${key}: ${value}**\n\n${v ? formatMessage(v.description, env.locale) : formatMessage(p.description, env.locale)}`;
  }
  const isStep = pos.stepFrames[pos.stepFrames.length - 1] === ctx.frames[ctx.frames.length - 1];
  if (key === 'type' && isStep) {
    const t = stepTypes().find((s) => s.value === value);
    if (t) return `**${value}**\n\n${schemaText(t.description, env.locale) ?? ''}`;
  }
  const described = enumValueDescription([...pos.path, key], pos.root, value);
  const prop = propertyAt([...pos.path, key], pos.root);
  if (described) return `**${key}: ${value}**\n\n${schemaText(described, env.locale)}${prop ? '\n\n---\n\n' + describeProperty(prop, env.locale) : ''}`;
  return prop && `**${key}**\n\n${describeProperty(prop, env.locale)}`;
}
