/**
 * The execution names a memory store holds, as a Bloom filter: it answers "certainly not held"
 * for a new execution's name without searching the store's map, and the store enters names in
 * its map only when a lookup needs them (store/memory-store.ts). In a map of tens of thousands of
 * executions a search that misses and an insertion each cost cache misses, together about a tenth
 * of a sequential in-memory execution on the engine bench; here a name costs a hash of its text and
 * four bits. No library: the filter is these few lines, sized to the names it holds.
 *
 * 64 bits per name and 4 probes: a name not held is taken for one held about once in 70,000
 * lookups (the store then searches its map, so an answer is never wrong, only slower).
 */

/** Bits per name held; the filter doubles before its names would take more. */
const BITS_PER_NAME = 64;
const PROBES = 4;
/** 32-bit words at first (32,768 bits: 512 names). */
const INITIAL_WORDS = 1024;

export class NameFilter {
  private words = new Int32Array(INITIAL_WORDS);
  private held = 0;

  /** Enters a name; `all` lists every name entered so far, for when the filter grows. */
  add(flowName: string, name: string, all: () => Iterable<{ flowName: string; name: string }>): void {
    if (++this.held * BITS_PER_NAME > this.words.length * 32) {
      this.words = new Int32Array(this.words.length * 2);
      for (const e of all()) this.set(e.flowName, e.name);
    }
    this.set(flowName, name);
  }

  /** False: the name was never entered. True: it may have been. */
  mayHold(flowName: string, name: string): boolean {
    const words = this.words;
    const mask = words.length * 32 - 1;
    const h1 = hash(flowName, name);
    const h2 = second(h1);
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + i * h2) & mask;
      if ((words[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  private set(flowName: string, name: string): void {
    const words = this.words;
    const mask = words.length * 32 - 1;
    const h1 = hash(flowName, name);
    const h2 = second(h1);
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + i * h2) & mask;
      words[bit >>> 5] |= 1 << (bit & 31);
    }
  }
}

/** FNV-1a over `<flowName>/<name>` (no joined text made). */
function hash(flowName: string, name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < flowName.length; i++) h = Math.imul(h ^ flowName.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0x2f, 0x01000193);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The step of the probes (odd, so they visit different bits), mixed from the first hash. */
function second(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) | 1;
}
