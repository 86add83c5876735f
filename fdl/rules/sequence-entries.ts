/**
 * What the whole-flow rules (names, gotos, reachability, loops, a choice's default) read of each
 * step of a sequence: one small record per step (`StepEntry`). Each rule judges a sequence from
 * these records alone, whichever sequence it is: a nested one from its steps, the flow's top-level
 * one from records kept per step across edits (fdl/analysis-checks.ts `runTop`,
 * fdl/analysis-cache.ts), whose places are then a per-step offset (`ds`) away rather than rebuilt.
 */
import type { Named } from '../check';
import type { Located, Scope, Span, Step, StepType } from '../model';
import { carriesCatch, childScopes } from '../step-kinds';
import { keySpan } from '../yaml/tree-read';
import { taskArn } from './task-integration';
import { closestMatch } from '../schema/did-you-mean';

/** Why control does not fall through to the next sibling. */
export type Stop = 'becauseEnd' | 'becauseSucceed' | 'becauseFail' | 'becauseGoto';

/** A goto and, for a choice, the conditions that keep a loop going (or, for the default, end it). */
export interface Goto {
  goto: Located<string>;
  conditions?: string[];
}

export interface StepEntry {
  type: StepType;
  name: string;
  nameSpan: Span;
  span: Span;
  stop: Stop | undefined;
  /** `choices[].goto`, `default.goto`, `catch[].goto`, in that order. */
  gotos: Goto[];
  /** The step waits (a wait, a waitForCallback task), or a step nested in it does. */
  waits: boolean;
  /** `end: true`. */
  ends: boolean;
  /** A choice without `default`: where that is reported. */
  noDefault: Span | undefined;
}

/** A top-level step's entry, with what lies anywhere inside it that a check of the whole flow counts. */
export interface TopStepEntry extends StepEntry {
  /** The names of the step and of every step inside it (depth first, empty ones left out). */
  named: Named[];
  /** How many resourceArns in the step (and inside it) are deploy-tagged, and the first one's span. */
  tagged: number;
  firstTagged: Span | undefined;
}

/** `span` moved by `d`. */
export function at(span: Span, d: number | undefined): Span {
  return d ? { start: span.start + d, end: span.end + d } : span;
}

export function stopsSequence(step: Step): Stop | undefined {
  if (step.type === 'succeed') return 'becauseSucceed';
  if (step.type === 'fail') return 'becauseFail';
  if (step.end?.value === true) return 'becauseEnd';
  if (step.type === 'choice' && step.default?.goto && step.choices.length > 0 && step.choices.every((c) => c.goto)) return 'becauseGoto';
  return undefined;
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

const waiting = new WeakMap<Step, boolean>();

/** The step waits, or a step nested anywhere inside it does (each step answered once). */
function waits(step: Step): boolean {
  let answer = waiting.get(step);
  if (answer === undefined) {
    if (step.type === 'wait') answer = true;
    else if (step.type === 'task' && step.pattern?.value === 'waitForCallback') answer = true;
    else answer = childScopes(step).some((scope) => scope.steps.some(waits));
    waiting.set(step, answer);
  }
  return answer;
}

export function entryOf(step: Step): StepEntry {
  return {
    type: step.type,
    name: step.name,
    nameSpan: step.nameSpan,
    span: step.span,
    stop: stopsSequence(step),
    gotos: gotosOf(step),
    waits: waits(step),
    ends: step.end?.value === true,
    noDefault: step.type === 'choice' && !step.default && !keySpan(step.node, 'default') ? (keySpan(step.node, 'choices') ?? step.typeSpan) : undefined,
  };
}

const firsts = new WeakMap<readonly { name: string }[], Map<string, number>>();

/** How name indexes were made since the process started: what the tests check was exercised. */
export const firstIndexCounts = { built: 0, takenOver: 0 };
/** Whether an index may be taken over (off: each built anew, as the tests' reference). */
export const firstIndexReuse = { on: true };

/** The lists indexed last (a few, as a nested sequence's may come between two of the top-level one's). */
const recent: { entries: readonly { name: string }[]; index: Map<string, number> }[] = [];
const RECENT = 4;
/** Beyond this many names changed from a recent list, the index is built anew. */
const MAX_NAMES_CHANGED = 8;
/** Shorter lists are indexed anew: cheap, and an index taken over is no longer the earlier list's while a check may hold it. */
const MIN_TAKEN_OVER = 64;

/**
 * Per name, the index of the first entry bearing it (the empty name too), made once per list of
 * entries and shared by the checks that read it. A list as long as one indexed recently, with a
 * few names changed (a name typed into), takes that list's index over and updates it, rather than
 * indexing 5,000 names anew on each keystroke; the earlier list is indexed again if ever asked.
 * The map's key order is not the entries' (`namesInOrder` is).
 */
export function firstIndex(entries: readonly { name: string }[]): Map<string, number> {
  let m = firsts.get(entries);
  if (!m) {
    m = takenOver(entries);
    if (m) firstIndexCounts.takenOver++;
    else {
      firstIndexCounts.built++;
      m = new Map();
      for (let i = 0; i < entries.length; i++) {
        const name = entries[i].name;
        if (!m.has(name)) m.set(name, i);
      }
    }
    firsts.set(entries, m);
    if (entries.length >= MIN_TAKEN_OVER && recent.unshift({ entries, index: m }) > RECENT) recent.pop();
  }
  return m;
}

/** The index of a recent list of the same length, updated for `entries` and no longer the earlier list's; undefined when none differs in few names. */
function takenOver(entries: readonly { name: string }[]): Map<string, number> | undefined {
  const n = entries.length;
  if (n < MIN_TAKEN_OVER || !firstIndexReuse.on) return undefined;
  for (let r = 0; r < recent.length; r++) {
    const before = recent[r].entries;
    if (before.length !== n) continue;
    let changed: Set<string> | undefined;
    let i = 0;
    for (; i < n; i++) {
      const a = before[i].name;
      const b = entries[i].name;
      if (a === b) continue;
      (changed ??= new Set()).add(a).add(b);
      if (changed.size > 2 * MAX_NAMES_CHANGED) break;
    }
    if (i < n) continue;
    const m = recent[r].index;
    recent.splice(r, 1);
    firsts.delete(before);
    // And the list before that, whose answers serve a name asked every other version (typed, then deleted).
    const earlier = derived.get(before);
    derived.set(entries, {
      changed: changed ?? new Set(),
      answers: answersOf(before),
      earlier: earlier && { changed: earlier.changed, answers: earlier.answers },
      resolution: resolutions.get(before),
    });
    if (changed) {
      // Each changed name's first entry found again, in one pass.
      for (const name of changed) m.delete(name);
      let left = changed.size;
      for (let k = 0; k < n && left > 0; k++) {
        const name = entries[k].name;
        if (changed.has(name) && !m.has(name)) {
          m.set(name, k);
          left--;
        }
      }
    }
    return m;
  }
  return undefined;
}

/** Per list whose index was taken over from an earlier list: the names that differ, and the earlier list's did-you-mean answers. */
interface Derivation {
  changed: ReadonlySet<string>;
  answers: Map<string, string | undefined>;
  /** The earlier list's transitions resolved (`resolvedTargets`), when they were. */
  resolution?: Resolution;
  /** The same for the earlier list (one step back only: no chain of every version is kept). */
  earlier?: Derivation;
}
const derived = new WeakMap<readonly { name: string }[], Derivation>();
/** Per list of entries, the did-you-mean answer for each name asked (a name's answer never changes for one list). */
const answered = new WeakMap<readonly { name: string }[], Map<string, string | undefined>>();

function answersOf(entries: readonly { name: string }[]): Map<string, string | undefined> {
  let m = answered.get(entries);
  if (!m) answered.set(entries, (m = new Map()));
  return m;
}

/**
 * The entries' name a person most likely meant by `word` (did-you-mean.ts `closestMatch` over
 * `namesInOrder`), remembered per list: renaming a step or state leaves every transition to it
 * naming the old name (a Fail state every Catch goes to), all answered by one search. A list whose
 * index was taken over from an earlier one (a name typed into) answers from the earlier list's
 * answer and the few names that differ, rather than ranking every name again on each keystroke:
 * `closestMatch` picks the candidate nearest by distance, then first in order, and an unchanged
 * name keeps its distance and its place.
 */
export function closestNameIn(entries: readonly { name: string }[], word: string): string | undefined {
  const known = answersOf(entries);
  if (known.has(word)) return known.get(word);
  let answer: string | undefined;
  const from = derived.get(entries);
  // The previous list's answer, else the one before it (with the names changed over both steps).
  let changed = from?.changed;
  let before = from?.answers.has(word) ? from.answers.get(word) : null;
  if (from?.earlier && before === null && from.earlier.answers.has(word)) {
    before = from.earlier.answers.get(word);
    changed = new Set([...from.changed, ...from.earlier.changed]);
  }
  if (changed && before !== null && (before === undefined || !changed.has(before))) {
    // Every unchanged name but the earlier answer was farther (or as near, and after it): the
    // answer is among it and the names that changed, in their order in this list.
    const first = firstIndex(entries);
    const candidates = [...changed].filter((n) => n !== '' && first.has(n));
    if (before !== undefined) candidates.push(before);
    candidates.sort((a, b) => first.get(a)! - first.get(b)!);
    answer = closestMatch(word, candidates);
  } else answer = closestMatch(word, namesInOrder(entries));
  known.set(word, answer);
  return answer;
}

/** Each entry's transitions resolved to the index of the entry they name (-1: none): `targets[starts[i] + j]` for entry i's j-th. */
export interface Resolution {
  /** Per entry, the transitions resolved (the same array in every version whose entry is unchanged). */
  outs: readonly (readonly Located<string>[])[];
  starts: Int32Array;
  targets: Int32Array;
}

const resolutions = new WeakMap<readonly { name: string }[], Resolution>();

/**
 * The transitions `outOf` gives each entry, resolved through `firstIndex`, once per list. A list
 * whose index was taken over from an earlier one (a name typed into) copies the earlier list's
 * answers for the transitions it shares with it, but those naming a name that changed (whose
 * first entry may have), rather than looking up 9,000 names again on each keystroke.
 */
export function resolvedTargets<E extends { name: string }>(entries: readonly E[], outOf: (e: E) => readonly Located<string>[]): Resolution {
  let r = resolutions.get(entries);
  if (r) return r;
  const first = firstIndex(entries);
  const from = derived.get(entries);
  const prev = from?.resolution && from.resolution.outs.length === entries.length ? from.resolution : undefined;
  const changed = from ? [...from.changed] : [];
  const n = entries.length;
  const outs = new Array<readonly Located<string>[]>(n);
  const starts = new Int32Array(n + 1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const out = outOf(entries[i]);
    outs[i] = out;
    starts[i] = count;
    count += out.length;
  }
  starts[n] = count;
  const targets = new Int32Array(count);
  const indexOf = (v: string) => (v === '' ? -1 : (first.get(v) ?? -1));
  for (let i = 0; i < n; i++) {
    const out = outs[i];
    const k = starts[i];
    if (prev && prev.outs[i] === out) {
      const p = prev.starts[i];
      for (let j = 0; j < out.length; j++) {
        const v = out[j].value;
        targets[k + j] = changed.includes(v) ? indexOf(v) : prev.targets[p + j];
      }
    } else for (let j = 0; j < out.length; j++) targets[k + j] = indexOf(out[j].value);
  }
  r = { outs, starts, targets };
  resolutions.set(entries, r);
  return r;
}

/** The entries' names, each once, in the order they first appear, the empty one left out. */
export function namesInOrder(entries: readonly { name: string }[]): string[] {
  const first = firstIndex(entries);
  const out: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const name = entries[i].name;
    if (name !== '' && first.get(name) === i) out.push(name);
  }
  return out;
}

const entries = new WeakMap<Scope, StepEntry[]>();

/** The entries of a (nested) sequence's steps, made once per scope. */
export function entriesOf(scope: Scope): StepEntry[] {
  let list = entries.get(scope);
  if (!list) entries.set(scope, (list = scope.steps.map(entryOf)));
  return list;
}

/** The sequences nested anywhere under `step`, parents before children. */
export function scopesUnder(step: Step): Scope[] {
  const out: Scope[] = [];
  const walk = (s: Step) => {
    for (const scope of childScopes(s)) {
      out.push(scope);
      for (const inner of scope.steps) walk(inner);
    }
  };
  walk(step);
  return out;
}

/** `step` and every step nested under it, depth first. */
export function stepsUnder(step: Step): Step[] {
  const out: Step[] = [];
  const walk = (s: Step) => {
    out.push(s);
    for (const scope of childScopes(s)) for (const inner of scope.steps) walk(inner);
  };
  walk(step);
  return out;
}

export function topEntryOf(step: Step): TopStepEntry {
  const named: Named[] = [];
  let tagged = 0;
  let firstTagged: Span | undefined;
  for (const s of stepsUnder(step)) {
    if (s.name) named.push({ name: s.name });
    if (s.type !== 'task' || !s.resourceArn) continue;
    const arn = taskArn(s);
    if (arn?.kind === 'placeholder' && arn.fromDeployTag) {
      tagged++;
      firstTagged ??= s.resourceArn.span;
    }
  }
  const e = entryOf(step);
  // One literal, so every entry has one shape.
  return {
    type: e.type,
    name: e.name,
    nameSpan: e.nameSpan,
    span: e.span,
    stop: e.stop,
    gotos: e.gotos,
    waits: e.waits,
    ends: e.ends,
    noDefault: e.noDefault,
    named,
    tagged,
    firstTagged,
  };
}
