/** "Did you mean …?" for misspelt keys and enum values: the closest candidate by edit distance. */

/** Optimal string alignment distance (Levenshtein plus adjacent transposition), case-sensitive. */
export function editDistance(a: string, b: string): number {
  return editDistanceWithin(a, b, Math.max(a.length, b.length));
}

/** Rows of the distance table, reused: a did-you-mean over thousands of names allocates nothing per name. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * `editDistance(a, b)` when it is at most `max`, else a number above `max`: the table stops at the
 * first row whose every cell is over `max` (a cell never gets smaller further down), which is the
 * second or third row for most names of a long list.
 */
function editDistanceWithin(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > max) return max + 1;
  if (m === 0) return n;
  if (n === 0) return m;
  if (rows[0].length < n + 1) rows = [new Int32Array(2 * n + 2), new Int32Array(2 * n + 2), new Int32Array(2 * n + 2)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let least = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < least) least = v;
    }
    // A transposition reads two rows up, so stop only when the row above is over `max` too.
    if (least > max && minOf(prev, n) > max) return max + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[n];
}

function minOf(row: Int32Array, n: number): number {
  let least = row[0];
  for (let j = 1; j <= n; j++) if (row[j] < least) least = row[j];
  return least;
}

/**
 * The candidate a person most likely meant, or undefined when nothing is close enough.
 * A case-only difference always wins; otherwise up to a third of the word may be wrong.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const other = c.toLowerCase();
    // The first case-only difference wins outright.
    if (other === lower) return c;
    if (best !== undefined && bestDistance === 1) continue;
    // Only a candidate nearer than the best so far counts (the first of equals is kept).
    const dist = editDistanceWithin(lower, other, bestDistance - 1);
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}
