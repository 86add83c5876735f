/**
 * `loop-without-wait` (warning): a backward goto (to the jumping step itself or to an earlier
 * sibling) closes a loop over the steps from the target to the jumping step; when nothing in that
 * loop waits, every round runs at once. A polling loop then calls its tasks back-to-back and the
 * execution fails at the service's limit of 5,000 events per execution (docs "Limits",
 * help.aliyun.com 2849627; the engine enforces it: engine/run/patterns/event-limit.ts). The docs'
 * polling example puts a wait step in the loop.
 *
 * Gotos: `choices[].goto`, `default.goto` and `catch[].goto`, all to a sibling of the same
 * sequence. "Waits": a `wait` step, or a task with `pattern: waitForCallback` (it waits for an
 * external report), anywhere in the loop's range — also nested in a step of the range (choice
 * branches, parallel branches, foreach bodies). Our choice, the docs being silent: a wait nested
 * in a branch the loop may not take still counts, so the rule only speaks when no round can wait.
 *
 * Not every backward goto polls. The published samples page through OSS listings and walk
 * indexes with choice loops (`$.hasMore`, `$.marker != ""`, `$.offset_bytes != -1`,
 * `$.faceIndex < $.faceCount`, default goto while `$.end == "true"` is not met): each round makes
 * progress, a wait would only slow them and add events. So a choice loop whose looping condition
 * (for a `default.goto`: the choice's exit conditions) reads a cursor-like field or compares two
 * fields is taken for an iteration and not reported. A `catch` goto (redo on error) and a choice
 * jumping to itself (nothing runs between two evaluations) are always judged.
 *
 * `data` (for the quick fix in server/code-actions.ts): `target`, `from` (the jumping step) and
 * `insert` — where a wait step goes right before the jumping step (see insertion point below).
 */
import type { Check, CheckContext, TopSequence } from '../check';
import { defineMessages } from '../messages';
import type { Span } from '../model';
import { report } from './finding';
import { at as shifted, entriesOf, firstIndex, scopesUnder, type Goto, type StepEntry } from './sequence-entries';

const messages = defineMessages({
  busyLoop:
    "This goto loops back to `{0}` and nothing in the loop waits: each round runs at once, so a polling loop calls its tasks back-to-back and the execution fails at the service's limit of 5,000 events. Add a wait step to the loop (e.g. before `{1}`).",
});

/**
 * Where to insert a step right before a step of a sequence. Block style: at `offset` (the start
 * of the line holding the item's `-`, or of the comment lines right above it at its indent), `dash` columns of indent before `- ` and `content` columns
 * before the item's keys. Flow style (`[{…}, {…}]`): at `offset` (the item's `{`).
 */
export type InsertionPoint = { style: 'block'; offset: number; dash: number; content: number } | { style: 'flow'; offset: number };

export const LOOP_WITHOUT_WAIT_CODES = ['loop-without-wait'] as const;

export const checkLoopWithoutWait: Check = {
  name: 'loop-without-wait',
  parts: {
    inside(ctx, top) {
      for (const scope of scopesUnder(ctx.parsed.flow.body.steps[top])) checkSequence(ctx, { entries: entriesOf(scope) });
    },
    top(ctx, seq) {
      checkSequence(ctx, seq as TopSequence<StepEntry>);
    },
  },
};

/** The loops of one sequence: its steps by first name, and how many of its first i steps wait. */
function checkSequence(ctx: CheckContext, seq: TopSequence<StepEntry>): void {
  const { entries } = seq;
  let firstNamed: Map<string, number> | undefined;
  let waitsBefore: Int32Array | undefined;
  for (let i = 0; i < entries.length; i++) {
    if (entries[i].gotos.length === 0) continue;
    if (!firstNamed || !waitsBefore) {
      // Built once per sequence that holds a goto, not once per goto. The first sibling of a
      // name is the one a goto lands on: a duplicate is its own error (duplicate-step-name).
      firstNamed = firstIndex(entries);
      waitsBefore = new Int32Array(entries.length + 1);
      for (let k = 0; k < entries.length; k++) waitsBefore[k + 1] = waitsBefore[k] + (entries[k].waits ? 1 : 0);
    }
    for (const g of entries[i].gotos) checkOne(ctx, seq, i, g, firstNamed, waitsBefore);
  }
}

/** Words of a field name that say the loop walks through items (whole words of camelCase / snake_case). */
const CURSOR_WORDS = new Set(['more', 'marker', 'offset', 'cursor', 'next', 'page', 'index', 'idx', 'token', 'truncated', 'continuation', 'remaining', 'end', 'count', 'left']);
const FIELD = /\$[A-Za-z]*\.([A-Za-z0-9_.]+)/g;
const TWO_FIELDS_COMPARED = /\$[\w.]+\s*[<>]=?\s*\$[\w.]+/;

function looksLikeIteration(conditions: string[]): boolean {
  return conditions.some((c) => {
    if (TWO_FIELDS_COMPARED.test(c)) return true;
    for (const m of c.matchAll(FIELD)) {
      const words = m[1]
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .toLowerCase()
        .split(/[^a-z0-9]+/);
      if (words.some((w) => CURSOR_WORDS.has(w))) return true;
    }
    return false;
  });
}

function checkOne(
  ctx: CheckContext,
  { entries, ds }: TopSequence<StepEntry>,
  at: number,
  { goto, conditions }: Goto,
  firstNamed: Map<string, number>,
  waitsBefore: Int32Array,
): void {
  const from = entries[at];
  const to = firstNamed.get(goto.value);
  if (to === undefined || to > at) return; // unknown target (unknown-goto-target) or a forward jump
  if (waitsBefore[at + 1] - waitsBefore[to] > 0) return;
  if (conditions && to < at && looksLikeIteration(conditions)) return;
  const d = ds?.[at];
  const insert = insertionPoint(ctx.parsed.text, shifted(from.span, d));
  report(ctx, {
    code: 'loop-without-wait',
    severity: 'warning',
    text: messages.busyLoop,
    args: [goto.value, from.name],
    span: shifted(goto.span, d),
    data: { target: goto.value, from: from.name, ...(insert ? { insert } : {}) },
  });
}

/** Undefined when the item is written in a way we would not rewrite safely. */
export function insertionPoint(text: string, span: Span): InsertionPoint | undefined {
  let i = span.start;
  if (text[i] === '{') {
    let p = i - 1;
    while (p >= 0 && /\s/.test(text[p])) p--;
    return text[p] === '[' || text[p] === ',' ? { style: 'flow', offset: i } : undefined;
  }
  const lineStart = text.lastIndexOf('\n', i - 1) + 1;
  const content = i - lineStart;
  i--;
  while (i >= lineStart && text[i] === ' ') i--;
  if (i < lineStart || text[i] !== '-') return undefined;
  const dash = i - lineStart;
  if (!/^ *$/.test(text.slice(lineStart, i))) return undefined;
  // Comment lines right above the item at its indent belong to it: insert above them.
  let offset = lineStart;
  for (;;) {
    const prev = text.lastIndexOf('\n', offset - 2) + 1;
    if (offset === 0 || !new RegExp(`^ {${dash}}#[^\n]*\r?\n$`).test(text.slice(prev, offset))) break;
    offset = prev;
  }
  return { style: 'block', offset, dash, content };
}
