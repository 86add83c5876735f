import type { Span } from './span';

export interface Position {
  /** Zero-based line. */
  line: number;
  /** Zero-based UTF-16 column. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Converts offsets to line/character positions for one text (LSP conventions). */
export class LineIndex {
  private starts: Int32Array | undefined;
  /** The text has no CR (set with `starts`): an edit's line starts can then be derived from these. */
  private lfOnly = false;

  /** The line starts are found on first use: an edit whose diagnostics place nothing never scans the text. */
  constructor(readonly text: string) {}

  /**
   * The index of `text`, an edit of `prev.text` that replaced its whole lines `[start, oldEnd)` by
   * `[start, newEnd)` (yaml/line-edit.ts): when `prev`'s line starts are known, they are carried
   * over but for the edited lines (a copy, not a scan of the text: a keystroke in a 5,000-step flow
   * scans one line instead of 75,000), else they are found on first use.
   */
  static edited(prev: LineIndex, text: string, edit: { start: number; oldEnd: number; newEnd: number }): LineIndex {
    const next = new LineIndex(text);
    const old = prev.starts;
    if (!old) return next;
    const { start, oldEnd, newEnd } = edit;
    // The edited lines end with a line feed (or the text), and one stands before `start`, so a CR
    // among them breaks a line as it does in a scan of the whole text.
    const lfOnly = prev.lfOnly && !text.substring(start, newEnd).includes('\r');
    // Kept: the starts up to `start` (a line start); then those of the edited lines; then the
    // ones after the edit, moved.
    const keep = upperBound(old, start);
    const after = upperBound(old, oldEnd);
    const inEdit: number[] = [];
    if (lfOnly) for (let i = text.indexOf('\n', start); i >= 0 && i < newEnd; i = text.indexOf('\n', i + 1)) inEdit.push(i + 1);
    else
      for (let i = start; i < newEnd; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) inEdit.push(i + 1);
      }
    const starts = new Int32Array(keep + inEdit.length + old.length - after);
    starts.set(old.subarray(0, keep));
    starts.set(inEdit, keep);
    const d = newEnd - oldEnd;
    for (let i = after, k = keep + inEdit.length; i < old.length; i++, k++) starts[k] = old[i] + d;
    next.starts = starts;
    next.lfOnly = lfOnly;
    return next;
  }

  /** How many lines the text has (one more than its line breaks). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Where line `line` (0 ≤ line < lineCount) starts. */
  lineStart(line: number): number {
    return this.lineStarts[line];
  }

  private get lineStarts(): Int32Array {
    if (!this.starts) {
      this.lfOnly = !this.text.includes('\r');
      this.starts = lineStartsOf(this.text, this.lfOnly);
    }
    return this.starts;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const next = pos.line + 1 < this.lineStarts.length ? this.lineStarts[pos.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, pos.character), next);
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}

/** The number of `starts` at or before `o`. */
function upperBound(starts: Int32Array, o: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= o) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lineStartsOf(text: string, lfOnly: boolean): Int32Array {
  const starts = [0];
  if (lfOnly) {
    // The common case: only LF line ends, found by indexOf (much faster than a character loop).
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return Int32Array.from(starts);
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return Int32Array.from(starts);
}
