/**
 * Quick fixes that write StateMachine YAML, keyed by code (code-actions.ts adds "use the
 * suggestion" wherever a finding's data carries `replacement`: misspelt keys and values, a state
 * name's near miss, `invocationType`, a Map's concurrency):
 * - `sm-unknown-state`: create the missing state (a Pass state ending its scope) after the last
 *   state of the transition's scope;
 * - `sm-callback-without-token`: pass `$Context.Current.TaskToken` in the request: into
 *   `Parameters.body` for `FC:InvokeFunction` (a new `body`, a key of a block `body`, or merged
 *   into a `body.$` expression with `jsonMerge`), else as a `taskToken.$` parameter.
 */
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { stateMachineOf, type SmStateModel } from '../fdl/cloudflow/statemachine-model';
import { defineMessages, formatMessage } from '../fdl/messages';
import { isMapNode, isScalarNode, mapValue, type YNode } from '../fdl/yaml/tree';
import type { FlowDocument } from './documents';
import type { FeatureEnv } from './feature-env';

const messages = defineMessages({
  createState: 'Create state `{0}`',
  addToken: 'Pass the task token (`$Context.Current.TaskToken`) in the request',
});

export type SmFix = (doc: FlowDocument, d: Diagnostic, env: FeatureEnv) => CodeAction | undefined;

export const SM_FIXES: Record<string, SmFix[]> = {
  'sm-unknown-state': [createMissingState],
  'sm-callback-without-token': [addTaskToken],
};

const TOKEN = '$Context.Current.TaskToken';

function edit(doc: FlowDocument, title: string, edits: TextEdit[]): CodeAction {
  return { title, edit: { changes: { [doc.uri]: edits } } };
}

function columnOf(doc: FlowDocument, offset: number): number {
  return doc.parsed.lines.positionAt(offset).character;
}

/** New lines right after the line where the node ending at `end` ends. */
function insertAfter(doc: FlowDocument, end: number, lines: string[]): TextEdit {
  const text = doc.parsed.text;
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  const nl = text.indexOf('\n', e);
  const pos = doc.parsed.lines.positionAt(nl < 0 ? text.length : nl + 1);
  return { range: { start: pos, end: pos }, newText: (nl < 0 ? '\n' : '') + lines.join('\n') + '\n' };
}

/** A line inserted before the line holding `offset`, at that line's start. */
function insertBeforeLine(doc: FlowDocument, offset: number, line: string): TextEdit {
  const pos = doc.parsed.lines.positionAt(offset - columnOf(doc, offset));
  return { range: { start: pos, end: pos }, newText: line + '\n' };
}

/** A name as a YAML scalar: plain when it is a simple word, else double-quoted (JSON is YAML). */
function yamlText(name: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(name) ? name : JSON.stringify(name);
}

function createMissingState(doc: FlowDocument, d: Diagnostic, env: FeatureEnv): CodeAction | undefined {
  const offset = doc.parsed.lines.offsetAt(d.range.start);
  const t = stateMachineOf(doc.parsed).transitions.find((x) => x.target.span.start <= offset && offset < x.target.span.end);
  const last = t?.scope.states[t.scope.states.length - 1];
  if (!t || !last || doc.parsed.text[last.span.start] === '{') return undefined;
  const k = columnOf(doc, last.span.start);
  const pad = ' '.repeat(k);
  const lines = [`${' '.repeat(Math.max(0, k - 2))}- Type: Pass`, `${pad}Name: ${yamlText(t.target.value)}`, `${pad}End: true`];
  return edit(doc, formatMessage(messages.createState, env.locale, t.target.value), [insertAfter(doc, last.span.end, lines)]);
}

function stateOf(doc: FlowDocument, d: Diagnostic): SmStateModel | undefined {
  const offset = doc.parsed.lines.offsetAt(d.range.start);
  let best: SmStateModel | undefined;
  for (const s of stateMachineOf(doc.parsed).states) {
    if (s.type === 'Task' && s.span.start <= offset && offset <= s.span.end && (!best || s.span.start >= best.span.start)) best = s;
  }
  return best;
}

/** A block mapping we may add lines to (not `{…}`), with the column of its keys. */
function blockMap(doc: FlowDocument, n: YNode | null | undefined): { node: YNode; column: number } | undefined {
  if (!isMapNode(n) || !n.items.length || doc.parsed.text[n.s] === '{') return undefined;
  return { node: n, column: columnOf(doc, n.s) };
}

function addTaskToken(doc: FlowDocument, d: Diagnostic, env: FeatureEnv): CodeAction | undefined {
  const state = stateOf(doc, d);
  if (!state) return undefined;
  const title = formatMessage(messages.addToken, env.locale);
  const paramsNode = mapValue(state.node, 'Parameters');
  const params = blockMap(doc, paramsNode);
  const isFc = (() => {
    const a = mapValue(state.node, 'Action');
    return isScalarNode(a) && a.value === 'FC:InvokeFunction';
  })();
  if (!paramsNode) {
    const pad = ' '.repeat(columnOf(doc, state.span.start));
    const lines = isFc ? [`${pad}Parameters:`, `${pad}  body:`, `${pad}    taskToken.$: ${TOKEN}`] : [`${pad}Parameters:`, `${pad}  taskToken.$: ${TOKEN}`];
    return edit(doc, title, [insertAfter(doc, state.span.end, lines)]);
  }
  if (!params) return undefined;
  if (!isFc) return edit(doc, title, [insertBeforeLine(doc, params.node.s, `${' '.repeat(params.column)}taskToken.$: ${TOKEN}`)]);
  const body = mapValue(params.node, 'body');
  const bodyExpression = mapValue(params.node, 'body.$');
  if (isScalarNode(bodyExpression) && typeof bodyExpression.value === 'string' && doc.parsed.text[bodyExpression.s] !== '|' && doc.parsed.text[bodyExpression.s] !== '>') {
    // `body.$: <expr>` → the same object with the token merged in.
    const merged = `jsonMerge(${bodyExpression.value}, {"taskToken": ${TOKEN}})`;
    const range = { start: doc.parsed.lines.positionAt(bodyExpression.s), end: doc.parsed.lines.positionAt(bodyExpression.e) };
    return edit(doc, title, [{ range, newText: JSON.stringify(merged) }]);
  }
  const bodyMap = blockMap(doc, body);
  if (bodyMap) return edit(doc, title, [insertBeforeLine(doc, bodyMap.node.s, `${' '.repeat(bodyMap.column)}taskToken.$: ${TOKEN}`)]);
  if (body || bodyExpression) return undefined; // a literal body, or a form not rewritten safely
  const pad = ' '.repeat(params.column);
  return edit(doc, title, [insertAfter(doc, params.node.e, [`${pad}body:`, `${pad}  taskToken.$: ${TOKEN}`])]);
}
