/**
 * Quick fixes, keyed by diagnostic code (and its `data`):
 * - `unknown-goto-target`: create the missing step at the end of the goto's sequence;
 * - `schema-unknown-property` / `schema-invalid-enum` / `fdl-version-v1beta1` with `data.replacement`: use the suggestion;
 * - `callback-token-not-passed`: map `$context.task.token` into the task input;
 * - `stateful-async-without-async`: add `InvocationType: Async` to serviceParams;
 * - `loop-without-wait`: add a wait step before the step closing the loop (add-wait-step.ts);
 * - `choice-without-default`: add a `default` that goes on with the next step (what happens
 *   today, said out loud), or one that fails the execution.
 * On a StateMachine document (fdl/dialect.ts) "use the suggestion" and the fixes of
 * statemachine-code-actions.ts are offered: the others write classic FDL.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import { gotoReferenceAt, stepAt } from '../fdl/navigation/index';
import { defineMessages, formatMessage } from '../fdl/messages';
import type { Step } from '../fdl/model';
import { mapValue } from '../fdl/yaml/tree';
import { addWaitStep } from './add-wait-step';
import { SM_FIXES } from './statemachine-code-actions';
import type { FlowDocument } from './documents';
import type { FeatureEnv } from './feature-env';

const messages = defineMessages({
  createStep: 'Create step `{0}`',
  replace: 'Change to `{0}`',
  passToken: 'Pass the task token to the task (`$context.task.token`)',
  addAsync: 'Add `InvocationType: Async` to serviceParams',
  defaultGoto: 'Add a `default` that goes on with `{0}`',
  defaultFail: 'Add a `default` that fails the execution',
  defaultFailCause: 'no condition of choice {0} holds',
});

type Fix = (doc: FlowDocument, d: Diagnostic, env: FeatureEnv) => CodeAction | undefined;

/**
 * Fixes per code, the preferred one first. A goto with a near-miss name gets "use the suggestion"
 * and "create". Any other finding whose data carries `replacement` (schema typos, error names,
 * serviceParams keys, $context fields…) gets "use the suggestion".
 */
const FIXES: Record<string, Fix[]> = {
  'unknown-goto-target': [useReplacement, createMissingStep],
  'callback-token-not-passed': [passTaskToken],
  'stateful-async-without-async': [addAsyncInvocation],
  'loop-without-wait': [addWaitStep],
  'choice-without-default': [addDefaultGoto, addDefaultFail],
};

function fixesFor(d: Diagnostic, dialect: string): Fix[] {
  const code = typeof d.code === 'string' ? d.code : '';
  if (dialect === 'classic' && Object.hasOwn(FIXES, code)) return FIXES[code];
  const suggestion = typeof d.data?.replacement === 'string' ? [useReplacement] : [];
  if (dialect === 'statemachine' && Object.hasOwn(SM_FIXES, code)) return [...suggestion, ...SM_FIXES[code]];
  return suggestion;
}

export function codeActions(doc: FlowDocument, diagnostics: Diagnostic[], env: FeatureEnv): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    let preferred = true;
    for (const fix of fixesFor(d, doc.parsed.dialect)) {
      const action = fix(doc, d, env);
      if (!action) continue;
      out.push({ ...action, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: preferred });
      preferred = false;
    }
  }
  return out;
}

function edit(doc: FlowDocument, title: string, edits: TextEdit[], preferred = true): CodeAction {
  return { title, edit: { changes: { [doc.uri]: edits } }, isPreferred: preferred };
}

function columnOf(doc: FlowDocument, offset: number): number {
  return doc.parsed.lines.positionAt(offset).character;
}

/** Offset of the start of the line after the one holding `offset - 1` (end of a node). */
function lineAfter(doc: FlowDocument, end: number): { offset: number; needsNewline: boolean } {
  const text = doc.parsed.text;
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  const nl = text.indexOf('\n', e);
  return nl < 0 ? { offset: text.length, needsNewline: true } : { offset: nl + 1, needsNewline: false };
}

function insertAfter(doc: FlowDocument, end: number, lines: string[]): TextEdit {
  const at = lineAfter(doc, end);
  const pos = doc.parsed.lines.positionAt(at.offset);
  return { range: { start: pos, end: pos }, newText: (at.needsNewline ? '\n' : '') + lines.join('\n') + '\n' };
}

function createMissingStep(doc: FlowDocument, d: Diagnostic, env: FeatureEnv): CodeAction | undefined {
  const offset = doc.parsed.lines.offsetAt(d.range.start);
  const ref = gotoReferenceAt(doc.parsed, offset);
  const name = ref?.name ?? (typeof d.data?.target === 'string' ? d.data.target : undefined);
  if (!ref || !name) return undefined;
  const last = ref.scope.steps[ref.scope.steps.length - 1];
  if (!last) return undefined;
  const k = columnOf(doc, last.span.start);
  const dash = ' '.repeat(Math.max(0, k - 2));
  const pad = ' '.repeat(k);
  return edit(doc, formatMessage(messages.createStep, env.locale, name), [insertAfter(doc, last.span.end, [`${dash}- type: pass`, `${pad}name: ${name}`])]);
}

function useReplacement(doc: FlowDocument, d: Diagnostic, env: FeatureEnv): CodeAction | undefined {
  const replacement = d.data?.replacement;
  if (typeof replacement !== 'string') return undefined;
  const text = doc.parsed.text;
  let range = d.range;
  const s = doc.parsed.lines.offsetAt(range.start);
  const e = doc.parsed.lines.offsetAt(range.end);
  const q = text[s];
  if ((q === '"' || q === "'") && text[e - 1] === q && e - s >= 2) {
    range = { start: doc.parsed.lines.positionAt(s + 1), end: doc.parsed.lines.positionAt(e - 1) };
  }
  return edit(doc, formatMessage(messages.replace, env.locale, replacement), [{ range, newText: replacement }]);
}

function taskAt(doc: FlowDocument, d: Diagnostic): Extract<Step, { type: 'task' }> | undefined {
  const offset = doc.parsed.lines.offsetAt(d.range.start);
  let step = stepAt(doc.parsed, offset);
  while (step && step.type !== 'task') step = step.scope.owner;
  return step;
}

function passTaskToken(doc: FlowDocument, d: Diagnostic, env: FeatureEnv): CodeAction | undefined {
  // The rule's other case (token mapped but not sent on through serviceParams) has no `source`: not this fix.
  if (d.data && d.data.source === undefined) return undefined;
  const task = taskAt(doc, d);
  if (!task) return undefined;
  const title = formatMessage(messages.passToken, env.locale);
  const mappings = task.inputMappings ?? [];
  const lastMapping = mappings[mappings.length - 1];
  const text = doc.parsed.text;
  if (lastMapping && text[lastMapping.span.start] !== '{') {
    const k = columnOf(doc, lastMapping.span.start);
    return edit(doc, title, [insertAfter(doc, lastMapping.span.end, [`${' '.repeat(k - 2)}- target: taskToken`, `${' '.repeat(k)}source: $context.task.token`])]);
  }
  if (lastMapping) {
    const pos = doc.parsed.lines.positionAt(lastMapping.span.end);
    return edit(doc, title, [{ range: { start: pos, end: pos }, newText: ', {target: taskToken, source: $context.task.token}' }]);
  }
  if (task.inputMappings) return undefined; // `inputMappings: []` or a form we do not rewrite safely
  const k = columnOf(doc, task.span.start);
  const pad = ' '.repeat(k);
  return edit(doc, title, [insertAfter(doc, task.span.end, [`${pad}inputMappings:`, `${pad}  - target: taskToken`, `${pad}    source: $context.task.token`])]);
}

function addAsyncInvocation(doc: FlowDocument, d: Diagnostic, env: FeatureEnv): CodeAction | undefined {
  const task = taskAt(doc, d);
  const sp = task?.serviceParams;
  if (!sp) return undefined;
  const title = formatMessage(messages.addAsync, env.locale);
  const text = doc.parsed.text;
  // `InvocationType: Sync` already written: change it rather than add a duplicate key.
  const existing = mapValue(mapValue(task!.node, 'serviceParams'), 'InvocationType');
  if (existing) {
    const inner = { start: doc.parsed.lines.positionAt(existing.s), end: doc.parsed.lines.positionAt(existing.e) };
    return edit(doc, title, [{ range: inner, newText: 'Async' }]);
  }
  if (text[sp.span.start] === '{') {
    const pos = doc.parsed.lines.positionAt(sp.span.start + 1);
    return edit(doc, title, [{ range: { start: pos, end: pos }, newText: 'InvocationType: Async, ' }]);
  }
  const k = columnOf(doc, sp.span.start);
  const lineStart = sp.span.start - k;
  const pos = doc.parsed.lines.positionAt(lineStart);
  return edit(doc, title, [{ range: { start: pos, end: pos }, newText: `${' '.repeat(k)}InvocationType: Async\n` }]);
}

/** The choice step a `choice-without-default` finding is about (its `data.choice`), block style only. */
function choiceAt(doc: FlowDocument, d: Diagnostic): Extract<Step, { type: 'choice' }> | undefined {
  let step = stepAt(doc.parsed, doc.parsed.lines.offsetAt(d.range.start));
  while (step && !(step.type === 'choice' && step.name === d.data?.choice)) step = step.scope.owner;
  if (!step || step.type !== 'choice' || step.default || doc.parsed.text[step.span.start] === '{') return undefined;
  return step;
}

/** `default:` with `body` under it, at the choice's key column, after the choice's last line. */
function insertDefault(doc: FlowDocument, choice: Step, body: string[]): TextEdit {
  const pad = ' '.repeat(columnOf(doc, choice.span.start));
  return insertAfter(doc, choice.span.end, [`${pad}default:`, ...body.map((line) => `${pad}  ${line}`)]);
}

function addDefaultGoto(doc: FlowDocument, d: Diagnostic, env: FeatureEnv): CodeAction | undefined {
  const choice = choiceAt(doc, d);
  const next = d.data?.next;
  if (!choice || typeof next !== 'string') return undefined;
  return edit(doc, formatMessage(messages.defaultGoto, env.locale, next), [insertDefault(doc, choice, [`goto: ${yamlText(next)}`])]);
}

function addDefaultFail(doc: FlowDocument, d: Diagnostic, env: FeatureEnv): CodeAction | undefined {
  const choice = choiceAt(doc, d);
  if (!choice) return undefined;
  const cause = JSON.stringify(formatMessage(messages.defaultFailCause, env.locale, choice.name));
  const body = ['steps:', '  - type: fail', `    name: ${yamlText(`${choice.name}NoMatch`)}`, '    error: NoConditionMatched', `    cause: ${cause}`];
  return edit(doc, formatMessage(messages.defaultFail, env.locale), [insertDefault(doc, choice, body)]);
}

/** A name as a YAML scalar: plain when it is a simple word, else double-quoted (JSON is YAML). */
function yamlText(name: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(name) ? name : JSON.stringify(name);
}
