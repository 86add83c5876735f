/**
 * The execution names a memory store holds, as a Bloom filter: it answers "certainly not held"
 * for a new execution's name without searching the store's map, and the store enters names in
 * its map only when a lookup needs them (store/memory-store.ts). In a map of tens of thousands of
 * executions a search that misses and an insertion each cost cache misses, together about a tenth
 * of a sequential in-memory execution on the engine bench; here a name costs a hash of its text and
 * four bits. No library: the filter is these few lines, sized to the names it holds.
 *
 * Blocked: a name's 4 bits are in one block of 256 bits (one cache line read per name, not four),
 * 128 bits per name: a name not held is taken for one held about once in a million lookups (the
 * store then enters its names in its map and searches it, so an answer is never wrong).
 */

/** Bits per name held; the filter doubles before its names would take more. */
const BITS_PER_NAME = 128;
const PROBES = 4;
/** 32-bit words per block (256 bits). */
const BLOCK_WORDS = 8;
/** 32-bit words at first (32,768 bits: 256 names). */
const INITIAL_WORDS = 1024;

export class NameFilter {
  private words = new Int32Array(INITIAL_WORDS);
  private held = 0;

  /** Enters a name; `all` lists every name entered so far, for when the filter grows. */
  add(flowName: string, name: string, all: () => Iterable<{ flowName: string; executionName: string }>): void {
    if (++this.held * BITS_PER_NAME > this.words.length * 32) {
      this.words = new Int32Array(this.words.length * 2);
      for (const e of all()) this.set(e.flowName, e.executionName);
    }
    this.set(flowName, name);
  }

  /** False: the name was never entered. True: it may have been. */
  mayHold(flowName: string, name: string): boolean {
    const words = this.words;
    const h1 = hash(flowName, name);
    // The block: h1's low bits; the 4 bits in it: the 4 bytes of a second hash.
    const block = (h1 & (words.length / BLOCK_WORDS - 1)) * BLOCK_WORDS;
    const h2 = second(h1);
    for (let i = 0; i < PROBES; i++) {
      const bit = (h2 >>> (i * 8)) & 255;
      if ((words[block + (bit >>> 5)] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  private set(flowName: string, name: string): void {
    const words = this.words;
    const h1 = hash(flowName, name);
    const block = (h1 & (words.length / BLOCK_WORDS - 1)) * BLOCK_WORDS;
    const h2 = second(h1);
    for (let i = 0; i < PROBES; i++) {
      const bit = (h2 >>> (i * 8)) & 255;
      words[block + (bit >>> 5)] |= 1 << (bit & 31);
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

/** A second hash, mixed from the first (its bits independent of the block's). */
function second(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return h ^ (h >>> 16);
}
