/**
 * Quick fix for `loop-without-wait`: insert a wait step right before the step whose goto closes
 * the loop, so every round pauses. Written in the sequence's own style (block items at the same
 * indent and `-` spacing, or a `{…}` item in a flow sequence). When the step jumps to itself the
 * wait would sit outside the loop, so the goto is also pointed at the new wait step.
 */
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { defineMessages, formatMessage } from '../fdl/messages';
import type { Step } from '../fdl/model';
import type { InsertionPoint } from '../fdl/rules/loop-without-wait';
import type { FlowDocument } from './documents';
import type { FeatureEnv } from './feature-env';

const messages = defineMessages({
  addWait: 'Add a wait step before `{0}`',
  addWaitSelf: 'Add a wait step before `{0}` and loop through it',
});

/** Seconds between rounds: the docs' polling example waits 5 s. */
const WAIT_SECONDS = 5;

export function addWaitStep(doc: FlowDocument, d: Diagnostic, env: FeatureEnv): CodeAction | undefined {
  const from = d.data?.from;
  const target = d.data?.target;
  const insert = d.data?.insert as InsertionPoint | undefined;
  const text = doc.parsed.text;
  if (typeof from !== 'string' || typeof target !== 'string' || !insert || !stillThere(text, insert)) return undefined;
  const name = uniqueName(doc.parsed.steps, from);
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const newText =
    insert.style === 'flow'
      ? `{type: wait, name: ${name}, duration: ${WAIT_SECONDS}}, `
      : [`${' '.repeat(insert.dash)}-${' '.repeat(insert.content - insert.dash - 1)}type: wait`, `name: ${name}`, `duration: ${WAIT_SECONDS}`]
          .map((line, i) => (i === 0 ? line : ' '.repeat(insert.content) + line))
          .join(nl) + nl;
  const at = doc.parsed.lines.positionAt(insert.offset);
  const edits = [{ range: { start: at, end: at }, newText }];
  const self = from === target;
  if (self) {
    const written = text.slice(doc.parsed.lines.offsetAt(d.range.start), doc.parsed.lines.offsetAt(d.range.end));
    if (written.replace(/^(["'])(.*)\1$/, '$2') !== target) return undefined;
    edits.push({ range: d.range, newText: name });
  }
  const title = formatMessage(self ? messages.addWaitSelf : messages.addWait, env.locale, from);
  return { title, edit: { changes: { [doc.uri]: edits } } };
}

/** The document still has the item where the finding said (a stale diagnostic gets no fix). */
function stillThere(text: string, p: InsertionPoint): boolean {
  if (!Number.isInteger(p.offset) || p.offset < 0 || p.offset >= text.length) return false;
  if (p.style === 'flow') return text[p.offset] === '{';
  if (!Number.isInteger(p.dash) || !Number.isInteger(p.content) || p.content <= p.dash) return false;
  return text.slice(p.offset, p.offset + p.dash) === ' '.repeat(p.dash) && '-#'.includes(text[p.offset + p.dash]) && (p.offset === 0 || text[p.offset - 1] === '\n');
}

/** `pauseBefore<From>` (letters, digits, `_`, `-` kept), else `wait1`, `wait2`… — unique among all step names. */
function uniqueName(steps: readonly Step[], from: string): string {
  const taken = new Set(steps.map((s) => s.name));
  const tail = from.replace(/[^A-Za-z0-9_-]/g, '');
  const preferred = tail ? `pauseBefore${tail[0].toUpperCase()}${tail.slice(1)}` : '';
  if (preferred && !taken.has(preferred)) return preferred;
  for (let i = 1; ; i++) if (!taken.has(`wait${i}`)) return `wait${i}`;
}
