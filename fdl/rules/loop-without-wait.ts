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
import type { Check, CheckContext } from '../check';
import { defineMessages } from '../messages';
import type { Located, Scope, Step } from '../model';
import { carriesCatch, childScopes } from '../step-kinds';
import { report } from './finding';

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
  run(ctx) {
    // Built once per sequence that holds a goto: a 5,000-step flow with a goto every few steps
    // would otherwise search its sequence (and the loop's range) once per goto.
    const sequences = new Map<Scope, Sequence>();
    const waiting = new Map<Step, boolean>();
    for (const step of ctx.parsed.steps) {
      const gotos = gotosOf(step);
      if (!gotos.length) continue;
      let sequence = sequences.get(step.scope);
      if (!sequence) sequences.set(step.scope, (sequence = indexSequence(step.scope, waiting)));
      for (const g of gotos) checkOne(ctx, step, g, sequence);
    }
  },
};

/** A sequence's steps by position and first name, and how many of its first i steps wait. */
interface Sequence {
  at: Map<Step, number>;
  firstNamed: Map<string, number>;
  waitsBefore: number[];
}

function indexSequence(scope: Scope, waiting: Map<Step, boolean>): Sequence {
  const at = new Map<Step, number>();
  const firstNamed = new Map<string, number>();
  const waitsBefore = [0];
  scope.steps.forEach((s, i) => {
    at.set(s, i);
    // The first sibling of that name: a duplicate is its own error (duplicate-step-name).
    if (!firstNamed.has(s.name)) firstNamed.set(s.name, i);
    waitsBefore.push(waitsBefore[i] + (waits(s, waiting) ? 1 : 0));
  });
  return { at, firstNamed, waitsBefore };
}

/** A goto and, for a choice, the conditions that keep the loop going (or, for the default, end it). */
interface Goto {
  goto: Located<string>;
  conditions?: string[];
}

function gotosOf(step: Step): Goto[] {
  const out: Goto[] = [];
  if (step.type === 'choice') {
    for (const c of step.choices) if (c.goto) out.push({ goto: c.goto, conditions: [c.condition?.value ?? ''] });
    if (step.default?.goto) out.push({ goto: step.default.goto, conditions: step.choices.map((c) => c.condition?.value ?? '') });
  }
  if (carriesCatch(step)) {
    for (const c of step.catch) if (c.goto) out.push({ goto: c.goto });
  }
  return out;
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

function checkOne(ctx: CheckContext, from: Step, { goto, conditions }: Goto, sequence: Sequence): void {
  const at = sequence.at.get(from);
  const to = sequence.firstNamed.get(goto.value);
  if (at === undefined || to === undefined || to > at) return; // unknown target (unknown-goto-target) or a forward jump
  if (sequence.waitsBefore[at + 1] - sequence.waitsBefore[to] > 0) return;
  if (conditions && to < at && looksLikeIteration(conditions)) return;
  const insert = insertionPoint(ctx.parsed.text, from);
  report(ctx, {
    code: 'loop-without-wait',
    severity: 'warning',
    text: messages.busyLoop,
    args: [goto.value, from.name],
    span: goto.span,
    data: { target: goto.value, from: from.name, ...(insert ? { insert } : {}) },
  });
}

/** The step waits, or a step nested anywhere inside it does (each step answered once per run). */
function waits(step: Step, known: Map<Step, boolean>): boolean {
  let answer = known.get(step);
  if (answer === undefined) {
    if (step.type === 'wait') answer = true;
    else if (step.type === 'task' && step.pattern?.value === 'waitForCallback') answer = true;
    else answer = childScopes(step).some((scope) => scope.steps.some((s) => waits(s, known)));
    known.set(step, answer);
  }
  return answer;
}

/** Undefined when the item is written in a way we would not rewrite safely. */
export function insertionPoint(text: string, step: Step): InsertionPoint | undefined {
  let i = step.span.start;
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
