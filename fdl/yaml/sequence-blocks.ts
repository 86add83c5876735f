/**
 * A document's largest top-level block sequence (classic `steps:`, StateMachine `States:`) held
 * as one block of text per item, each read on its own, so an edit re-reads only the items it
 * touched (fdl/parse.ts `reparseFlow`): typing in one step of a 5,000-step flow costs one step.
 *
 * A block runs from an item's dash line to the next dash line at the same column (comments and
 * blank lines go with the item above). An item is read as it stands in the document: under a
 * stand-in key at the column of the document's keys, and followed by a stand-in item (`- x`) as
 * the real next item follows it; a read that reaches into the stand-ins (an unclosed quote, say)
 * is refused. A broken item that runs on over the next dash (an unclosed `{`) is read together
 * with the items it runs over. Items are read by the block reader, else by `yaml`, whose errors
 * (wording and places) are kept per item. The frame around the sequence (the keys before and after
 * it) is the last full parse's and must not be touched. A full parse with syntax errors starts the
 * blocks only where each error's items, read on their own, give the very nodes and errors it read.
 * Refused, so the caller parses the whole text: an edit outside the sequence, or that ends it,
 * changes its column or adds a document marker; a tab; an alias or merge key; an edit to the last
 * item when keys follow the sequence; re-reading more than `maxChars`. test/fdl/reparse.test.ts
 * compares every result with a full parse over random edits.
 */
import { readBlockYaml } from './block-reader';
import { treeFromDocument } from './from-yaml-document';
import { lineEditBetween, type LineEdit } from './line-edit';
import { entryIndex, isMapNode, newNode, NodeKind, scalarKeyText, type YNode } from './tree';
import { parseYamlDocument } from './yaml-document';
import { SPACE, LF, CR, HASH, DASH, TAB } from './char-codes';
import { flowRun, MAX_NESTING, nestingStart, scanNesting, type FlowRun, type NestingState } from '../input-limits';

/** A `yaml` error or warning of one item, placed from the start of its block. */
export interface BlockFinding {
  code: string;
  message: string;
  pos: [number, number];
  severity: 'error' | 'warning';
}

/** One item's reading; shared by every version in which the item's text is unchanged. */
interface BlockRead {
  /** The item's nodes, placed for a block starting at `at`. */
  items: (YNode | null)[];
  at: number;
  values: unknown[];
  /** Where the sequence ends when this item is its last (placed for `at`); read as the last item only. */
  seqEnd: number | undefined;
  /** Where the document's mapping ends when this item is the sequence's last and nothing follows it (placed for `at`). */
  rootEnd: number | undefined;
  findings: BlockFinding[] | undefined;
  /**
   * The input limits' nesting scan of the item's text from where the sequence starts: true when it
   * stays within MAX_NESTING and closes every bracket it opens (so the next item starts as the
   * first does); set on first need.
   */
  nestingClean?: boolean;
  /** The item's text scanned inside brackets an item before it left open (input-limits.ts `flowRun`); set on first need. */
  flowRun?: FlowRun;
}

interface Block {
  start: number;
  read: BlockRead;
}

/** The top-level mapping around the sequence, as the last full parse read it. */
interface Frame {
  root: YNode & { items: (YNode | null)[] };
  rootValue: Record<string, unknown>;
  /** Index in `root.items` of the sequence (its key is the entry before). */
  seqIndex: number;
  seqKey: string;
  /** The column of the items' dashes. */
  column: number;
  /** The column of the document's keys. */
  keyColumn: number;
  /** Where the sequence's text ended in the frame's text (what follows it moves by `trailerShift`). */
  regionEnd: number;
  /** The nesting scan's state where the sequence starts, null when the text before it leaves a bracket open; set on first need. */
  nestingStart?: NestingState | null;
  /** The nesting scan of the text after the sequence stays within the limit; set on first need. */
  trailerWithin?: boolean;
}

/** One item's block as a version holds it: `read` is the same object in every version where its text is unchanged. */
export interface HeldBlock {
  start: number;
  end: number;
  read: object;
  /** Where the read's nodes are placed: its positions are `start - at` off in this version. */
  at: number;
}

/** A broken item read together with at most this many following items (the ones it runs on over). */
const MAX_UNIT_BLOCKS = 16;
/** Reads of broken items a full parse's blocks may take to be shown equal to it. */
const MAX_SEED_READS = 64;

export class SequenceBlocks {
  /** The lines this text's edit replaced in the text of the blocks it was made from (`edited`); undefined for a full parse's. */
  edit: LineEdit | undefined;
  /** Every item closes the brackets it opens, within the limit (`BlockRead.nestingClean`): known so, else not known. */
  private allClean = false;
  /** The blocks the edit that made these read anew, when every block it kept was known clean: only those are scanned. */
  private freshBlocks: { from: number; to: number } | undefined;

  private constructor(
    readonly text: string,
    private readonly frame: Frame,
    private readonly blocks: Block[],
    /** Where the sequence's text ends: the first key after it, else the end of the text. */
    private readonly regionEnd: number,
    /** How far the keys after the sequence moved since the frame's text. */
    private readonly trailerShift: number,
  ) {}

  /**
   * The blocks of a full parse's tree (read with every value: no alias or merge key), or
   * undefined when its text has no sequence held this way. A parse with YAML findings qualifies
   * when each finding lies in an item that, read on its own, gives the same nodes and findings
   * (`sameFindings` compares them with the parse's, placed for the item's text `[start, end)`).
   */
  static ofTree(
    tree: YNode | undefined,
    text: string,
    findingsAt: (start: number, end: number) => number,
    sameFindings: (found: BlockFinding[], start: number, end: number) => boolean,
  ): SequenceBlocks | undefined {
    if (!isMapNode(tree) || tree.tag !== undefined || tree.flow) return undefined;
    const rootValue = tree.value;
    if (!rootValue || typeof rootValue !== 'object') return undefined;
    let seqIndex = -1;
    for (let i = 1; i < tree.items.length; i += 2) {
      const v = tree.items[i];
      if (v && v.kind === NodeKind.Seq && !v.flow && v.tag === undefined && v.items!.length > 0 && (seqIndex < 0 || v.e - v.s > tree.items[seqIndex]!.e - tree.items[seqIndex]!.s))
        seqIndex = i;
    }
    if (seqIndex < 0) return undefined;
    const seq = tree.items[seqIndex]!;
    const seqKey = scalarKeyText(tree.items[seqIndex - 1]);
    if (seqKey === undefined || !Array.isArray((rootValue as Record<string, unknown>)[seqKey])) return undefined;
    const lineStart = text.lastIndexOf('\n', seq.s - 1) + 1;
    for (let p = lineStart; p < seq.s; p++) if (text.charCodeAt(p) !== SPACE) return undefined;
    const column = seq.s - lineStart;
    const keyColumn = tree.s - (text.lastIndexOf('\n', tree.s - 1) + 1);
    if (keyColumn > column) return undefined;
    const scan = scanBlocks(text, lineStart, text.length, column, true);
    if (!scan) return undefined;
    const { starts } = scan;
    const values = (rootValue as Record<string, unknown>)[seqKey] as unknown[];
    const items = seq.items!;
    if (values.length !== items.length) return undefined;
    // The items each block holds (one, unless a broken item ran on over the next dash).
    const held: number[][] = starts.map(() => []);
    let at = 0;
    for (let k = 0; k < items.length; k++) {
      const item = items[k];
      if (!item || item.s < starts[0] || item.e > scan.end) return undefined;
      while (at + 1 < starts.length && starts[at + 1] <= item.s) at++;
      held[at].push(k);
    }
    const endOf = (j: number) => (j < starts.length ? starts[j] : scan.end);
    const blocks: Block[] = [];
    let reads = 0;
    for (let i = 0; i < starts.length;) {
      const start = starts[i];
      if (held[i].length === 1 && findingsAt(start, endOf(i + 1)) === 0) {
        const k = held[i][0];
        const last = i === starts.length - 1;
        blocks.push({
          start,
          read: { items: [items[k]], at: start, values: [values[k]], seqEnd: last ? seq.e : undefined, rootEnd: last ? tree.e : undefined, findings: undefined },
        });
        i++;
        continue;
      }
      // Items with YAML findings are held as read on their own, once that is shown to be what the
      // whole parse read: the first run of blocks from here that reads so.
      let j = i + 1;
      for (; ; j++) {
        // Bounded: a text broken all over is parsed whole (in the server's worker) rather than item by item here.
        if (j - i > MAX_UNIT_BLOCKS || ++reads > MAX_SEED_READS || (j === starts.length && scan.end < text.length)) return undefined;
        const end = endOf(j);
        const last = j === starts.length;
        const own = readBlock(text, start, end, column, last, keyColumn);
        const mine = held.slice(i, j).flat();
        if (
          own &&
          own.items.length === mine.length &&
          own.items.every((n, x) => sameNode(n, items[mine[x]])) &&
          own.seqEnd === (last ? seq.e : undefined) &&
          own.rootEnd === (last ? tree.e : undefined) &&
          sameFindings(placed(own.findings ?? [], start), start, end)
        ) {
          blocks.push({ start, read: own });
          break;
        }
        if (last) return undefined;
      }
      i = j;
    }
    // Every finding lies in an item.
    if (findingsAt(0, starts[0]) > 0 || findingsAt(scan.end, text.length + 1) > 0) return undefined;
    // Every key after the sequence lies after its text.
    for (let i = seqIndex + 1; i < tree.items.length; i++) if ((tree.items[i]?.s ?? scan.end) < scan.end) return undefined;
    const frame: Frame = {
      root: tree,
      rootValue: rootValue as Record<string, unknown>,
      seqIndex,
      seqKey,
      column,
      keyColumn,
      regionEnd: scan.end,
    };
    return new SequenceBlocks(text, frame, blocks, scan.end, 0);
  }

  /**
   * The blocks of `text`, this text edited, re-reading the items the edit touched; undefined when
   * refused (see above). `known`: the lines the edit replaced, when the editor said (else the texts
   * are compared).
   */
  edited(text: string, maxChars: number, known?: LineEdit): SequenceBlocks | undefined {
    const edit = known ?? lineEditBetween(this.text, text);
    if (!edit) return this;
    const { blocks } = this;
    const delta = edit.newEnd - edit.oldEnd;
    const hasTrailer = this.regionEnd < this.text.length;
    if (edit.start < blocks[0].start || edit.oldEnd > this.regionEnd) return undefined;
    // Touched: every block the edit overlaps, and the blocks right before and after it (the
    // changed lines may belong to either).
    let a = blocks.length - 1;
    while (a > 0 && blocks[a].start >= edit.start) a--;
    let b = a;
    while (b + 1 < blocks.length && blocks[b + 1].start <= edit.oldEnd) b++;
    let lastTouched = b === blocks.length - 1;
    if (lastTouched && hasTrailer) return undefined;
    const from = blocks[a].start;
    const oldTo = lastTouched ? this.regionEnd : blocks[b + 1].start;
    const to = oldTo + delta;
    if (to - from > maxChars) return undefined;
    const scan = scanBlocks(text, from, to, this.frame.column, false);
    if (!scan || scan.starts.length === 0 || scan.starts[0] !== from) return undefined;
    // Text nested past the input limits is not read here (it could keep a reader busy): the full parse refuses it.
    if (scanNesting(text, from, to, MAX_NESTING, cloneNesting(this.nestingStart() ?? nestingStart())) !== undefined) return undefined;
    const starts = scan.starts;
    let end = to;
    const fresh: Block[] = [];
    for (let i = 0; i < starts.length;) {
      // A run of items read together when the first runs on over the next dash (an unclosed `{`).
      for (let j = i + 1; ; j++) {
        if (j > starts.length) {
          // Run on into the blocks after the edit: they are read again with it.
          if (lastTouched || j - i > MAX_UNIT_BLOCKS) return undefined;
          b++;
          lastTouched = b === blocks.length - 1;
          if (lastTouched && hasTrailer) return undefined;
          starts.push(end);
          end = (lastTouched ? this.regionEnd : blocks[b + 1].start) + delta;
        }
        const last = lastTouched && j === starts.length;
        const read = readBlock(text, starts[i], j < starts.length ? starts[j] : end, this.frame.column, last, this.frame.keyColumn);
        if (read) {
          fresh.push({ start: starts[i], read });
          i = j;
          break;
        }
        if (j - i >= MAX_UNIT_BLOCKS || end - from > maxChars) return undefined;
      }
    }
    const after = blocks.slice(b + 1).map((x) => ({ start: x.start + delta, read: x.read }));
    const next = new SequenceBlocks(text, this.frame, [...blocks.slice(0, a), ...fresh, ...after], this.regionEnd + delta, this.trailerShift + delta);
    next.edit = edit;
    if (this.allClean) next.freshBlocks = { from: a, to: a + fresh.length };
    return next;
  }

  /**
   * True when the text nests within MAX_NESTING (input-limits.ts `tooDeepAt` finds nothing there),
   * shown by scanning each item's text once, from where the sequence starts; false when that does
   * not show it (an item leaves a bracket open, say): the caller then scans the whole text.
   */
  withinNesting(): boolean {
    const start = this.nestingStart();
    if (!start) return false;
    const { blocks, text } = this;
    const endOf = (i: number) => (i + 1 < blocks.length ? blocks[i + 1].start : this.regionEnd);
    const fresh = this.freshBlocks;
    if (!this.allClean && fresh) {
      // The blocks kept were all clean: whether all are now is a question of the new ones only.
      let clean = true;
      for (let i = fresh.from; i < fresh.to && clean; i++) {
        const { start: at, read } = blocks[i];
        if (read.nestingClean === undefined) read.nestingClean = this.scanItem(start, at, endOf(i));
        clean = read.nestingClean;
      }
      this.allClean = clean;
    }
    // Every item closes what it opens: the scan stands after the sequence where it stood before it.
    if (this.allClean) return this.trailerWithin(start);
    // Where the scan stands after an item that left brackets open (undefined while none is open).
    let open: NestingState | undefined;
    let everyClean = true;
    for (let i = 0; i < blocks.length; i++) {
      const { start: at, read } = blocks[i];
      if (!open) {
        if (read.nestingClean === undefined) read.nestingClean = this.scanItem(start, at, endOf(i));
        if (read.nestingClean) continue;
        everyClean = false;
        // Scanned again to learn what it leaves open.
        const st = cloneNesting(start);
        if (scanNesting(text, at, endOf(i), MAX_NESTING, st) !== undefined) return false;
        if (st.quote !== 0) return this.restWithin(at, start);
        open = st;
        continue;
      }
      // Inside the open brackets the lines' indentation is not read: the item's run, shifted.
      const run = (read.flowRun ??= flowRun(text, at, endOf(i)));
      if (open.flow + run.low < 1 || run.quoteOpen) return this.restWithin(at, open);
      if (open.indents.length + open.flow + run.high > MAX_NESTING) return false;
      open.flow += run.net;
    }
    if (open) return scanNesting(text, this.regionEnd, text.length, MAX_NESTING, open) === undefined;
    if (everyClean) this.allClean = true;
    return this.trailerWithin(start);
  }

  /** The nesting scan of the text after the sequence, from `start` (the text there is the frame's). */
  private trailerWithin(start: NestingState): boolean {
    const { frame } = this;
    if (frame.trailerWithin === undefined) frame.trailerWithin = scanNesting(this.text, this.regionEnd, this.text.length, MAX_NESTING, cloneNesting(start)) === undefined;
    return frame.trailerWithin;
  }

  /** The scan of the text from `from` on, standing at `st` there. */
  private restWithin(from: number, st: NestingState): boolean {
    return scanNesting(this.text, from, this.text.length, MAX_NESTING, cloneNesting(st)) === undefined;
  }

  /** The nesting scan's state where the sequence starts (the text before it is the frame's). */
  private nestingStart(): NestingState | null {
    const { frame } = this;
    if (frame.nestingStart === undefined) {
      const st = nestingStart();
      frame.nestingStart = scanNesting(this.text, 0, this.blocks[0].start, MAX_NESTING, st) === undefined && st.flow === 0 && st.quote === 0 ? st : null;
    }
    return frame.nestingStart;
  }

  /** One item's text `[from, to)` scanned from the sequence's start: within the limit, every bracket closed. */
  private scanItem(start: NestingState, from: number, to: number): boolean {
    const st = cloneNesting(start);
    return scanNesting(this.text, from, to, MAX_NESTING, st) === undefined && st.flow === 0 && st.quote === 0;
  }

  /**
   * The frame (the keys around the sequence) these blocks share with every version edited from
   * the same full parse: an identity for caches (fdl/analysis-cache.ts), never read.
   */
  get frameKey(): object {
    return this.frame;
  }

  /** The key of the sequence held, when it is the first entry of that key in the document's mapping (the one a model reads). */
  get sequenceKey(): string | undefined {
    const { frame } = this;
    return entryIndex(frame.root, frame.seqKey) + 1 === frame.seqIndex ? frame.seqKey : undefined;
  }

  /** The value under a key of the document's mapping other than the sequence's, placed in this text. */
  frameValue(key: string): YNode | undefined {
    const { frame } = this;
    const i = entryIndex(frame.root, key);
    if (i < 0 || i + 1 === frame.seqIndex) return undefined;
    const n = frame.root.items[i + 1];
    return (i > frame.seqIndex && this.trailerShift !== 0 ? shifted(n, this.trailerShift) : n) ?? undefined;
  }

  /** How far the text after the sequence moved since the frame's text, and where that text started there. */
  get trailer(): { shift: number; from: number } {
    return { shift: this.trailerShift, from: this.frame.regionEnd };
  }

  /** How many blocks. */
  get count(): number {
    return this.blocks.length;
  }

  /** Where block `i`'s text starts in this version. */
  startOf(i: number): number {
    return this.blocks[i].start;
  }

  /** Where block `i`'s text ends in this version. */
  endOf(i: number): number {
    return i + 1 < this.blocks.length ? this.blocks[i + 1].start : this.regionEnd;
  }

  /** Block `i`'s read: the same object in every version where its text is unchanged. */
  readOf(i: number): object {
    return this.blocks[i].read;
  }

  /** Where block `i`'s read places its nodes: they are `startOf(i) - atOf(i)` off in this version. */
  atOf(i: number): number {
    return this.blocks[i].read.at;
  }

  /** Block `i` as `held()` gives it, alone (a keystroke reads one or two of 5,000 blocks so). */
  heldAt(i: number): HeldBlock {
    const b = this.blocks[i];
    return { start: b.start, end: this.endOf(i), read: b.read, at: b.read.at };
  }

  /** The blocks in document order, each with its text's extent in this version. */
  held(): HeldBlock[] {
    const { blocks } = this;
    return blocks.map((b, i) => ({ start: b.start, end: i + 1 < blocks.length ? blocks[i + 1].start : this.regionEnd, read: b.read, at: b.read.at }));
  }

  /** The item values of a block's read (as `held()` gives it), for summaries that ignore places. */
  static nodesOf(read: object): readonly (YNode | null)[] {
    return (read as BlockRead).items;
  }

  /**
   * The document's tree with only block `i`'s items in the sequence, placed in this text: a
   * document of one step (or state) in the frame it stands in, for checks that read one item.
   */
  itemTree(i: number): YNode {
    const { frame } = this;
    const { start, read } = this.blocks[i];
    const d = start - read.at;
    const items = read.items.map((n) => (d === 0 ? n : shifted(n, d)));
    const values = read.values.slice();
    const lastNode = items[items.length - 1];
    const seq = newNode(NodeKind.Seq, start + frame.column, lastNode ? lastNode.e : start + frame.column, values);
    seq.items = items;
    const rootItems = frame.root.items.slice();
    rootItems[frame.seqIndex] = seq;
    if (this.trailerShift !== 0) for (let k = frame.seqIndex + 1; k < rootItems.length; k++) rootItems[k] = shifted(rootItems[k], this.trailerShift);
    const value = { ...frame.rootValue };
    value[frame.seqKey] = values;
    // The root ends where the whole document's does (tree()), so a finding on it is placed alike.
    const last = this.blocks[this.blocks.length - 1];
    const atEnd = this.regionEnd === this.text.length;
    const root = newNode(NodeKind.Map, frame.root.s, atEnd ? last.read.rootEnd! + last.start - last.read.at : frame.root.e + this.trailerShift, value);
    root.items = rootItems;
    return root;
  }

  /** Every item's `yaml` findings, placed in this text: errors first, then warnings, as a full parse lists them. */
  findings(): BlockFinding[] {
    const errors: BlockFinding[] = [];
    const warnings: BlockFinding[] = [];
    for (const { start, read } of this.blocks) if (read.findings) for (const f of placed(read.findings, start)) (f.severity === 'error' ? errors : warnings).push(f);
    return [...errors, ...warnings];
  }

  /** The document's tree (and in its nodes, its value), the items placed in this text. */
  tree(): YNode {
    const { frame, blocks } = this;
    const items: (YNode | null)[] = [];
    const values: unknown[] = [];
    for (const { start, read } of blocks) {
      const d = start - read.at;
      for (const n of read.items) items.push(d === 0 ? n : shifted(n, d));
      for (const v of read.values) values.push(v);
    }
    const last = blocks[blocks.length - 1];
    const seqEnd = last.read.seqEnd! + last.start - last.read.at;
    const seq = newNode(NodeKind.Seq, blocks[0].start + frame.column, seqEnd, values);
    seq.items = items;
    const rootItems = frame.root.items.slice();
    rootItems[frame.seqIndex] = seq;
    if (this.trailerShift !== 0) for (let i = frame.seqIndex + 1; i < rootItems.length; i++) rootItems[i] = shifted(rootItems[i], this.trailerShift);
    const value = { ...frame.rootValue };
    value[frame.seqKey] = values;
    const atEnd = this.regionEnd === this.text.length;
    const root = newNode(NodeKind.Map, frame.root.s, atEnd ? last.read.rootEnd! + last.start - last.read.at : frame.root.e + this.trailerShift, value);
    root.items = rootItems;
    return root;
  }
}

function cloneNesting(st: NestingState): NestingState {
  return { indents: st.indents.slice(), flow: st.flow, quote: st.quote, quoted: st.quoted };
}

/** Findings of an item read on its own, placed for its block at `start`: errors first, then warnings. */
function placed(findings: BlockFinding[], start: number): BlockFinding[] {
  const out = findings.map((f): BlockFinding => ({ ...f, pos: [f.pos[0] + start, f.pos[1] + start] }));
  return [...out.filter((f) => f.severity === 'error'), ...out.filter((f) => f.severity === 'warning')];
}

/** The same nodes at the same places (scalar values, sources, tags; a collection's value follows from its children). */
function sameNode(a: YNode | null, b: YNode | null): boolean {
  if (!a || !b) return a === b;
  if (a.kind !== b.kind || a.s !== b.s || a.e !== b.e || a.source !== b.source || a.tag !== b.tag || a.flow !== b.flow) return false;
  if (!a.items || !b.items) return a.items === b.items && Object.is(a.value, b.value);
  if (a.items.length !== b.items.length) return false;
  for (let i = 0; i < a.items.length; i++) if (!sameNode(a.items[i], b.items[i])) return false;
  return true;
}

/** A copy of `n` and its children `d` characters further on (nodes are shared between versions, never moved). */
function shifted(n: YNode | null, d: number): YNode | null {
  if (!n) return n;
  const c = newNode(n.kind, n.s + d, n.e + d, n.value);
  if (n.items) {
    const items = new Array<YNode | null>(n.items.length);
    for (let i = 0; i < items.length; i++) items[i] = shifted(n.items[i], d);
    c.items = items;
  }
  c.source = n.source;
  if (n.tag !== undefined) c.tag = n.tag;
  if (n.flow) c.flow = true;
  return c;
}

/**
 * The starts of the items whose dashes sit at `column` in `[from, to)` (line starts), and where
 * their text ends. A content line shallower than the items, or at their column without a dash,
 * ends the sequence: with `toEnd` that is where the scan ends, otherwise the scan is refused, as
 * it is for a tab in the indentation and for content before the first item.
 */
function scanBlocks(text: string, from: number, to: number, column: number, toEnd: boolean): { starts: number[]; end: number } | undefined {
  const starts: number[] = [];
  for (let p = from; p < to;) {
    const nl = text.indexOf('\n', p);
    const next = nl < 0 || nl >= to ? to : nl + 1;
    let q = p;
    while (text.charCodeAt(q) === SPACE) q++;
    const c = text.charCodeAt(q);
    if (c === TAB) return undefined;
    if (q >= next || c === LF || c === HASH || (c === CR && text.charCodeAt(q + 1) === LF)) {
      p = next;
      continue;
    }
    const indent = q - p;
    if (indent <= column) {
      const d = text.charCodeAt(q + 1);
      const dash = indent === column && c === DASH && (q + 1 >= text.length || d === SPACE || d === LF || d === CR);
      if (!dash) return toEnd && starts.length > 0 ? { starts, end: p } : undefined;
      starts.push(p);
    } else if (starts.length === 0) return undefined;
    p = next;
  }
  return { starts, end: to };
}

/** One item's block `[start, end)` read on its own (followed by a stand-in item unless it is the sequence's last); undefined when refused. */
function readBlock(text: string, start: number, end: number, column: number, last: boolean, keyColumn: number): BlockRead | undefined {
  const own = text.slice(start, end);
  if (own.includes('\t')) return undefined;
  const standIn = last ? '' : `${' '.repeat(column)}- x\n`;
  // Under a stand-in key at the column of the document's keys, as the sequence stands in the document.
  const head = `${' '.repeat(keyColumn)}k:\n`;
  const src = head + own + standIn;
  let tree: YNode | undefined;
  let findings: BlockFinding[] | undefined;
  try {
    tree = readBlockYaml(src)?.tree;
    if (!tree) {
      const doc = parseYamlDocument(src);
      const converted = treeFromDocument(doc);
      if (!converted.valued) return undefined;
      tree = converted.tree;
      const all: BlockFinding[] = [];
      const h = head.length;
      for (const e of doc.errors) all.push({ code: e.code, message: e.message, pos: [e.pos[0] - h, e.pos[1] - h], severity: 'error' });
      for (const w of doc.warnings) if (w.code !== 'TAG_RESOLVE_FAILED') all.push({ code: w.code, message: w.message, pos: [w.pos[0] - h, w.pos[1] - h], severity: 'warning' });
      // A finding in the stand-ins: the item reaches into the next one, or out of its sequence.
      for (const f of all) if (f.pos[0] < 0 || (f.pos[0] >= own.length && !last)) return undefined;
      if (all.length) findings = all;
    }
  } catch (e) {
    // A reader's stack overflow: the full parse places it.
    if (e instanceof RangeError) return undefined;
    throw e;
  }
  if (!isMapNode(tree) || tree.items.length !== 2 || scalarKeyText(tree.items[0]) !== 'k') return undefined;
  const seqNode = tree.items[1];
  const shift = start - head.length;
  if (!seqNode || seqNode.kind !== NodeKind.Seq || seqNode.flow || seqNode.tag !== undefined || seqNode.s !== head.length + column || !seqNode.items?.length) return undefined;
  const items = seqNode.items.slice();
  if (!last) {
    const x = items.pop();
    const at = head.length + own.length + column + 2;
    if (items.length === 0 || !x || x.kind !== NodeKind.Scalar || x.value !== 'x' || x.s !== at || x.e !== at + 1) return undefined;
  }
  const values = new Array<unknown>(items.length);
  for (let i = 0; i < items.length; i++) {
    const n = items[i];
    if (n) shiftInPlace(n, shift);
    values[i] = n ? n.value : null;
  }
  return { items, at: start, values, seqEnd: last ? seqNode.e + shift : undefined, rootEnd: last ? tree.e + shift : undefined, findings };
}

/** Places a fresh reading's nodes (no one else holds them yet) in the whole text. */
function shiftInPlace(n: YNode, d: number): void {
  n.s += d;
  n.e += d;
  if (n.items) for (const c of n.items) if (c) shiftInPlace(c, d);
}
