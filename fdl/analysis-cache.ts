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
 * - Checks of the whole flow (names, gotos, reachability, loops) are written in parts (check.ts
 *   `parts`): what they find inside a top-level step, and its entry (a few values: its name, how
 *   control leaves it, its gotos) are kept with the item's read like the above, placed where the
 *   item stood when they were made; each edit judges the top-level sequence from the entries,
 *   each a per-item offset away from where it now stands (analysis-checks.ts `runTop`), and
 *   resolves the findings waiting for a name of the flow. Neither the edited version's tree nor
 *   its model is built. When every entry says what it said before (but for places), what the
 *   top-level sequence's judgement found is carried over instead, moved with its blocks.
 */
import type { Check, DeployTagMode } from './check';
import type { FdlDiagnostic } from './diagnostic';
import type { Locale } from './messages';
import { editedBlocks, parsedOfTree, type ParsedFlow } from './parse';
import {
  checksOf,
  failures,
  FOREIGN_KEY_RANK,
  movedFinding,
  ordered,
  resolveDeferred,
  runChecksInParts,
  runInside,
  runTop,
  type Failure,
  type Ranked,
  type RankedDeferred,
  type RunOptions,
  type TopEntry,
  type TopParts,
} from './analysis-checks';
import type * as SequenceBlocksModule from './yaml/sequence-blocks';
import type { HeldBlock, SequenceBlocks } from './yaml/sequence-blocks';
import { isMapNode } from './yaml/tree';
import { scalarString } from './yaml/tree-read';

/** The nodes a held block read holds; the rereading of edits is required with the first edit (yaml/read.ts, docs/cold-start.md). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use (above)
const nodesOf = (read: HeldBlock['read']) => (require('./yaml/sequence-blocks') as typeof SequenceBlocksModule).SequenceBlocks.nodesOf(read);

/** The key of the sequence holding the flow's steps (states), per dialect: the only one the whole-flow checks' parts read. */
const BODY_KEY = { classic: 'steps', statemachine: 'States' } as const;

/** What is kept of one item read, per options. */
interface Kept {
  /** The per-item checks' findings, placed for the read's `at`. */
  found: Ranked[];
  /** The whole-flow checks' parts of the item's top-level steps, placed for a block starting at `at`. */
  tops: TopParts[];
  at: number;
  /** The index in the flow of the block's first item when this was made, and whether a finding may name it (an item that is not a mapping). */
  index: number;
  indexed: boolean;
}

/** What the whole-flow checks last found over the top-level sequence (and the findings waiting for a name), and the version they found it in. */
interface TopRun {
  found: Ranked[];
  reads: readonly object[];
  /** Where its blocks started. */
  starts: Int32Array;
  /** Per block, what its entries say but for places. */
  keys: readonly string[];
  /** Where the sequence ended. */
  end: number;
}

/** Per frame and options: the item checks' findings around the sequence, and the last version analysed. */
interface FrameState {
  frame: Ranked[];
  top?: TopRun;
  /** The last version analysed, by block: most of the next one's reads stand at the same index, or as far off as the edit moved them. */
  last?: { reads: object[]; kept: Kept[] };
}

/** Per item read, what its analysis keeps, per options. */
const kept = new WeakMap<object, Map<string, Kept>>();
/** Per frame and options. */
const frames = new WeakMap<object, Map<string, FrameState>>();
/** Per full parse and options, its analysis as ranked findings and whole-flow parts (a seed for the edits after it). */
const fullRuns = new WeakMap<ParsedFlow, Map<string, { ranked: Ranked[]; tops: TopParts[] }>>();

/** How edits were analysed since the process started: what the tests check was exercised, and what a benchmark may print. */
export const editAnalysisCounts = { edits: 0, itemRuns: 0, whole: 0, topCarried: 0 };

const keyOf = (o: RunOptions) => `${o.locale}|${o.deployTags}`;

/** A full analysis's ranked findings and whole-flow parts, kept so the edits after this parse can start from them. */
export function rememberFullRun(parsed: ParsedFlow, o: RunOptions, run: { ranked: Ranked[]; tops: TopParts[] }): void {
  let m = fullRuns.get(parsed);
  if (!m) fullRuns.set(parsed, (m = new Map()));
  m.set(keyOf(o), run);
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
  // The whole-flow checks' parts split the flow's own steps: another sequence held is analysed whole.
  if (blocks.sequenceKey !== BODY_KEY[dialect]) return undefined;
  const o: RunOptions = { locale, deployTags };
  const key = keyOf(o);
  let perFrame = frames.get(blocks.frameKey);
  if (!perFrame) frames.set(blocks.frameKey, (perFrame = new Map()));
  let state = perFrame.get(key);
  if (!state) {
    // The first edit analysed: start from the full parse's analysis when it was made (the server
    // published it when the document opened), else from a full analysis of this version.
    const { seed, seedBlocks } = edited;
    const run = seed.dialect === dialect && !seed.syntaxDiagnostics.some((d) => d.severity === 'error') ? fullRuns.get(seed)?.get(key) : undefined;
    state = run ? split(run, seedBlocks, dialect, key) : undefined;
    if (!state) {
      editAnalysisCounts.whole++;
      const whole = runChecksInParts(parsed, dialect, o, 'all');
      state = split(whole, blocks, dialect, key);
      if (state) perFrame.set(key, state);
      return ordered(parsed.syntaxDiagnostics, whole.ranked);
    }
    perFrame.set(key, state);
  }
  editAnalysisCounts.edits++;
  // Block by block through accessors, not `held()`: a keystroke allocates nothing per block kept.
  const n = blocks.count;
  const ranked: Ranked[] = [];
  const { last } = state;
  const diff = last ? n - last.reads.length : 0;
  const reads: object[] = new Array(n);
  const keptNow: Kept[] = new Array(n);
  const starts = new Int32Array(n);
  const checks = checksOf(dialect);
  try {
    let index = 0;
    for (let i = 0; i < n; i++) {
      const read = blocks.readOf(i);
      const start = blocks.startOf(i);
      const j = !last ? -1 : last.reads[i] === read ? i : last.reads[i - diff] === read ? i - diff : -1;
      let k = j >= 0 ? last!.kept[j] : keptOf(parsed, blocks, blocks.heldAt(i), i, index, dialect, o, key, state.frame, false);
      // A finding naming the item by its index is made again where the item's index changed.
      if (k.indexed && k.index !== index) k = keptOf(parsed, blocks, blocks.heldAt(i), i, index, dialect, o, key, state.frame, true);
      index += nodesOf(read).length;
      reads[i] = read;
      keptNow[i] = k;
      starts[i] = start;
      const found = k.found;
      if (found.length) {
        const d = start - blocks.atOf(i);
        for (const r of found) ranked.push(d === 0 ? r : { d: movedFinding(r.d, d), rank: r.rank });
      }
      // The whole-flow parts: places a per-item offset away, findings moved (and worded anew where they name a line).
      const pd = start - k.at;
      for (const t of k.tops) {
        for (const r of t.found) {
          const reword = checks[r.rank].reword;
          const f = pd === 0 ? r.d : movedFinding(r.d, pd);
          ranked.push({ d: reword ? reword(f, parsed, locale) : f, rank: r.rank });
        }
      }
    }
  } catch (e) {
    if (e instanceof NotPerItem) {
      editAnalysisCounts.whole++;
      return undefined;
    }
    throw e;
  }
  state.last = { reads, kept: keptNow };
  const { shift, from } = blocks.trailer;
  for (const r of state.frame) ranked.push(shift === 0 || r.d.span.start < from ? r : { d: movedFinding(r.d, shift), rank: r.rank });
  // The top-level sequence judged again, unless every entry says what it said (but for places):
  // then what was found is carried over, moved with the blocks its places lie in.
  const before = state.top;
  const aligned = before !== undefined && before.reads.length === n;
  const keys: string[] = new Array(n);
  let same = aligned;
  for (let i = 0; i < n; i++) {
    if (aligned && before.reads[i] === reads[i]) keys[i] = before.keys[i];
    else {
      keys[i] = keyOfBlock(keptNow[i]);
      // A new block's findings waiting for a name are made with the top-level sequence's.
      if (aligned && (keys[i] !== before.keys[i] || keptNow[i].tops.some((t) => t.deferred.length > 0 || t.failed.length > 0))) same = false;
    }
  }
  const end = n ? blocks.endOf(n - 1) : 0;
  let found = same ? carried(before!, reads, starts, end, parsed, checks, locale) : undefined;
  if (!found) {
    // The entries, each with the offset of its block from where its parts were made.
    const entries: TopEntry[] = [];
    const ds: number[] = [];
    const deferred: (RankedDeferred & { shift: number })[] = [];
    const failed: Failure[] = [];
    for (let i = 0; i < n; i++) {
      const k = keptNow[i];
      const pd = starts[i] - k.at;
      for (const t of k.tops) {
        entries.push(t.entry);
        ds.push(pd);
        for (const r of t.deferred) deferred.push({ d: r.d, rank: r.rank, shift: pd });
        for (const f of t.failed) failed.push(f);
      }
    }
    const startAt = dialect === 'statemachine' ? scalarString(blocks.frameValue('StartAt')) : undefined;
    const top = runTop(parsed, dialect, o, { entries, ds, startAt });
    for (const r of top.deferred) deferred.push({ ...r, shift: 0 });
    found = [...top.found, ...resolveDeferred(entries, deferred), ...failures([...failed, ...top.failed], checks)];
  } else editAnalysisCounts.topCarried++;
  state.top = n ? { found, reads, starts, keys, end } : undefined;
  ranked.push(...found);
  return ordered(parsed.syntaxDiagnostics, ranked);
}

const blockKeys = new WeakMap<Kept, string>();

/** What a block's whole-flow entries say, places left out: equal keys, equal findings but for places. */
function keyOfBlock(k: Kept): string {
  let key = blockKeys.get(k);
  if (key === undefined) {
    key = JSON.stringify(
      k.tops.map((t) => t.entry),
      // A name's scope is an identity within one item's model, said by its label.
      (name, v: unknown) => (name === 'scope' ? undefined : PLACES.has(name) ? (v === undefined ? 0 : 1) : v),
    );
    blockKeys.set(k, key);
  }
  return key;
}

/** An entry's places (spans): whether they are there counts, not where. */
const PLACES = new Set(['nameSpan', 'span', 'noDefault', 'firstTagged', 'endKeySpan']);

/**
 * What the whole-flow checks found in `before`, placed in the version held as `held`, or
 * undefined when one of their places cannot be carried over: in a block whose text changed,
 * across blocks, or around the whole sequence. A place is the finding's span, a span in its data
 * (an object with `start` and `end` at its top level) or an insertion point there (an object with
 * `offset`, whose step's comment lines above may end the block before: that one must be unchanged
 * too). Worded again where a message names a line (`Check.reword`).
 */
function carried(before: TopRun, reads: readonly object[], starts: Int32Array, end: number, parsed: ParsedFlow, checks: readonly Check[], locale: Locale): Ranked[] | undefined {
  const was = before.reads;
  const n = was.length;
  const from = before.starts;
  const oldEnd = before.end;
  const trailerShift = end - oldEnd;
  const unchanged = (i: number) => reads[i] === was[i];
  // The distance the text at [s, e) of the earlier version moved, or undefined.
  const shiftOf = (s: number, e: number, point: boolean): number | undefined => {
    if (e <= from[0]) return 0;
    if (s >= oldEnd) return s === oldEnd && !unchanged(n - 1) ? undefined : trailerShift;
    if (s < from[0]) return undefined;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (from[mid] <= s) lo = mid;
      else hi = mid - 1;
    }
    if (e > (lo + 1 < n ? from[lo + 1] : oldEnd) || !unchanged(lo) || (point && lo > 0 && !unchanged(lo - 1))) return undefined;
    return starts[lo] - from[lo];
  };
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

/**
 * A whole analysis of a version held as `blocks`, split: each item's findings kept with its read
 * (placed for the read's `at`), with its top-level steps' whole-flow parts, the rest of the
 * per-item checks' around the sequence; undefined when a finding or a part lies across items.
 */
function split(run: { ranked: readonly Ranked[]; tops: readonly TopParts[] }, blocks: SequenceBlocks, dialect: 'classic' | 'statemachine', key: string): FrameState | undefined {
  const perItem = checksOf(dialect).map((c) => c.reach === 'item');
  const held = blocks.held();
  const byBlock: Ranked[][] = held.map(() => []);
  const topsOf: TopParts[][] = held.map(() => []);
  const frame: Ranked[] = [];
  for (const r of run.ranked) {
    // The whole-flow checks' findings are made again from their parts.
    if (r.rank < FOREIGN_KEY_RANK && !perItem[r.rank]) continue;
    const i = r.rank === FOREIGN_KEY_RANK ? -1 : blockAt(held, r.d.span.start);
    if (i < 0) {
      frame.push(r);
      continue;
    }
    if (r.d.span.end > held[i].end) return undefined;
    byBlock[i].push(r);
  }
  for (const t of run.tops) {
    const i = blockAt(held, t.at);
    if (i < 0) return undefined;
    topsOf[i].push(t);
  }
  let index = 0;
  held.forEach((h, i) => {
    let m = kept.get(h.read);
    if (!m) kept.set(h.read, (m = new Map()));
    const d = h.start - h.at;
    const nodes = nodesOf(h.read);
    m.set(key, {
      found: d === 0 ? byBlock[i] : byBlock[i].map((r) => ({ d: movedFinding(r.d, -d), rank: r.rank })),
      tops: topsOf[i],
      at: h.start,
      index,
      indexed: nodes.some((n) => !isMapNode(n)),
    });
    index += nodes.length;
  });
  // The frame's findings are kept placed for the frame's own text (the trailer moved back).
  const { shift, from } = blocks.trailer;
  const unshifted = shift === 0 ? frame : frame.map((r) => (r.d.span.start < from + shift ? r : { d: movedFinding(r.d, -shift), rank: r.rank }));
  return { frame: unshifted };
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

/** What block `i`'s read keeps: its per-item findings and whole-flow parts, made on a one-item document when the read is new. */
function keptOf(
  parsed: ParsedFlow,
  blocks: SequenceBlocks,
  h: HeldBlock,
  i: number,
  index: number,
  dialect: 'classic' | 'statemachine',
  o: RunOptions,
  key: string,
  frame: readonly Ranked[],
  again: boolean,
): Kept {
  let m = kept.get(h.read);
  const known = again ? undefined : m?.get(key);
  if (known) return known;
  editAnalysisCounts.itemRuns++;
  const one = parsedOfTree(parsed.text, parsed.lines, blocks.itemTree(i), o.locale);
  const inside: Ranked[] = [];
  const around: Ranked[] = [];
  for (const r of runChecksInParts(one, dialect, { ...o, items: { key: blocks.sequenceKey!, offset: index } }, 'item').ranked)
    (r.d.span.start >= h.start && r.d.span.start < h.end && r.d.span.end <= h.end ? inside : around).push(r);
  // What the checks find around the item must be what the whole analysis found there.
  const { shift, from } = blocks.trailer;
  const expected = frame.filter((r) => r.rank !== FOREIGN_KEY_RANK).map((r) => (shift === 0 || r.d.span.start < from ? r.d : movedFinding(r.d, shift)));
  if (
    !sameFindings(
      around.map((r) => r.d),
      expected,
    )
  )
    throw new NotPerItem();
  const d = h.start - h.at;
  const found = d === 0 ? inside : inside.map((r) => ({ d: movedFinding(r.d, -d), rank: r.rank }));
  const k: Kept = { found, tops: runInside(one, dialect, o), at: h.start, index, indexed: nodesOf(h.read).some((n) => !isMapNode(n)) };
  if (!m) kept.set(h.read, (m = new Map()));
  m.set(key, k);
  return k;
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
