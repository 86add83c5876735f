/**
 * The did-you-mean's distance stops early once no name can come close enough (a rename in a
 * 5,000-state flow compares the old name with every state's): its suggestions must stay those of
 * the whole table, checked here against the plain table over random words. A list of names that
 * differs from the previous one in a few names answers from that one's answer
 * (fdl/rules/sequence-entries.ts `closestNameIn`): the same answer as ranking every name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closestMatch, editDistance } from '../../../fdl/schema/did-you-mean';
import { closestNameIn, firstIndex, firstIndexCounts } from '../../../fdl/rules/sequence-entries';
import { prng } from '../../engine/helpers';

/** The optimal string alignment distance, the whole table. */
function tableDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** The first candidate equal but for case, else the first nearest within a third of the word. */
function plainClosest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const same = candidates.find((c) => c.toLowerCase() === lower);
  if (same !== undefined) return same;
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const dist = tableDistance(lower, c.toLowerCase());
    if (dist <= limit && dist < bestDistance) [best, bestDistance] = [c, dist];
  }
  return best;
}

test('the distance and the suggestion equal the whole table over random words', () => {
  const rnd = prng(7);
  const word = () => Array.from({ length: Math.floor(rnd() * 10) }, () => 'abAB-x1'[Math.floor(rnd() * 7)]).join('');
  for (let t = 0; t < 20_000; t++) {
    const [a, b] = [word(), word()];
    assert.equal(editDistance(a, b), tableDistance(a, b), `${a} ~ ${b}`);
  }
  for (let t = 0; t < 5_000; t++) {
    const w = word();
    const candidates = Array.from({ length: Math.floor(rnd() * 12) }, word);
    assert.equal(closestMatch(w, candidates), plainClosest(w, candidates), `${w} among ${candidates.join(', ')}`);
  }
});

test('a misspelt name is matched among thousands of names', () => {
  const names = Array.from({ length: 5000 }, (_, i) => `state${i}`);
  names[4000] = 'validateOrder';
  assert.equal(closestMatch('valdiateOrdr', names), 'validateOrder');
  assert.equal(closestMatch('STATE17', names), 'state17');
  assert.equal(closestMatch('nothingLikeIt', names), undefined);
});

test("a name typed into a long list: each version's did-you-mean, answered from the version before and the names that changed, is the one ranked over every name", () => {
  const rnd = prng(99);
  const name = () => Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => 'abAB-x1'[Math.floor(rnd() * 7)]).join('');
  let answeredFromBefore = 0;
  for (let t = 0; t < 60; t++) {
    let list = Array.from({ length: 80 + Math.floor(rnd() * 40) }, () => ({ name: name() }));
    const words = Array.from({ length: 6 }, name);
    for (let v = 0; v < 25; v++) {
      // A few names changed (typed into, cleared, made another's), the list otherwise the same.
      const next = list.slice();
      for (let k = Math.floor(rnd() * 3); k >= 0; k--) {
        const i = Math.floor(rnd() * next.length);
        const r = rnd();
        next[i] = { name: r < 0.4 ? next[i].name + 'x' : r < 0.6 ? '' : r < 0.8 ? next[Math.floor(rnd() * next.length)].name : name() };
      }
      const takenOver = firstIndexCounts.takenOver;
      firstIndex(next);
      if (firstIndexCounts.takenOver > takenOver) answeredFromBefore++;
      for (const [wi, w] of words.entries()) {
        // Some words asked every other version only (a name typed, then deleted): answered from two versions back.
        if (wi % 2 === 1 && v % 2 === 1) continue;
        const want = closestMatch(w, [...new Set(next.map((e) => e.name).filter((n) => n !== ''))]);
        assert.equal(closestNameIn(next, w), want, `trial ${t}, version ${v}: ${w}`);
      }
      list = next;
    }
  }
  assert.ok(answeredFromBefore > 1000, `answered from the version before ${answeredFromBefore} times`);
});
