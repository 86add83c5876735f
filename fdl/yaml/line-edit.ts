/**
 * The whole lines that differ between two versions of a text: what an editor changed, found from
 * the texts alone (completion reuses a parse across it, server/parse-reuse.ts; an edit re-reads
 * only the sequence items it touched, sequence-blocks.ts), or from the changes the editor says it
 * made (`lineEditOfChanges`), which spares comparing two whole texts on every keystroke.
 */
import { lineStartAt } from '../navigation/yaml-lines';

/**
 * `[start, oldEnd)` in the old text became `[start, newEnd)` in the new one; everything before
 * `start` and from `oldEnd` / `newEnd` on is the same text.
 */
export interface LineEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

const CHUNK = 1024;

/**
 * One change as an editor sends it, in offsets of the text it applies to (the text as the changes
 * before it in the same list left it): `[start, end)` replaced by `length` characters.
 */
export interface TextChange {
  start: number;
  end: number;
  length: number;
}

/**
 * The whole lines `changes`, applied in turn to `before`, replaced to make `after`; undefined when
 * they cannot have made it (their lengths do not add up, or one lies outside its text): the caller
 * compares the texts instead. It may span more lines than `lineEditBetween` finds (a change
 * replacing text by the same text), never fewer.
 */
export function lineEditOfChanges(before: string, after: string, changes: readonly TextChange[]): LineEdit | undefined {
  if (changes.length === 0) return before === after ? undefined : lineEditBetween(before, after);
  // The region changed so far, in the text before (`start`, `oldEnd`) and in the text now (`start`,
  // `newEnd`): outside it the two are the same text.
  let start = Infinity;
  let oldEnd = 0;
  let newEnd = 0;
  let length = before.length;
  for (const c of changes) {
    if (!(c.start >= 0 && c.start <= c.end && c.end <= length && c.length >= 0)) return undefined;
    if (start === Infinity) {
      start = c.start;
      oldEnd = c.end;
      newEnd = c.start + c.length;
    } else {
      // The union of the region and the change, read back into the text before through what follows both.
      const end = Math.max(newEnd, c.end);
      start = Math.min(start, c.start);
      oldEnd = end - (newEnd - oldEnd);
      newEnd = end + c.length - (c.end - c.start);
    }
    length += c.length - (c.end - c.start);
  }
  if (length !== after.length) return undefined;
  return wholeLines(before, after, lineStartAt(before, start), oldEnd, newEnd);
}

/**
 * `[start, oldEnd)` of `before` and `[start, newEnd)` of `after`, the same text after them and
 * `start` a line start, widened to whole lines.
 */
function wholeLines(before: string, after: string, start: number, oldEnd: number, newEnd: number): LineEdit {
  // Both ends stand at the start of the same common suffix, so moving one to the next line start
  // moves the other alike.
  const atLineStart = (t: string, o: number) => o === start || t.charCodeAt(o - 1) === 10;
  if (!atLineStart(before, oldEnd) || !atLineStart(after, newEnd)) {
    const nl = after.indexOf('\n', newEnd);
    const widen = nl < 0 ? after.length - newEnd : nl + 1 - newEnd;
    oldEnd += widen;
    newEnd += widen;
  }
  return { start, oldEnd, newEnd };
}

/** The lines that differ between `before` and `after`; undefined when the texts are equal. */
export function lineEditBetween(before: string, after: string): LineEdit | undefined {
  if (before === after) return undefined;
  const n = Math.min(before.length, after.length);
  // Chunked comparison first: substring equality runs at memory speed, a character loop does not.
  let p = 0;
  while (p + CHUNK <= n && before.substring(p, p + CHUNK) === after.substring(p, p + CHUNK)) p += CHUNK;
  while (p < n && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  // The changed lines start at the line of the first difference; the common suffix may then reach
  // back into that line, so an inserted line is found as itself, not as the line below it.
  const start = lineStartAt(before, p);
  let s = 0;
  const room = n - start;
  while (s + CHUNK <= room && before.substring(before.length - s - CHUNK, before.length - s) === after.substring(after.length - s - CHUNK, after.length - s)) s += CHUNK;
  while (s < room && before.charCodeAt(before.length - s - 1) === after.charCodeAt(after.length - s - 1)) s++;
  return wholeLines(before, after, start, before.length - s, after.length - s);
}
