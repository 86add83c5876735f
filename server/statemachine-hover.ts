/**
 * Hover in a StateMachine flow: every key and enum value in the StateMachine schema's words (en /
 * zh-cn), the state a transition names (its first lines), expression paths and built-in functions,
 * error names, Action values, and the keys of constructors and parameters (expression or literal).
 */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import { SM_FUNCTIONS } from '../fdl/cloudflow/expressions/index';
import { STATEMACHINE_CATALOG, STATEMACHINE_SCHEMA } from '../fdl/cloudflow/statemachine-schema';
import { SM_ERROR_NAMES, SM_PATHS } from '../fdl/cloudflow/statemachine-vocabulary';
import { cursorContext, nameReferenceAt, pathOf, stateFrameIndex, type CursorContext, type NameDeclaration } from '../fdl/navigation/index';
import { defineMessages, formatMessage, localize, textFromData, type Locale } from '../fdl/messages';
import type { Span } from '../fdl/model';
import { parseResourceArn } from '../fdl/arn';
import { schemaText } from '../fdl/schema/index';
import { schemaPositionOf, type SchemaPosition } from './cursor-schema';
import { describeProperty } from './describe';
import type { FlowDocument } from './documents';
import type { FeatureEnv } from './feature-env';
import { SM_STEP_KEYS } from './statemachine-completion';
import { describeResourceArn } from './resource-arn-hover';

const messages = defineMessages({
  noState: 'No state named `{0}` in this scope.',
  stateAt: '{0} state at line {1}',
  expressionKey: '`{0}` ends in `.$`: its value is an expression, evaluated when the state runs; the result is stored under `{1}`.',
  literalKey: '`{0}`: its value is passed on as written (add `.$` to the key to evaluate an expression).',
  customError: 'Not a built-in name: matches an error the integrated service, the function or a Fail state (`Code`) reports under this name.',
  action: 'Calls the `{1}` operation of `{0}` (`<Service>:<Operation>`).',
});

const NAME_KEYS = new Set(['StartAt', 'Next', 'Default']);
const CONSTRUCTORS = new Set(['InputConstructor', 'OutputConstructor', 'ItemConstructor', 'Parameters']);

export function hoverStateMachine(doc: FlowDocument, offset: number, env: FeatureEnv): Hover | null {
  const text = doc.parsed.text;
  const ctx = cursorContext(text, offset);
  if (!ctx || !ctx.tokenText || offset < ctx.token.start || offset > ctx.token.end) return null;
  const pos = schemaPositionOf(ctx, SM_STEP_KEYS);
  const answer = ctx.position === 'key' ? hoverKey(ctx, pos, env.locale) : hoverValue(doc, offset, ctx, pos, env);
  if (!answer) return null;
  return { contents: { kind: MarkupKind.Markdown, value: answer.value }, range: doc.parsed.lines.rangeOf(answer.span ?? ctx.token) };
}

interface Answer {
  value: string;
  span?: Span;
}

function hoverKey(ctx: CursorContext, pos: SchemaPosition, locale: Locale): Answer | undefined {
  const key = ctx.tokenText;
  if (ctx.itemOf === 'Errors') return { value: errorText(key, locale) };
  const p = STATEMACHINE_CATALOG.propertyAt([...pos.path, key], pos.root);
  if (p) return { value: `**${key}**\n\n${describeProperty(p, locale)}` };
  // A key of a constructor or of Parameters: data of the user's, whose meaning is its `.$`.
  if (pathOf(ctx).some((seg) => CONSTRUCTORS.has(seg))) {
    return { value: key.endsWith('.$') ? formatMessage(messages.expressionKey, locale, key, key.slice(0, -2)) : formatMessage(messages.literalKey, locale, key) };
  }
  return undefined;
}

function hoverValue(doc: FlowDocument, offset: number, ctx: CursorContext, pos: SchemaPosition, env: FeatureEnv): Answer | undefined {
  const locale = env.locale;
  const key = ctx.key ?? '';
  const value = ctx.tokenText;
  if (key === 'Errors' || ctx.position === 'item') return key === 'Errors' ? { value: errorText(value, locale) } : undefined;
  if (NAME_KEYS.has(key)) {
    const target = nameReferenceAt(doc.parsed, offset)?.target;
    return { value: target ? statePreview(doc, target, locale) : formatMessage(messages.noState, locale, value) };
  }
  const prop = STATEMACHINE_CATALOG.propertyAt([...pos.path, key], pos.root);
  const about = prop ? '\n\n---\n\n' + describeProperty(prop, locale) : '';
  // What a Task's resourceArn names, and the s.yaml declaring the function (as classic hovers it).
  if (key === 'resourceArn' && pathOf(ctx).at(-1) === 'Parameters') return { value: `**${value}**\n\n${describeResourceArn(parseResourceArn(value), env)}${about}` };
  const expression = expressionAt(doc.parsed.text, offset, locale);
  if (expression) return expression;
  const isState = stateFrameIndex(ctx) === ctx.frames.length - 1;
  if (key === 'Type' && isState) {
    const t = STATEMACHINE_CATALOG.stepTypes().find((s) => s.value === value);
    if (t) return { value: `**${value}**\n\n${schemaText(t.description, locale) ?? ''}` };
  }
  if (key === 'Action') return { value: `**${value}**\n\n${actionText(value, locale)}${about}` };
  const described = STATEMACHINE_CATALOG.enumValueDescription([...pos.path, key], pos.root, value);
  if (described) return { value: `**${key}: ${value}**\n\n${schemaText(described, locale)}${about}` };
  if (prop) return { value: `**${key}**\n\n${describeProperty(prop, locale)}` };
  // A value of a constructor or of Parameters: what its key makes of it.
  if (pathOf(ctx).some((seg) => CONSTRUCTORS.has(seg)))
    return { value: formatMessage(key.endsWith('.$') ? messages.expressionKey : messages.literalKey, locale, key, key.slice(0, -2)) };
  return undefined;
}

function errorText(name: string, locale: Locale): string {
  const e = SM_ERROR_NAMES.find((x) => x.name === name);
  return `**${name}**\n\n${e ? formatMessage(e.description, locale) : formatMessage(messages.customError, locale)}`;
}

function actionText(value: string, locale: Locale): string {
  const action = STATEMACHINE_SCHEMA.root.definitions?.taskState?.properties?.Action;
  const i = ((action?.examples as string[] | undefined) ?? []).indexOf(value);
  const words = (action?.['x-examples-descriptions'] as string[] | undefined)?.[i];
  if (i >= 0 && words) return localize(textFromData(words), locale);
  const [service, operation] = value.split(':');
  return formatMessage(messages.action, locale, service ?? value, operation ?? '');
}

/** The path or function under the cursor in an expression, with its words. */
function expressionAt(text: string, offset: number, locale: Locale): Answer | undefined {
  const part = /[\w$.[\]]/;
  let start = offset;
  while (start > 0 && part.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && part.test(text[end])) end++;
  const word = text.slice(start, end);
  if (word.startsWith('$')) {
    // The longest documented path the word starts with (`$Context.Current.Error.Code` → `$Context.Current.Error`).
    const known = [...SM_PATHS].sort((a, b) => b.path.length - a.path.length).find((p) => word === p.path || word.startsWith(p.path + '.') || word.startsWith(p.path + '['));
    return known && { value: `**${known.path}**\n\n${formatMessage(known.description, locale)}`, span: { start, end } };
  }
  const fn = SM_FUNCTIONS.get(word);
  if (fn && text[end] === '(') return { value: `\`${fn.signature}\`\n\n${formatMessage(fn.summary, locale)}`, span: { start, end } };
  return undefined;
}

function statePreview(doc: FlowDocument, state: NameDeclaration, locale: Locale): string {
  const text = doc.parsed.text;
  const start = doc.parsed.lines.positionAt(state.span.start);
  const raw = ' '.repeat(start.character) + text.slice(state.span.start, state.span.end).trimEnd();
  const lines = raw.split(/\r?\n/);
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  const shown = lines
    .slice(0, 8)
    .map((l) => l.slice(indent))
    .join('\n');
  return `**${state.name}** — ${formatMessage(messages.stateAt, locale, state.kind ?? '', start.line + 1)}\n\n\`\`\`yaml\n${shown}${lines.length > 8 ? '\n…' : ''}\n\`\`\``;
}
