/**
 * Reuse of a document's last good parse for a later version of its text, for completion.
 *
 * Completion reads its cursor context from the current text alone (fdl/navigation/cursor-context);
 * from a parse it needs only the steps (names, scopes, where each starts) and the mapping targets
 * written before the cursor. While the user types, each keystroke is a new version, often not
 * valid YAML (`    pa`), whose full parse takes the slow error-tolerant path. So: find the lines
 * that differ between the last good parse's text and the current text; when no differing line,
 * in either text, can change the steps or the mapping targets, the old parse answers with its
 * offsets moved across the edit. Otherwise (`reuseRefusal` names why) the caller parses.
 *
 * Refused, so completion waits for the full parse: a changed line that is a sequence item
 * (`- ...`), names a key the model reads (`name`, `type`, `steps`, `target`...), a merge key,
 * starts or holds an anchor, alias or tag, a block scalar (`|`, `>`), a quoted scalar or flow
 * collection left open on its line, a continuation of a multi-line scalar, a tab in the
 * indentation, a document marker or directive; a changed line (or comment) inside a block
 * scalar, multi-line scalar or flow collection begun above; changed lines that would adopt the unchanged lines after them
 * as children (a shallower key ending the edit); and any model span inside the changed lines.
 */
import type { ParsedFlow } from '../fdl/parse';
import type { Span, Step } from '../fdl/model';
import { fieldsSeenBefore, stepAt, stepStartingAt, type SeenFields } from '../fdl/navigation/index';
import { indentOf, isStructureless, lineEndAt, lineStartAt, readLine, type YamlLine } from '../fdl/navigation/yaml-lines';
import type { LineEdit } from '../fdl/yaml/line-edit';

export { lineEditBetween, type LineEdit } from '../fdl/yaml/line-edit';

/** What completion reads from a parse, in the offsets of the text it completes in. */
export interface StepModel {
  /** The step whose mapping starts at `offset` (its first key). */
  stepStartingAt(offset: number): Step | undefined;
  /** The innermost step containing `offset`. */
  stepAt(offset: number): Step | undefined;
  fieldsSeenBefore(offset: number): SeenFields;
  /** Where a step of this model is in the text. */
  spanOf(step: Step): Span;
}

type ParsedSteps = Pick<ParsedFlow, 'flow' | 'steps'>;

/** The model of a parse of the very text completed in. */
export function modelOf(parsed: ParsedSteps): StepModel {
  return {
    stepStartingAt: (o) => stepStartingAt(parsed, o),
    stepAt: (o) => stepAt(parsed, o),
    fieldsSeenBefore: (o) => fieldsSeenBefore(parsed, o),
    spanOf: (s) => s.span,
  };
}

/** Why the parse of `before` cannot stand for `after` across `edit`, or undefined when it can. */
export function reuseRefusal(before: string, after: string, edit: LineEdit, parsed: ParsedSteps): string | undefined {
  for (const [text, end] of [
    [before, edit.oldEnd],
    [after, edit.newEnd],
  ] as const) {
    const why = changedLinesRefusal(text, edit.start, end);
    if (why) return why;
  }
  // Belt and braces: nothing the model reads may lie in the lines that changed.
  const inside = (o: number) => o >= edit.start && o < edit.oldEnd;
  for (const m of parsed.flow.inputMappings ?? []) if (m.target && inside(m.target.span.start)) return 'a mapping target changed';
  for (const s of parsed.steps) {
    if (inside(s.span.start) || (s.name && inside(s.nameSpan.start))) return 'a step changed';
    for (const m of [...(s.inputMappings ?? []), ...(s.outputMappings ?? []), ...(s.type === 'task' ? (s.errorMappings ?? []) : [])]) {
      if (m.target && inside(m.target.span.start)) return 'a mapping target changed';
    }
  }
  return undefined;
}

/** The model of the parse of `before`, answering in the offsets of the text after `edit`. */
export function reusedModel(parsed: ParsedSteps, edit: LineEdit): StepModel {
  const delta = edit.newEnd - edit.oldEnd;
  // A new-text offset inside the changed lines maps to their start: no model span lies there.
  const toOld = (o: number) => (o < edit.start ? o : o >= edit.newEnd ? o - delta : edit.start);
  const toNew = (o: number) => (o < edit.start ? o : o >= edit.oldEnd ? o + delta : edit.start);
  return {
    stepStartingAt: (o) => (o >= edit.start && o < edit.newEnd ? undefined : stepStartingAt(parsed, toOld(o))),
    stepAt: (o) => stepAt(parsed, toOld(o)),
    fieldsSeenBefore: (o) => fieldsSeenBefore(parsed, toOld(o)),
    spanOf: (s) => ({ start: toNew(s.span.start), end: toNew(s.span.end) }),
  };
}

/** Keys whose lines the model is built from (steps, their scopes and names, mapping targets). */
const MODEL_KEYS = new Set([
  'version',
  'type',
  'name',
  'steps',
  'branches',
  'choices',
  'default',
  'inputMappings',
  'outputMappings',
  'errorMappings',
  'target',
  'iterationMapping',
  'item',
  'index',
  '<<',
]);

function changedLinesRefusal(text: string, start: number, end: number): string | undefined {
  let minIndent = Infinity;
  let prev: YamlLine | undefined = structuralLineAbove(text, start);
  let first = true;
  for (let s = start; s < end;) {
    const e = lineEndAt(text, s);
    if (/^[ ]*\t/.test(text.slice(s, Math.min(e, s + 200)))) return 'a tab in the indentation';
    if (text.startsWith('---', s) || text.startsWith('...', s) || text.startsWith('%', s)) return 'a document marker or directive';
    const structureless = isStructureless(text, s, e);
    if (first && structureless && indentOf(text, s, e) < e - s) {
      // A comment-like line may be text of a block scalar begun above.
      const scalar = enclosingScalarRefusal(text, readLine(text, s));
      if (scalar) return scalar;
    }
    if (!structureless) {
      const ln = readLine(text, s);
      const why = lineRefusal(ln) ?? continuationRefusal(ln, prev);
      if (why) return why;
      if (first) {
        const scalar = enclosingScalarRefusal(text, ln);
        if (scalar) return scalar;
        first = false;
      }
      minIndent = Math.min(minIndent, ln.indent);
      prev = ln;
    }
    const nl = text.indexOf('\n', e);
    if (nl < 0) break;
    s = nl + 1;
  }
  // The first unchanged line below keeps its parent only if no changed line is shallower than it.
  const next = structuralLineFrom(text, end);
  if (next && next.indent > minIndent) return 'the changed lines would take the lines below as children';
  return undefined;
}

function lineRefusal(ln: YamlLine): string | undefined {
  if (ln.dashes.length) return 'a sequence item';
  if (ln.key !== undefined && MODEL_KEYS.has(ln.key)) return `a \`${ln.key}\` line`;
  const content = ln.value;
  const c = content[0];
  // Without a key the line is a plain scalar (a key being typed) or something structural.
  if (ln.key === undefined && /^([&*!"'[{|>%@`]|[?:](\s|$))/.test(content)) return 'a line that is not `key: value`';
  if (c === '&' || c === '*' || c === '!') return 'an anchor, alias or tag';
  if (c === '|' || c === '>') return 'a block scalar';
  if ((c === '"' || c === "'") && (content.length < 2 || content[content.length - 1] !== c)) return 'a quoted scalar over several lines';
  if (c === '[' || c === '{') {
    if (!balancedFlow(content)) return 'a flow collection over several lines';
    if (/[[{,]\s*[&*!]/.test(content)) return 'an anchor, alias or tag';
  }
  return undefined;
}

/** A line more indented than the previous line's key, after a scalar value: part of that scalar. */
function continuationRefusal(ln: YamlLine, prev: YamlLine | undefined): string | undefined {
  if (!prev) return undefined;
  const column = prev.keyColumn ?? prev.contentColumn;
  if (prev.value !== '' && ln.indent > column) return 'a continuation of the value on the line above (a multi-line scalar or flow collection)';
  return undefined;
}

/** Walks up the ancestors of a changed line: one that opens a scalar holding it means the line is text. */
function enclosingScalarRefusal(text: string, ln: YamlLine): string | undefined {
  let child = ln;
  for (let s = prevLineStart(text, ln.start); s >= 0 && child.indent > 0; s = prevLineStart(text, s)) {
    const e = lineEndAt(text, s);
    if (isStructureless(text, s, e)) continue;
    if (indentOf(text, s, e) >= child.indent) continue;
    const up = readLine(text, s);
    // Deeper than the key of a line that has a value: the child continues that value.
    if (up.value !== '' && child.indent > (up.keyColumn ?? up.contentColumn)) return 'inside a value begun above (a multi-line scalar or flow collection)';
    child = up;
  }
  return undefined;
}

function structuralLineAbove(text: string, lineStart: number): YamlLine | undefined {
  for (let s = prevLineStart(text, lineStart); s >= 0; s = prevLineStart(text, s)) {
    if (!isStructureless(text, s, lineEndAt(text, s))) return readLine(text, s);
  }
  return undefined;
}

function structuralLineFrom(text: string, lineStart: number): YamlLine | undefined {
  for (let s = lineStart; s < text.length;) {
    const e = lineEndAt(text, s);
    if (!isStructureless(text, s, e)) return readLine(text, s);
    const nl = text.indexOf('\n', e);
    if (nl < 0) return undefined;
    s = nl + 1;
  }
  return undefined;
}

function prevLineStart(text: string, lineStart: number): number {
  return lineStart <= 0 ? -1 : lineStartAt(text, lineStart - 1);
}

/** True when every `[` / `{` opened on the line (outside quotes) closes on it. */
function balancedFlow(s: string): boolean {
  let depth = 0;
  let quote = '';
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return depth === 0 && !quote;
}
