/**
 * Time as the engine sees it. Waits, retry back-off and timeouts all go through a Clock so tests
 * can use a fake one; `timeScale` (LocalBackend option) multiplies every flow duration
 * (1 = real time, 0 = instant) before it reaches the clock.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, however long (past Node's timer limit too); rejects with the signal's reason if aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Node's setTimeout fires at once past 2^31-1 ms (~24.8 days): longer sleeps are slept in pieces. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (ms <= 0) return void setImmediate(resolve);
      // However long the sleep (a flow timeoutSeconds, a wait, the one-year execution limit), it
      // ends after `ms`, never at the timer limit: each piece re-arms until nothing is left.
      let left = ms;
      let t: NodeJS.Timeout;
      const arm = () => {
        const piece = Math.min(left, MAX_TIMER_MS);
        left -= piece;
        t = setTimeout(left > 0 ? arm : done, piece);
      };
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        clearTimeout(t);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      arm();
    }),
};

/** A clock that moves only when told to; sleepers wake in due order as `advance` passes them. */
export class FakeClock implements Clock {
  private sleepers: { due: number; resolve: () => void }[] = [];

  constructor(private current = Date.UTC(2024, 0, 1)) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const entry = { due: this.current + Math.max(0, ms), resolve };
      if (ms <= 0) return void setImmediate(resolve);
      this.sleepers.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== entry);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Number of pending sleepers (tests wait until the engine is actually sleeping). */
  get pending(): number {
    return this.sleepers.length;
  }

  /** Moves time forward, waking each sleeper whose due time is reached (lets the engine run in between). */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      this.sleepers.sort((a, b) => a.due - b.due);
      const next = this.sleepers[0];
      if (!next || next.due > target) break;
      this.sleepers.shift();
      this.current = next.due;
      next.resolve();
      await new Promise((r) => setImmediate(r));
    }
    this.current = target;
  }
}

let lastMs = NaN;
let lastIso = '';

/** ISO 8601 text of an epoch-millisecond time; many events share a millisecond, so the last text is reused. */
export function isoTime(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}
