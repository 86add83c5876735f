/**
 * The engine's clock at any time scale but 1: flow time on top of a base clock (real time, or a
 * FakeClock in tests). At scale s > 0 flow time runs 1/s times as fast as the base. At scale 0 it
 * runs with the base and, whenever nothing else can run, skips ahead to the next due sleeper, like
 * a time-skipping test server: waits, retry intervals, timeouts and mock delays keep their order
 * and their lengths in the history, and the run still ends at once. SEMANTICS.md "Time" has the rule.
 */
import type { AbortSignalLike, Cancel, Clock, SleepOptions } from './clock';

interface Sleeper {
  due: number;
  seq: number;
  keepAlive: boolean;
  live: boolean;
  wake: () => void;
}

/**
 * Turns of the event loop in a row in which nothing used the clock (no event time read, no sleep,
 * no hold) before time may skip. Microtasks run out before each turn, so a quiet turn means that
 * what ran before it is waiting; a second one covers work queued behind the first check with
 * setImmediate (the scheduler's yield, a mock's immediate report, the store's flush).
 */
const QUIET_TURNS = 2;

export class VirtualClock implements Clock {
  /** Flow milliseconds per base millisecond. */
  private readonly speed: number;
  private anchorFlow: number;
  private anchorBase: number;
  private last: number;
  private readonly heap: Sleeper[] = [];
  private seq = 0;
  private live = 0;
  private keepAlive = 0;
  private holds = 0;
  /** Bumped by every use of the clock: how settle() tells a quiet turn from a busy one. */
  private activity = 0;
  private settling = false;
  private baseTimer?: { ac: AbortController; due: number; keepAlive: boolean };

  constructor(
    readonly scale: number,
    private readonly base: Clock,
  ) {
    if (!(scale >= 0) || !Number.isFinite(scale)) throw new RangeError(`time scale must be a finite number ≥ 0, got ${scale}`);
    this.speed = scale > 0 ? 1 / scale : 1;
    this.anchorBase = base.now();
    this.anchorFlow = this.anchorBase;
    this.last = this.anchorFlow;
  }

  now(): number {
    this.activity++;
    return this.read();
  }

  /** Sleepers not yet woken or aborted (tests). */
  get pending(): number {
    return this.live;
  }

  sleep(ms: number, signal?: AbortSignalLike, options?: SleepOptions): Promise<void> {
    this.activity++;
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (!(ms > 0)) return void setImmediate(resolve);
      const s: Sleeper = { due: this.read() + ms, seq: this.seq++, keepAlive: options?.keepAlive !== false, live: true, wake: resolve };
      if (signal) {
        const onAbort = () => {
          if (!s.live) return;
          this.drop(s);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        s.wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
      }
      this.push(s);
      this.reschedule();
    });
  }

  /** A sleeper that calls `fn`: no promise, no abort listener; the sleeper is its own handle. */
  after(ms: number, fn: () => void): Cancel {
    this.activity++;
    // As sleep: one due now fires on the next turn.
    if (!(ms > 0)) return immediately(fn);
    const s = new TimerSleeper(this.read() + Math.max(0, ms), this.seq++, fn, this);
    this.push(s);
    this.reschedule();
    return s;
  }

  /** A cancelled `after` timer (virtual-clock's TimerSleeper). */
  cancelTimer(s: Sleeper): void {
    if (s.live) this.drop(s);
  }

  hold(): () => void {
    this.activity++;
    if (++this.holds === 1) this.reschedule();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.activity++;
      if (--this.holds === 0) this.reschedule();
    };
  }

  /** Flow time now, never earlier than a time already handed out (the base may step back). */
  private read(): number {
    const t = Math.floor(this.anchorFlow + (this.base.now() - this.anchorBase) * this.speed);
    if (t > this.last) this.last = t;
    return this.last;
  }

  /** What wakes the next sleeper: the settle loop (scale 0, nothing held) or one base timer. */
  private reschedule(): void {
    const next = this.peek();
    if (!next || (this.scale === 0 && this.holds === 0)) {
      this.disarm();
      if (next) this.settle();
      return;
    }
    const keepAlive = this.keepAlive > 0;
    const armed = this.baseTimer;
    if (armed && armed.due === next.due && armed.keepAlive === keepAlive) return;
    this.disarm();
    const timer = { ac: new AbortController(), due: next.due, keepAlive };
    this.baseTimer = timer;
    const baseMs = Math.max(0, (next.due - this.read()) / this.speed);
    this.base.sleep(baseMs, timer.ac.signal, { keepAlive }).then(
      () => {
        if (this.baseTimer !== timer) return;
        this.baseTimer = undefined;
        this.wakeUntil(timer.due);
      },
      () => {},
    );
  }

  private disarm(): void {
    this.baseTimer?.ac.abort();
    this.baseTimer = undefined;
  }

  /** Scale 0, nothing held: once the engine has gone quiet, time skips to the next due sleeper. */
  private settle(): void {
    if (this.settling) return;
    this.settling = true;
    let seen = this.activity;
    let quiet = 0;
    const check = () => {
      if (this.holds > 0 || !this.peek()) {
        this.settling = false;
        return;
      }
      if (this.activity !== seen) {
        seen = this.activity;
        quiet = 0;
      } else if (++quiet >= QUIET_TURNS) {
        this.settling = false;
        this.wakeUntil(this.peek()!.due);
        return;
      }
      setImmediate(check);
    };
    setImmediate(check);
  }

  /** Moves flow time to `due` at least and wakes, in due order, every sleeper due by then. */
  private wakeUntil(due: number): void {
    if (this.read() < due) {
      this.anchorFlow = due;
      this.anchorBase = this.base.now();
      this.last = due;
    }
    this.activity++;
    const now = this.last;
    for (let s = this.peek(); s && s.due <= now; s = this.peek()) {
      this.pop();
      this.forget(s);
      s.wake();
    }
    this.reschedule();
  }

  private forget(s: Sleeper): void {
    s.live = false;
    this.live--;
    if (s.keepAlive) this.keepAlive--;
  }

  private drop(s: Sleeper): void {
    this.activity++;
    this.forget(s);
    this.reschedule();
  }

  // A binary min-heap on (due, seq); aborted sleepers are dropped lazily when they reach the top.
  private push(s: Sleeper): void {
    this.live++;
    if (s.keepAlive) this.keepAlive++;
    const h = this.heap;
    h.push(s);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private peek(): Sleeper | undefined {
    while (this.heap.length > 0 && !this.heap[0].live) this.pop();
    return this.heap[0];
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l], h[m])) m = l;
      if (r < h.length && before(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}

class TimerSleeper implements Sleeper, Cancel {
  keepAlive = true;
  live = true;
  constructor(
    readonly due: number,
    readonly seq: number,
    readonly wake: () => void,
    private readonly clock: VirtualClock,
  ) {}

  cancel(): void {
    this.clock.cancelTimer(this);
  }
}

/** A timer due now: fires on the next turn of the event loop. */
export function immediately(fn: () => void): Cancel {
  const i = setImmediate(fn);
  return { cancel: () => clearImmediate(i) };
}

function before(a: Sleeper, b: Sleeper): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

/** The clock an engine at `scale` runs on: the base itself at 1, else flow time over it. */
export function engineClock(scale: number, base: Clock): Clock {
  return scale === 1 ? base : new VirtualClock(scale, base);
}

/**
 * The same clock read `lead` ms ahead: for an execution resumed from a history recorded ahead of
 * this process's clock (time skipped in an earlier process), so its events stay in order and its
 * timers keep the time they had left.
 */
export function clockAhead(clock: Clock, lead: number): Clock {
  return {
    now: () => clock.now() + lead,
    sleep: (ms, signal, options) => clock.sleep(ms, signal, options),
    hold: () => clock.hold(),
    after: (ms, fn) => clock.after(ms, fn),
  };
}
