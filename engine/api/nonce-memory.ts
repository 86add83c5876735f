/**
 * The SignatureNonces the local API has accepted, so a captured request cannot be replayed.
 *
 * A request is accepted while its Timestamp is within ±15 minutes of now, so a nonce must be
 * remembered for 30 minutes after it was received (its Timestamp may lie 15 minutes ahead); the
 * gateway keeps them 31 minutes, and so do we. Nonces are kept in a Map in the order they were
 * received, which is also the order they expire in: each request drops the expired ones from the
 * front, O(1) amortised, and the memory never holds more than the window's requests.
 * Times are read from a clock that never goes back (a wall-clock step back would otherwise make
 * the order lie).
 */
export const NONCE_MEMORY_MS = 31 * 60 * 1000;

export class NonceMemory {
  private readonly seen = new Map<string, number>();
  private last = -Infinity;

  constructor(
    private readonly windowMs = NONCE_MEMORY_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Remembers `nonce`; false if it was already used within the window. */
  use(nonce: string): boolean {
    const now = (this.last = Math.max(this.last, this.now()));
    for (const [n, at] of this.seen) {
      if (now - at <= this.windowMs) break;
      this.seen.delete(n);
    }
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, now);
    return true;
  }

  /** How many nonces are remembered. */
  get size(): number {
    return this.seen.size;
  }
}
