/**
 * Follows one execution's history live over a paged API (GetExecutionHistory with NextToken): every
 * event is reported once, in order, until the execution ends.
 *
 * Paging: while an answer carries a NextToken we read on at once. The last page has none, so the
 * next poll re-reads that page (from the token that led to it) and reports only events newer than
 * the last one seen — the cost per poll stays one page however long the history grows.
 * Polling backs off (doubling up to a ceiling) while nothing happens and returns to the fastest
 * rate when events arrive; consecutive errors back off the same way and give up after a few.
 */
import type { HistoryEvent } from '../../engine/index';

export interface HistoryPage {
  events: HistoryEvent[];
  nextToken?: string;
}

export interface HistoryFollowerOptions {
  fetchPage: (nextToken: string | undefined) => Promise<HistoryPage>;
  onEvent: (event: HistoryEvent) => void;
  /** Called once when the execution has ended, or following gave up (with the last error). */
  onEnd?: (error?: unknown) => void;
  minIntervalMs?: number;
  maxIntervalMs?: number;
  /** Consecutive failures tolerated before giving up. */
  maxErrors?: number;
  /** Events up to this id are already known to the caller: read past them, do not report them. */
  afterEventId?: number;
  /** While true (nobody is listening), polls are skipped and checked again at the slowest rate. */
  paused?: () => boolean;
}

const TERMINAL = /^Execution(Succeeded|Failed|Stopped|TimedOut)$/;

export class HistoryFollower {
  private lastEventId = 0;
  private pageToken: string | undefined;
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;
  private running = false;
  private interval: number;
  private errors = 0;

  constructor(private readonly o: HistoryFollowerOptions) {
    this.interval = o.minIntervalMs ?? 1000;
    this.lastEventId = o.afterEventId ?? 0;
  }

  start(): this {
    this.schedule(0);
    return this;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  get done(): boolean {
    return this.stopped;
  }

  /** Polls now (e.g. right after a report), without waiting for the next tick. */
  pollSoon(): void {
    if (this.stopped) return;
    this.interval = this.o.minIntervalMs ?? 1000;
    if (!this.running) this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll(), ms);
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.running) return;
    const min = this.o.minIntervalMs ?? 1000;
    const max = this.o.maxIntervalMs ?? 10_000;
    if (this.o.paused?.()) {
      this.schedule(max);
      return;
    }
    this.running = true;
    try {
      let fresh = 0;
      for (;;) {
        const page = await this.o.fetchPage(this.pageToken);
        if (this.stopped) return;
        this.errors = 0;
        for (const e of [...page.events].sort((a, b) => a.eventId - b.eventId)) {
          if (e.eventId <= this.lastEventId) continue;
          this.lastEventId = e.eventId;
          fresh++;
          this.o.onEvent(e);
          if (TERMINAL.test(e.type)) {
            this.stop();
            this.o.onEnd?.();
            return;
          }
        }
        if (!page.nextToken) break;
        this.pageToken = page.nextToken;
      }
      this.interval = fresh > 0 ? min : Math.min(max, this.interval * 2);
    } catch (e) {
      this.errors++;
      if (this.errors > (this.o.maxErrors ?? 5)) {
        this.stop();
        this.o.onEnd?.(e);
        return;
      }
      this.interval = Math.min(max, Math.max(min, this.interval * 2));
    } finally {
      this.running = false;
    }
    this.schedule(this.interval);
  }
}
