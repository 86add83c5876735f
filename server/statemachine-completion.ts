/**
 * Completion in a StateMachine flow (`Type: StateMachine`), from the text around the cursor alone
 * (fdl/navigation/cursor-context.ts), so it answers while the text is half typed and never waits
 * for a parse: keys per state type and enum values from the StateMachine schema's catalogue
 * (Action → its Parameters too), state names of the cursor's own scope (fdl/navigation/scope-states.ts),
 * Action values, expression paths where each root is readable (with the fields the flow says
 * `$Input` and `$Output` hold there, from the latest parse) and the built-in functions with
 * their signatures, error names in Retry/Catch, and the snippets of a new flow and of each state
 * type where a state may start.
 */
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver/node';
import { STATEMACHINE_CATALOG, STATEMACHINE_SCHEMA } from '../fdl/cloudflow/statemachine-schema';
import { SM_ERROR_NAMES, SM_FLOW_SNIPPET, SM_STATE_SNIPPETS, smPathsAt, type SmSnippet } from '../fdl/cloudflow/statemachine-vocabulary';
import { SM_FUNCTIONS, SM_PLACE_ROOTS, type SmExpressionPlace } from '../fdl/cloudflow/expressions/index';
import { smInputFields, smOutputFields } from '../fdl/cloudflow/statemachine-data-fields';
import { stateMachineOf } from '../fdl/cloudflow/statemachine-model';
import { cursorContext, pathOf, scopeFrameOf, stateFrameIndex, statesOfScope, type CursorContext } from '../fdl/navigation/index';
import { schemaText } from '../fdl/schema/index';
import type { Span } from '../fdl/model';
import type { CompletionSource } from './completion-source';
import { schemaPositionOf, type SchemaPosition, type StepKeys } from './cursor-schema';
import { resourceArnItems } from './completion-values';
import { describeProperty } from './describe';
import type { FeatureEnv } from './feature-env';
import { defineMessages, formatMessage, localize, textFromData } from '../fdl/messages';

const messages = defineMessages({
  required: 'required',
  inputField: "A field built by the states before (or this state's InputConstructor).",
  outputField: "A field of the state's result.",
  sameRegionFlow: 'A flow of the same region (cross-region child flows are not supported). Region and account left empty mean the flow’s own.',
});

export const SM_STEP_KEYS: StepKeys = { listKey: 'States', typeKey: 'Type', conditionKeys: ['Action'] };

/** Keys whose value names a state of the scope. */
const NAME_KEYS = new Set(['StartAt', 'Next', 'Default']);

export function completeStateMachine(doc: CompletionSource, offset: number, env: FeatureEnv): CompletionItem[] {
  const text = doc.text;
  const ctx = cursorContext(text, offset);
  if (!ctx) return [];
  const pos = schemaPositionOf(ctx, SM_STEP_KEYS);
  const range = doc.rangeOf(ctx.token);
  if (ctx.position === 'key') {
    if (ctx.itemOf === 'Errors') return errorItems(range, env);
    const keys = keyItems(ctx, pos, range, env);
    return ctx.itemOf === 'States' && isFreshItem(ctx) ? [...snippetItems(ctx, range, env), ...keys] : keys;
  }
  const key = ctx.key ?? '';
  if (key === 'Errors') return errorItems(range, env);
  if (ctx.position === 'item') return [];
  if (NAME_KEYS.has(key)) return stateNameItems(text, ctx, range);
  const place = expressionPlace(ctx);
  if (place) {
    const word = expressionWord(text, offset);
    return [...expressionItems(place, doc.rangeOf(word.span), word.text, env), ...fieldItems(doc, ctx, place, doc.rangeOf(word.span), env)];
  }
  if (key === 'Action') return actionItems(range, env);
  if (key === 'resourceArn' && pathOf(ctx).at(-1) === 'Parameters') return taskArnItems(ctx, range, env);
  return STATEMACHINE_CATALOG.enumValuesAt([...pos.path, key], pos.root).map((v, i) => ({
    label: String(v.value),
    kind: CompletionItemKind.EnumMember,
    documentation: v.description ? { kind: MarkupKind.Markdown, value: schemaText(v.description, env.locale)! } : undefined,
    sortText: String(i).padStart(3, '0'),
    textEdit: { range, newText: String(v.value) },
  }));
}

/** A new item of a list: nothing written in it but the token being typed. */
function isFreshItem(ctx: CursorContext): boolean {
  const frame = ctx.frames[ctx.frames.length - 1];
  return [...frame.entries().keys()].every((k) => k === ctx.tokenText);
}

/** Keys offered before the others: a state's `Type` and `Name`, then what the schema requires. */
const FIRST_KEYS: Record<string, string> = { Type: '0', Name: '1' };

function keyItems(ctx: CursorContext, pos: SchemaPosition, range: Range, env: FeatureEnv): CompletionItem[] {
  const frame = ctx.frames[ctx.frames.length - 1];
  const present = new Set([...frame.entries().keys()].filter((k) => k !== ctx.tokenText));
  const indent = frame.keyColumn >= 0 ? ' '.repeat(frame.keyColumn) : undefined;
  return STATEMACHINE_CATALOG.propertiesAt(pos.path, pos.root)
    .filter((p) => !present.has(p.name))
    .map((p) => {
      const block = indent !== undefined && p.types.length === 1 && (p.types[0] === 'array' || p.types[0] === 'object');
      const newText = !block ? `${p.name}: ` : p.types[0] === 'array' ? `${p.name}:\n${indent}  - ` : `${p.name}:\n${indent}  `;
      const offersValues = !!p.enumValues?.length || NAME_KEYS.has(p.name) || p.name === 'Action' || p.name === 'resourceArn';
      return {
        label: p.name,
        kind: CompletionItemKind.Property,
        detail: p.types.join(' | ') || undefined,
        documentation: { kind: MarkupKind.Markdown, value: describeProperty(p, env.locale) },
        sortText: `${p.required ? '0' : '1'}${FIRST_KEYS[p.name] ?? '2'}${p.name}`,
        textEdit: { range, newText },
        insertTextFormat: InsertTextFormat.PlainText,
        command: offersValues ? { title: 'suggest', command: 'editor.action.triggerSuggest' } : undefined,
        labelDetails: p.required ? { description: formatMessage(messages.required, env.locale) } : undefined,
      } satisfies CompletionItem;
    });
}

function snippetItems(ctx: CursorContext, range: Range, env: FeatureEnv): CompletionItem[] {
  const indent = ' '.repeat(Math.max(0, ctx.frames[ctx.frames.length - 1].keyColumn));
  return SM_STATE_SNIPPETS.map((s, i) => snippetItem(s, indent, range, env, `!${i}`));
}

export function snippetItem(s: SmSnippet, indent: string, range: Range, env: FeatureEnv, sortText: string): CompletionItem {
  return {
    label: s.labelWords ? formatMessage(s.labelWords, env.locale) : s.label,
    kind: CompletionItemKind.Snippet,
    detail: formatMessage(s.description, env.locale),
    sortText,
    textEdit: { range, newText: s.body.map((l, i) => (i === 0 || !l ? l : indent + l)).join('\n') },
    insertTextFormat: InsertTextFormat.Snippet,
    // The lines carry their own indentation (the item's key column).
    insertTextMode: InsertTextMode.asIs,
  };
}

/** The snippet of a new StateMachine flow, for an empty document (whatever its format will be). */
export function newFlowItem(range: Range, env: FeatureEnv): CompletionItem {
  return snippetItem(SM_FLOW_SNIPPET, '', range, env, '!0');
}

function stateNameItems(text: string, ctx: CursorContext, range: Range): CompletionItem[] {
  const scope = scopeFrameOf(ctx);
  if (!scope) return [];
  const i = stateFrameIndex(ctx);
  // The state the transition leaves is offered last (a loop back to itself is legal, rarely meant).
  const self = i >= 0 ? ctx.frames[i].entries().get('Name')?.value : undefined;
  return statesOfScope(text, scope).map((s, k) => ({
    label: s.name,
    kind: CompletionItemKind.Reference,
    detail: s.type,
    sortText: (s.name === self && ctx.key !== 'StartAt' ? '1' : '0') + String(k).padStart(6, '0'),
    textEdit: { range, newText: s.name },
  }));
}

/** Where an expression at the cursor stands, or undefined when the value is no expression. */
function expressionPlace(ctx: CursorContext): SmExpressionPlace | undefined {
  const key = ctx.key ?? '';
  const path = pathOf(ctx);
  // The innermost constructor or parameters mapping on the path, after the state's own `States`.
  for (let i = path.length - 1; i >= 0 && path[i] !== 'States'; i--) {
    const seg = path[i];
    if (seg === 'OutputConstructor') return path[i - 2] === 'Catch' ? 'CatchOutputConstructor' : 'OutputConstructor';
    if (seg === 'InputConstructor' || seg === 'ItemConstructor' || seg === 'Parameters') {
      return key.endsWith('.$') || ctx.prefix.startsWith('$') ? seg : undefined;
    }
  }
  if (key === 'Condition' || key === 'ItemsPath') return key;
  if (key === 'Seconds.$') return 'Seconds';
  if (key === 'Timeout.$') return 'Timeout';
  return undefined;
}

/** The path or function name the cursor is in (`$Input.a` of `$Input.a > 1`), from its start to its end. */
function expressionWord(text: string, offset: number): { span: Span; text: string } {
  const part = /[\w$.[\]]/;
  let start = offset;
  while (start > 0 && part.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && part.test(text[end])) end++;
  return { span: { start, end }, text: text.slice(start, offset) };
}

function expressionItems(place: SmExpressionPlace, range: Range, word: string, env: FeatureEnv): CompletionItem[] {
  const items: CompletionItem[] = smPathsAt(place).map((p, i) => ({
    label: p.path,
    kind: p.path.split('.').length === 1 ? CompletionItemKind.Variable : CompletionItemKind.Field,
    documentation: { kind: MarkupKind.Markdown, value: formatMessage(p.description, env.locale) },
    sortText: `0${String(i).padStart(3, '0')}`,
    textEdit: { range, newText: p.path },
  }));
  if (word.startsWith('$')) return items;
  for (const f of SM_FUNCTIONS.values()) {
    items.push({
      label: f.name,
      kind: CompletionItemKind.Function,
      detail: f.signature,
      documentation: { kind: MarkupKind.Markdown, value: `\`${f.signature}\`\n\n${formatMessage(f.summary, env.locale)}` },
      sortText: `1${f.name}`,
      textEdit: { range, newText: f.maxArgs === 0 ? `${f.name}()` : `${f.name}($1)` },
      insertTextFormat: InsertTextFormat.Snippet,
    });
  }
  return items;
}

/** `$Input.<field>` and `$Output.<field>` where the flow says which fields there are (statemachine-data-fields.ts). */
function fieldItems(doc: CompletionSource, ctx: CursorContext, place: SmExpressionPlace, range: Range, env: FeatureEnv): CompletionItem[] {
  const i = stateFrameIndex(ctx);
  const name = i >= 0 ? ctx.frames[i].entries().get('Name')?.value : undefined;
  const parsed = name ? doc.latestParse() : undefined;
  if (!parsed || parsed.dialect !== 'statemachine') return [];
  const model = stateMachineOf(parsed);
  const state = model.states.find((s) => s.name === name);
  if (!state) return [];
  const items: CompletionItem[] = smInputFields(model, state, place).map((f) => ({
    label: `$Input.${f}`,
    kind: CompletionItemKind.Field,
    documentation: {
      kind: MarkupKind.Markdown,
      value: formatMessage(messages.inputField, env.locale),
    },
    sortText: `00${f}`,
    textEdit: { range, newText: `$Input.${f}` },
  }));
  if (SM_PLACE_ROOTS[place].includes('$Output')) {
    for (const f of smOutputFields(state)) {
      items.push({
        label: `$Output.${f}`,
        kind: CompletionItemKind.Field,
        documentation: { kind: MarkupKind.Markdown, value: formatMessage(messages.outputField, env.locale) },
        sortText: `00${f}`,
        textEdit: { range, newText: `$Output.${f}` },
      });
    }
  }
  return items;
}

/** `FC:InvokeFunction` first, then the documented integrations, with the schema's words for each. */
function actionItems(range: Range, env: FeatureEnv): CompletionItem[] {
  const action = STATEMACHINE_SCHEMA.root.definitions?.taskState?.properties?.Action;
  const values = (action?.examples as string[] | undefined) ?? [];
  const en = (action?.['x-examples-descriptions'] as string[] | undefined) ?? [];
  return values.map((v, i) => ({
    label: v,
    kind: CompletionItemKind.Value,
    documentation: en[i] ? { kind: MarkupKind.Markdown, value: localize(textFromData(en[i]), env.locale) } : undefined,
    sortText: String(i).padStart(3, '0'),
    textEdit: { range, newText: v },
  }));
}

/**
 * `Parameters.resourceArn` of a Task, by its Action: an FC:InvokeFunction gets the functions the
 * workspace's s.yaml files and the signed-in account declare, then the ARN skeletons (as a classic
 * task's resourceArn does); an FNF:StartExecution gets the flow ARN's skeleton.
 */
function taskArnItems(ctx: CursorContext, range: Range, env: FeatureEnv): CompletionItem[] {
  const action = ctx.frames.at(-2)?.entries().get('Action')?.value;
  if (action === 'FNF:StartExecution') {
    return [
      {
        label: 'acs:fnf:{region}:{accountId}:flow/{flowName}',
        kind: CompletionItemKind.Snippet,
        documentation: {
          kind: MarkupKind.Markdown,
          value: formatMessage(messages.sameRegionFlow, env.locale),
        },
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: 'acs:fnf:${1}:${2}:flow/${3:flowName}' },
      },
    ];
  }
  return action === 'FC:InvokeFunction' || action === undefined ? resourceArnItems(range, env) : [];
}

function errorItems(range: Range, env: FeatureEnv): CompletionItem[] {
  return SM_ERROR_NAMES.map((e, i) => ({
    label: e.name,
    kind: CompletionItemKind.Constant,
    documentation: { kind: MarkupKind.Markdown, value: formatMessage(e.description, env.locale) },
    sortText: String(i).padStart(3, '0'),
    textEdit: { range, newText: e.name },
  }));
}
