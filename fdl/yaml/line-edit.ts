/**
 * The whole lines that differ between two versions of a text: what an editor changed, found from
 * the texts alone (completion reuses a parse across it, server/parse-reuse.ts; an edit re-reads
 * only the sequence items it touched, sequence-blocks.ts).
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
  let oldEnd = before.length - s;
  let newEnd = after.length - s;
  // Widen to whole lines. Both ends stand at the start of the same common suffix, so moving one
  // to the next line start moves the other alike.
  const atLineStart = (t: string, o: number) => o === start || t.charCodeAt(o - 1) === 10;
  if (!atLineStart(before, oldEnd) || !atLineStart(after, newEnd)) {
    const nl = after.indexOf('\n', newEnd);
    const widen = nl < 0 ? after.length - newEnd : nl + 1 - newEnd;
    oldEnd += widen;
    newEnd += widen;
  }
  return { start, oldEnd, newEnd };
}
