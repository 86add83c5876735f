/**
 * The analysis of an edited document (parse.ts `reparseFlow`) in proportion to what the edit
 * touched, equal to a full analysis of its text (test/fdl/reparse.test.ts compares them).
 *
 * - Checks that read one step at a time (`reach: 'item'`, check.ts: the schema, most rules, the
 *   other format's step keys) run on a document of one top-level item in its frame
 *   (yaml/sequence-blocks.ts `itemTree`), once per item text: the findings are kept per item read
 *   (shared by every version whose item text is unchanged) and moved with the item. Before the
 *   first edit they are taken from the full analysis of the parse the edits started from.
 * - Their findings around the sequence (the frame's keys, which an edit never touches) are the
 *   full analysis's, moved with the text after the sequence. A one-item document finding something
 *   else there shows the check is not per item after all: the whole analysis runs instead.
 * - Checks of the whole flow (names, gotos, reachability, loops) read few keys of each item
 *   (`FLOW_KEYS`). Each item is summarised by those keys' values alone; while every item's summary
 *   is what it was when those checks last ran, they find what they found then, moved with the
 *   items their places lie in (`carried`), and worded again where a message names a place (check.ts
 *   `reword`). A finding with a place in an item whose text changed, or across items, makes them
 *   run again over the whole flow, as does any changed summary.
 */
import type { DeployTagMode } from './check';
import type { FdlDiagnostic } from './diagnostic';
import type { Locale } from './messages';
import { editedBlocks, parsedOfTree, type ParsedFlow } from './parse';
import { checksOf, FOREIGN_KEY_RANK, ordered, runChecks, type Ranked, type RunOptions } from './analysis-checks';
import { SequenceBlocks, type HeldBlock } from './yaml/sequence-blocks';
import { NodeKind, type YNode } from './yaml/tree';

/** The keys whose values the whole-flow checks read, per dialect (and every key above them in a step). */
const FLOW_KEYS: Record<'classic' | 'statemachine', ReadonlySet<string>> = {
  classic: new Set(['type', 'name', 'end', 'pattern', 'choices', 'condition', 'goto', 'default', 'steps', 'branches', 'catch', 'resourceArn']),
  statemachine: new Set(['Type', 'Name', 'Next', 'End', 'Default', 'Branches', 'Catch', 'StartAt', 'States', 'Processor']),
};

/** What the whole-flow checks last found, and the version they found it in: its items' summaries, reads and places. */
interface FlowFindings {
  found: Ranked[];
  summaries: readonly string[];
  reads: readonly object[];
  starts: readonly number[];
  /** Where the sequence ended. */
  end: number;
}

/** Per frame and options: the item checks' findings around the sequence, and what the whole-flow checks last found. */
interface FrameState {
  frame: Ranked[];
  flow: FlowFindings | undefined;
  /** The last version analysed, by block: most of the next one's reads stand at the same index, or as far off as the edit moved them. */
  last?: { reads: object[]; found: Ranked[][]; summaries: string[] };
}

/** Per-item findings of one item read, placed for the read's `at`, per options. */
const itemFindings = new WeakMap<object, Map<string, Ranked[]>>();
/** Per item read, its summary for the whole-flow checks. */
const summaries = new WeakMap<object, string>();
/** Per frame and options: the item-check findings around the sequence, and the summaries with which the whole-flow checks last found nothing. */
const frames = new WeakMap<object, Map<string, FrameState>>();
/** Per full parse and options, its analysis as ranked findings (a seed for the edits after it). */
const fullRuns = new WeakMap<ParsedFlow, Map<string, Ranked[]>>();

/** How edits were analysed since the process started: what the tests check was exercised, and what a benchmark may print. */
export const editAnalysisCounts = { edits: 0, itemRuns: 0, flowRuns: 0, flowCarried: 0, whole: 0 };

const keyOf = (o: RunOptions) => `${o.locale}|${o.deployTags}`;

/** A full analysis's ranked findings, kept so the edits after this parse can start from them. */
export function rememberFullRun(parsed: ParsedFlow, o: RunOptions, ranked: Ranked[]): void {
  let m = fullRuns.get(parsed);
  if (!m) fullRuns.set(parsed, (m = new Map()));
  m.set(keyOf(o), ranked);
}

/** Thrown when a one-item document finds around its item what the full analysis did not: the whole analysis runs instead. */
class NotPerItem extends Error {}

/**
 * The diagnostics of `parsed`, a reparse whose YAML has no errors and whose dialect is known;
 * undefined when it is not a reparse (the caller analyses it whole).
 */
export function analyzeEdited(parsed: ParsedFlow, locale: Locale, deployTags: DeployTagMode): FdlDiagnostic[] | undefined {
  const edited = editedBlocks(parsed);
  const dialect = parsed.dialect;
  if (!edited || (dialect !== 'classic' && dialect !== 'statemachine')) return undefined;
  const { blocks } = edited;
  const o: RunOptions = { locale, deployTags };
  const key = keyOf(o);
  let perFrame = frames.get(blocks.frameKey);
  if (!perFrame) frames.set(blocks.frameKey, (perFrame = new Map()));
  let state = perFrame.get(key);
  if (!state) {
    // The first edit analysed: start from the full parse's analysis when it was made (the server
    // published it when the document opened), else from a full analysis of this version.
    const { seed, seedBlocks } = edited;
    const kept = seed.dialect === dialect && !seed.syntaxDiagnostics.some((d) => d.severity === 'error') ? fullRuns.get(seed)?.get(key) : undefined;
    state = kept ? split(kept, seedBlocks, dialect, key) : undefined;
    if (!state) {
      editAnalysisCounts.whole++;
      const ranked = runChecks(parsed, dialect, o, 'all');
      state = split(ranked, blocks, dialect, key);
      if (state) perFrame.set(key, state);
      return ordered(parsed.syntaxDiagnostics, ranked);
    }
    perFrame.set(key, state);
  }
  editAnalysisCounts.edits++;
  const held = blocks.held();
  const ranked: Ranked[] = [];
  const { last } = state;
  const diff = last ? held.length - last.reads.length : 0;
  const reads: object[] = new Array(held.length);
  const founds: Ranked[][] = new Array(held.length);
  const now: string[] = new Array(held.length);
  try {
    for (let i = 0; i < held.length; i++) {
      const h = held[i];
      const j = !last ? -1 : last.reads[i] === h.read ? i : last.reads[i - diff] === h.read ? i - diff : -1;
      const found = j >= 0 ? last!.found[j] : itemFindingsOf(parsed, blocks, h, i, dialect, o, key, state.frame);
      reads[i] = h.read;
      founds[i] = found;
      now[i] = j >= 0 ? last!.summaries[j] : summaryOf(h.read, dialect);
      const d = h.start - h.at;
      for (const r of found) ranked.push(d === 0 ? r : { d: moved(r.d, d), rank: r.rank });
    }
  } catch (e) {
    if (e instanceof NotPerItem) {
      editAnalysisCounts.whole++;
      return undefined;
    }
    throw e;
  }
  state.last = { reads, found: founds, summaries: now };
  const { shift, from } = blocks.trailer;
  for (const r of state.frame) ranked.push(shift === 0 || r.d.span.start < from ? r : { d: moved(r.d, shift), rank: r.rank });
  const before = state.flow;
  let found = before && sameList(before.summaries, now) ? carried(before, held, parsed, dialect, locale) : undefined;
  if (found) editAnalysisCounts.flowCarried++;
  else {
    editAnalysisCounts.flowRuns++;
    found = runChecks(parsed, dialect, o, 'flow');
  }
  state.flow = flowFindings(found, now, held);
  ranked.push(...found);
  return ordered(parsed.syntaxDiagnostics, ranked);
}

/**
 * A whole analysis of a version held as `blocks`, split: each item's findings kept with its read
 * (placed for the read's `at`), the rest of the per-item checks' around the sequence; undefined
 * when a finding lies across items.
 */
function split(ranked: readonly Ranked[], blocks: SequenceBlocks, dialect: 'classic' | 'statemachine', key: string): FrameState | undefined {
  const perItem = checksOf(dialect).map((c) => c.reach === 'item');
  const held = blocks.held();
  const byBlock: Ranked[][] = held.map(() => []);
  const frame: Ranked[] = [];
  const flow: Ranked[] = [];
  for (const r of ranked) {
    if (r.rank < FOREIGN_KEY_RANK && !perItem[r.rank]) {
      flow.push(r);
      continue;
    }
    const i = r.rank === FOREIGN_KEY_RANK ? -1 : blockAt(held, r.d.span.start);
    if (i < 0) {
      frame.push(r);
      continue;
    }
    if (r.d.span.end > held[i].end) return undefined;
    byBlock[i].push(r);
  }
  held.forEach((h, i) => {
    let m = itemFindings.get(h.read);
    if (!m) itemFindings.set(h.read, (m = new Map()));
    const d = h.start - h.at;
    m.set(key, d === 0 ? byBlock[i] : byBlock[i].map((r) => ({ d: moved(r.d, -d), rank: r.rank })));
  });
  // The frame's findings are kept placed for the frame's own text (the trailer moved back).
  const { shift, from } = blocks.trailer;
  const unshifted = shift === 0 ? frame : frame.map((r) => (r.d.span.start < from + shift ? r : { d: moved(r.d, -shift), rank: r.rank }));
  return {
    frame: unshifted,
    flow: flowFindings(
      flow,
      held.map((h) => summaryOf(h.read, dialect)),
      held,
    ),
  };
}

function flowFindings(found: Ranked[], summaries: readonly string[], held: readonly HeldBlock[]): FlowFindings | undefined {
  if (held.length === 0) return undefined;
  return { found, summaries, reads: held.map((h) => h.read), starts: held.map((h) => h.start), end: held[held.length - 1].end };
}

/**
 * The whole-flow findings of `before`, placed in the version held as `held` (whose items have the
 * same summaries), or undefined when one of their places cannot be carried over: in an item whose
 * text changed, across items, or around the whole sequence. A place is the finding's span, a span
 * in its data (an object with `start` and `end` at its top level) or an insertion point there (an
 * object with `offset`, whose step's comment lines above may end the item before: that one must be
 * unchanged too).
 */
function carried(before: FlowFindings, held: readonly HeldBlock[], parsed: ParsedFlow, dialect: 'classic' | 'statemachine', locale: Locale): Ranked[] | undefined {
  if (before.found.length === 0) return before.found;
  const { starts, reads, end } = before;
  const n = starts.length;
  const trailerShift = held[n - 1].end - end;
  const unchanged = (i: number) => held[i].read === reads[i];
  // The distance the text at [s, e) of the earlier version moved, or undefined.
  const shiftOf = (s: number, e: number, point: boolean): number | undefined => {
    if (e <= starts[0]) return 0;
    if (s >= end) return s === end && !unchanged(n - 1) ? undefined : trailerShift;
    if (s < starts[0]) return undefined;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= s) lo = mid;
      else hi = mid - 1;
    }
    if (e > (lo + 1 < n ? starts[lo + 1] : end) || !unchanged(lo) || (point && lo > 0 && !unchanged(lo - 1))) return undefined;
    return held[lo].start - starts[lo];
  };
  const checks = checksOf(dialect);
  const out: Ranked[] = [];
  for (const r of before.found) {
    const f = r.d;
    const d = shiftOf(f.span.start, f.span.end, false);
    if (d === undefined) return undefined;
    let next: FdlDiagnostic = d === 0 ? f : { ...f, span: { start: f.span.start + d, end: f.span.end + d } };
    if (f.data) {
      let data: Record<string, unknown> | undefined;
      for (const [k, v] of Object.entries(f.data)) {
        if (!v || typeof v !== 'object') continue;
        const o = v as { start?: unknown; end?: unknown; offset?: unknown };
        let moved: object | undefined;
        if (typeof o.start === 'number' && typeof o.end === 'number') {
          const dd = shiftOf(o.start, o.end, false);
          if (dd === undefined) return undefined;
          if (dd !== 0) moved = { ...o, start: o.start + dd, end: o.end + dd };
        } else if (typeof o.offset === 'number') {
          const dd = shiftOf(o.offset, o.offset, true);
          if (dd === undefined) return undefined;
          if (dd !== 0) moved = { ...o, offset: o.offset + dd };
        }
        if (moved) (data ??= { ...f.data })[k] = moved;
      }
      if (data) next = { ...next, data };
    }
    const reword = checks[r.rank]?.reword;
    out.push({ d: reword ? reword(next, parsed, locale) : next, rank: r.rank });
  }
  return out;
}

/** The block holding offset `p`, or -1 (around the sequence). */
function blockAt(held: readonly HeldBlock[], p: number): number {
  let lo = 0;
  let hi = held.length - 1;
  if (held.length === 0 || p < held[0].start || p >= held[hi].end) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (held[mid].start <= p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The per-item findings of block `i` (placed for its read's `at`), run on a one-item document when its read is new. */
function itemFindingsOf(
  parsed: ParsedFlow,
  blocks: SequenceBlocks,
  h: HeldBlock,
  i: number,
  dialect: 'classic' | 'statemachine',
  o: RunOptions,
  key: string,
  frame: readonly Ranked[],
): Ranked[] {
  let m = itemFindings.get(h.read);
  const kept = m?.get(key);
  if (kept) return kept;
  editAnalysisCounts.itemRuns++;
  const one = parsedOfTree(parsed.text, parsed.lines, blocks.itemTree(i), o.locale);
  const inside: Ranked[] = [];
  const around: Ranked[] = [];
  for (const r of runChecks(one, dialect, o, 'item')) (r.d.span.start >= h.start && r.d.span.start < h.end && r.d.span.end <= h.end ? inside : around).push(r);
  // What the checks find around the item must be what the whole analysis found there.
  const { shift, from } = blocks.trailer;
  const expected = frame.filter((r) => r.rank !== FOREIGN_KEY_RANK).map((r) => (shift === 0 || r.d.span.start < from ? r.d : moved(r.d, shift)));
  if (
    !sameFindings(
      around.map((r) => r.d),
      expected,
    )
  )
    throw new NotPerItem();
  const d = h.start - h.at;
  const placed = d === 0 ? inside : inside.map((r) => ({ d: moved(r.d, -d), rank: r.rank }));
  if (!m) itemFindings.set(h.read, (m = new Map()));
  m.set(key, placed);
  return placed;
}

function sameFindings(a: readonly FdlDiagnostic[], b: readonly FdlDiagnostic[]): boolean {
  if (a.length !== b.length) return false;
  const key = (d: FdlDiagnostic) => JSON.stringify([d.code, d.severity, d.message, d.span.start, d.span.end, d.data ?? null]);
  const want = b.map(key).sort();
  return a
    .map(key)
    .sort()
    .every((k, i) => k === want[i]);
}

/** A finding `d` characters further on, with the spans its data holds (objects with `start` and `end`, at its top level). */
function moved(f: FdlDiagnostic, d: number): FdlDiagnostic {
  const out: FdlDiagnostic = { ...f, span: { start: f.span.start + d, end: f.span.end + d } };
  if (f.data) {
    let data: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(f.data)) {
      if (v && typeof v === 'object' && typeof (v as { start?: unknown }).start === 'number' && typeof (v as { end?: unknown }).end === 'number') {
        data ??= { ...f.data };
        data[k] = { ...(v as object), start: (v as { start: number }).start + d, end: (v as { end: number }).end + d };
      }
    }
    if (data) out.data = data;
  }
  return out;
}

/** An item's values under `FLOW_KEYS`, places left out: equal summaries, equal whole-flow findings but for places. */
function summaryOf(read: object, dialect: 'classic' | 'statemachine'): string {
  let s = summaries.get(read);
  if (s === undefined) {
    const keys = FLOW_KEYS[dialect];
    const out: string[] = [];
    for (const n of SequenceBlocks.nodesOf(read)) summarise(n, keys, out);
    summaries.set(read, (s = out.join('')));
  }
  return s;
}

function summarise(n: YNode | null, keys: ReadonlySet<string>, out: string[]): void {
  if (!n) {
    out.push('~');
    return;
  }
  out.push(n.tag === undefined ? '' : `!${n.tag}`);
  if (n.kind === NodeKind.Scalar || !n.items) {
    out.push(`s${n.kind}${JSON.stringify(n.value) ?? 'u'}|${n.source ?? ''};`);
    return;
  }
  if (n.kind === NodeKind.Map) {
    out.push('{');
    for (let i = 0; i + 1 < n.items.length; i += 2) {
      const k = n.items[i];
      // A key that is not a plain scalar is kept whole: a check may read anything through it.
      const name = k && k.kind === NodeKind.Scalar && !k.items ? String(k.value) : undefined;
      if (name !== undefined && !keys.has(name)) continue;
      summarise(k, keys, out);
      out.push(':');
      summarise(n.items[i + 1], keys, out);
    }
    out.push('}');
    return;
  }
  out.push('[');
  for (const c of n.items) summarise(c, keys, out);
  out.push(']');
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
