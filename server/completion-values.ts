/** Completion of values: enums, step names in goto scope, data paths, error names, resourceArn. */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver/node';
import { gotoCandidates, pathOf, type CursorContext } from '../fdl/navigation/index';
import { enumValuesAt, schemaText, stepTypes } from '../fdl/schema/index';
import type { Span, Step } from '../fdl/model';
import { frameStart, type SchemaPosition } from './cursor-schema';
import type { FlowDocument } from './documents';
import type { CompletionSource } from './completion-source';
import type { FeatureEnv } from './feature-env';
import { BUILT_IN_ERRORS } from '../fdl/errors-catalog';
import { CONTEXT_FIELDS } from '../fdl/context-fields';
import { serviceKindOf, serviceParamsFor } from './vocabulary/service-params';
import { defineMessages, formatMessage } from '../fdl/messages';

const messages = defineMessages({
  stepAtLine: '{0} step at line {1}',
  declaredFunction: 'Function `{0}` declared in `{1}`',
  fc3Skeleton: 'An FC 3.0 function (add `/<qualifier>` for a version or alias). Region and account left empty mean the flow’s own.',
  fc2Skeleton: 'An FC 2.0 function of a service (`{serviceName}.{qualifier}` for a version or alias). Region and account left empty mean the flow’s own.',
  parentInput: "The parent's (flow or enclosing step) input.",
  parentLocal: "The parent's local: the merged outputs of earlier steps.",
  mappedField: 'A field set by an earlier mapping.',
  outputField: 'A field output by an earlier step.',
  wholeInput: 'The whole step input.',
  inputField: 'A field of the step input (seen in an earlier mapping).',
});

const PATH_KEYS = new Set(['source', 'collection', 'condition', 'duration', 'timestamp']);

export function completeValue(doc: CompletionSource, offset: number, ctx: CursorContext, pos: SchemaPosition, range: Range, env: FeatureEnv): CompletionItem[] {
  const key = ctx.key ?? '';
  const path = pathOf(ctx);
  const inServiceParams = path[path.length - 1] === 'serviceParams';
  if (key === 'goto') return gotoItems(doc, offset, pos, range, env);
  if (key === 'errors' || ctx.position === 'item') return key === 'errors' ? errorNameItems(range, env) : [];
  if (key === 'resourceArn') return resourceArnItems(range, env);
  if (inServiceParams && !ctx.prefix.startsWith('$')) {
    const step = pos.stepFrames[pos.stepFrames.length - 1];
    const param = serviceParamsFor(serviceKindOf(step?.entries().get('resourceArn')?.value)).find((p) => p.name === key);
    if (param?.values) return param.values.map((v) => valueItem(v.value, formatMessage(v.description, env.locale), range));
  }
  if (ctx.prefix.startsWith('$') || (PATH_KEYS.has(key) && ctx.prefix === '') || (inServiceParams && ctx.prefix === '')) {
    const paths = dataPathItems(doc, offset, key, inServiceParams, range, env);
    if (paths.length || ctx.prefix.startsWith('$')) return paths;
  }
  if (inServiceParams) return [];
  const isStep = pos.stepFrames.length > 0 && pos.stepFrames[pos.stepFrames.length - 1] === ctx.frames[ctx.frames.length - 1];
  if (key === 'type' && isStep) {
    return stepTypes().map((t) => valueItem(String(t.value), schemaText(t.description, env.locale), range));
  }
  return enumValuesAt([...pos.path, key], pos.root).map((v) => valueItem(String(v.value), schemaText(v.description, env.locale), range));
}

function valueItem(value: string, doc: string | undefined, range: Range): CompletionItem {
  return {
    label: value,
    kind: CompletionItemKind.EnumMember,
    documentation: doc ? { kind: MarkupKind.Markdown, value: doc } : undefined,
    textEdit: { range, newText: value },
  };
}

/** The step holding the goto: the innermost enclosing step (a choice, or a step with catch). */
function gotoOwner(doc: CompletionSource, offset: number, pos: SchemaPosition): Step | undefined {
  const frame = pos.stepFrames[pos.stepFrames.length - 1];
  const model = doc.model();
  return (frame && model.stepStartingAt(frameStart(frame))) ?? model.stepAt(offset);
}

function gotoItems(doc: CompletionSource, offset: number, pos: SchemaPosition, range: Range, _env: FeatureEnv): CompletionItem[] {
  const owner = gotoOwner(doc, offset, pos);
  const model = doc.model();
  if (!owner) return [];
  // The preview of each target is built on completionItem/resolve: a flow may offer a thousand steps.
  return gotoCandidates(owner).map((s, i) => ({
    label: s.name,
    kind: CompletionItemKind.Reference,
    detail: s.type,
    sortText: String(i).padStart(6, '0'),
    textEdit: { range, newText: s.name },
    data: { uri: doc.uri, version: doc.version, stepStart: model.spanOf(s).start } satisfies StepPreviewData,
  }));
}

/** What a goto completion item carries so that resolve can show the target step. */
export interface StepPreviewData {
  uri: string;
  version: number;
  stepStart: number;
}

/** completionItem/resolve: adds the target step's preview to a goto item. */
export function resolveCompletion(item: CompletionItem, docAt: (uri: string) => CompletionSource | undefined, env: FeatureEnv): CompletionItem {
  const data = item.data as Partial<StepPreviewData> | undefined;
  const doc = typeof data?.uri === 'string' ? docAt(data.uri) : undefined;
  if (!doc || doc.version !== data?.version || typeof data.stepStart !== 'number') return item;
  const model = doc.model();
  const step = model.stepStartingAt(data.stepStart);
  return step ? { ...item, documentation: { kind: MarkupKind.Markdown, value: previewAt(doc.text, doc.rangeOf(model.spanOf(step)).start, model.spanOf(step), step, env) } } : item;
}

/** A step's first lines, as hover and completion show it. */
export function stepPreview(doc: FlowDocument, step: Step, env: FeatureEnv): string {
  return previewAt(doc.parsed.text, doc.parsed.lines.positionAt(step.span.start), step.span, step, env);
}

/** The preview of `step`, which spans `span` of `text` and starts at `start`. */
function previewAt(text: string, start: { line: number; character: number }, span: Span, step: Step, env: FeatureEnv): string {
  const line = start.line + 1;
  // From the start of the step's line, the dash blanked, dedented: the step as it reads on its own.
  const column = start.character;
  const raw = ' '.repeat(column) + text.slice(span.start, span.end).trimEnd();
  const lines = raw.split(/\r?\n/);
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  const shown =
    lines
      .slice(0, 8)
      .map((l) => l.slice(indent))
      .join('\n') + (lines.length > 8 ? '\n…' : '');
  const where = formatMessage(messages.stepAtLine, env.locale, step.type, line);
  return `**${step.name}** — ${where}\n\n\`\`\`yaml\n${shown}\n\`\`\``;
}

export function errorNameItems(range: Range, env: FeatureEnv): CompletionItem[] {
  return BUILT_IN_ERRORS.map((e, i) => ({
    label: e.name,
    kind: CompletionItemKind.Constant,
    documentation: { kind: MarkupKind.Markdown, value: formatMessage(e.description, env.locale) },
    sortText: String(i).padStart(3, '0'),
    textEdit: { range, newText: e.name },
  }));
}

/** The workspace's (and the signed-in account's) functions by ARN, then the FC 3.0 and 2.0 skeletons. */
export function resourceArnItems(range: Range, env: FeatureEnv): CompletionItem[] {
  const known: CompletionItem[] = env.workspaceFunctions().map((f) => ({
    label: f.arn,
    kind: CompletionItemKind.Function,
    detail: [f.runtime, f.handler].filter(Boolean).join(' ') || undefined,
    documentation: {
      kind: MarkupKind.Markdown,
      value: formatMessage(messages.declaredFunction, env.locale, f.functionName, f.source),
    },
    sortText: `0${f.arn}`,
    textEdit: { range, newText: f.arn },
  }));
  return [...known, ...ARN_SKELETONS.map((k) => skeletonItem(k, range, env))];
}

/**
 * The Function Compute ARN forms with placeholders (fdl/arn.ts), offered after the known
 * functions, so completion helps even when no s.yaml or account lists any. Region and account
 * are left empty by default: the flow's own.
 */
const ARN_SKELETONS = [
  {
    label: 'acs:fc:{region}:{accountId}:functions/{functionName}',
    snippet: 'acs:fc:${1}:${2}:functions/${3:functionName}',
    documentation: messages.fc3Skeleton,
  },
  {
    label: 'acs:fc:{region}:{accountId}:services/{serviceName}/functions/{functionName}',
    snippet: 'acs:fc:${1}:${2}:services/${3:serviceName}/functions/${4:functionName}',
    documentation: messages.fc2Skeleton,
  },
];

function skeletonItem(k: (typeof ARN_SKELETONS)[number], range: Range, env: FeatureEnv): CompletionItem {
  return {
    label: k.label,
    kind: CompletionItemKind.Snippet,
    documentation: { kind: MarkupKind.Markdown, value: formatMessage(k.documentation, env.locale) },
    sortText: `1${k.label}`,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: k.snippet },
  };
}

function dataPathItems(doc: CompletionSource, offset: number, key: string, stepInput: boolean, range: Range, env: FeatureEnv): CompletionItem[] {
  const seen = doc.model().fieldsSeenBefore(offset);
  const items: CompletionItem[] = [];
  const add = (label: string, documentation: string, kind: CompletionItemKind = CompletionItemKind.Field) =>
    items.push({ label, kind, documentation: { kind: MarkupKind.Markdown, value: documentation }, textEdit: { range, newText: label }, filterText: label });
  const say = (text: (typeof messages)[keyof typeof messages]) => formatMessage(text, env.locale);
  // In mappings `$input`/`$local`/`$context` are the roots; elsewhere (conditions, collection, serviceParams) `$.x` is the step input.
  if (key === 'source' || key === 'target') {
    add('$input', say(messages.parentInput), CompletionItemKind.Variable);
    add('$local', say(messages.parentLocal), CompletionItemKind.Variable);
    for (const f of seen.input) add(`$input.${f}`, say(messages.mappedField));
    for (const f of seen.local) add(`$local.${f}`, say(messages.outputField));
    for (const c of CONTEXT_FIELDS) add(`$context.${c.path}`, formatMessage(c.description, env.locale), CompletionItemKind.Constant);
  } else if (stepInput || key === 'collection' || key === 'condition' || key === 'duration' || key === 'timestamp') {
    add('$', say(messages.wholeInput), CompletionItemKind.Variable);
    for (const f of seen.input) add(`$.${f}`, say(messages.inputField));
  }
  return items;
}
