/**
 * Time as the engine sees it: one Clock per backend. Waits, retry back-off, task and flow
 * timeouts, mock delays and every history event's time go through it, all counted in flow
 * milliseconds. `timeScale` (LocalBackend option) picks the clock: 1 is the base clock itself
 * (real time, or a FakeClock in tests); any other scale is a VirtualClock over it (SEMANTICS.md
 * "Time" says how time skips at scale 0).
 */
export interface SleepOptions {
  /** false: this sleep alone does not keep the process alive (a mocked callback's report). Default true. */
  keepAlive?: boolean;
}

export interface Clock {
  now(): number;
  /** Resolves after `ms`, however long (past Node's timer limit too); rejects with the signal's reason if aborted first. */
  sleep(ms: number, signal?: AbortSignalLike, options?: SleepOptions): Promise<void>;
  /**
   * Says that work outside the engine is in flight (a function invoked, a report awaited from
   * outside): until the returned release is called, a skipping clock lets real time pass instead
   * of jumping to its next timer. A no-op on clocks that never skip.
   */
  hold(): () => void;
  /**
   * Calls `fn` after `ms` (however long) unless cancelled first: a timer without a promise, for
   * one that is nearly always cancelled (an execution's deadline). Counted as sleep counts.
   */
  after(ms: number, fn: () => void): Cancel;
}

/** Cancels a timer set with Clock.after (a no-op once it fired). */
export interface Cancel {
  cancel(): void;
}

/** What sleep needs of a signal: an AbortSignal or the engine's own EngineSignal. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', fn: () => void, opts?: { once?: boolean }): void;
  removeEventListener(type: 'abort', fn: () => void): void;
}

/** Node's setTimeout fires at once past 2^31-1 ms (~24.8 days): longer sleeps are slept in pieces. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const noHold = () => () => {};

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal, options) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (ms <= 0) return void setImmediate(resolve);
      const keepAlive = options?.keepAlive !== false;
      // However long the sleep (a flow timeoutSeconds, a wait, the one-year execution limit), it
      // ends after `ms`, never at the timer limit: each piece re-arms until nothing is left.
      let left = ms;
      let t: NodeJS.Timeout;
      const arm = () => {
        const piece = Math.min(left, MAX_TIMER_MS);
        left -= piece;
        t = setTimeout(left > 0 ? arm : done, piece);
        if (!keepAlive) t.unref();
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
  hold: noHold,
  after(ms, fn) {
    // As sleep: in pieces past the timer limit.
    let left = Math.max(0, ms);
    let t: NodeJS.Timeout;
    const arm = () => {
      const piece = Math.min(left, MAX_TIMER_MS);
      left -= piece;
      t = setTimeout(left > 0 ? arm : fn, piece);
    };
    arm();
    return { cancel: () => clearTimeout(t) };
  },
};

/** A clock that moves only when told to; sleepers wake in due order as `advance` passes them. */
export class FakeClock implements Clock {
  private sleepers: { due: number; resolve: () => void }[] = [];

  constructor(private current = Date.UTC(2024, 0, 1)) {}

  now(): number {
    return this.current;
  }

  hold(): () => void {
    return () => {};
  }

  sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
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

  after(ms: number, fn: () => void): Cancel {
    if (ms <= 0) {
      const i = setImmediate(fn);
      return { cancel: () => clearImmediate(i) };
    }
    const entry = { due: this.current + Math.max(0, ms), resolve: fn };
    this.sleepers.push(entry);
    return { cancel: () => void (this.sleepers = this.sleepers.filter((s) => s !== entry)) };
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
