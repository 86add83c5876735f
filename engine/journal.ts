/**
 * The journal every side effect goes through. The interpreter is deterministic: given the same
 * history it asks for the same facts under the same keys. `record` appends a fact (durably, before
 * returning) unless the history already holds one under that key, in which case it returns the
 * recorded event and appends nothing. That is all replay is: run the flow again from the start;
 * completed steps find their results here and never run again.
 */
import type { Clock } from './clock';
import type { AnyStoredEvent, EventDetails, EventType, StoredEvent } from './history/events';

export class Journal {
  private byKey = new Map<string, AnyStoredEvent>();
  private nextId: number;
  private lastNow = NaN;
  private lastIso = '';
  /** Set once the execution has ended: late facts from work still winding down are dropped. */
  closed = false;

  constructor(
    history: readonly AnyStoredEvent[],
    private readonly sink: (e: AnyStoredEvent) => void,
    private readonly clock: Clock,
  ) {
    for (const e of history) this.byKey.set(e.key, e);
    this.nextId = history.reduce((m, e) => Math.max(m, e.eventId), 0) + 1;
  }

  find<T extends EventType>(key: string): StoredEvent<T> | undefined {
    return this.byKey.get(key) as StoredEvent<T> | undefined;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  record<T extends EventType>(type: T, key: string, detail: EventDetails[T], opts: { stepName?: string; scheduleEventId?: number } = {}): StoredEvent<T> {
    const existing = this.byKey.get(key);
    if (existing) return existing as StoredEvent<T>;
    if (this.closed) return { eventId: 0, type, key, time: this.isoNow(), detail } as StoredEvent<T>;
    // One object shape for every event (absent fields are undefined; JSON leaves them out).
    const event = {
      eventId: this.nextId++,
      scheduleEventId: opts.scheduleEventId,
      type,
      stepName: opts.stepName,
      time: this.isoNow(),
      key,
      detail,
    } as StoredEvent<T>;
    this.sink(event as AnyStoredEvent);
    this.byKey.set(key, event as AnyStoredEvent);
    return event;
  }

  /** The clock's time as ISO 8601; many events share a millisecond, so the text is reused. */
  private isoNow(): string {
    const now = this.clock.now();
    if (now !== this.lastNow) {
      this.lastNow = now;
      this.lastIso = new Date(now).toISOString();
    }
    return this.lastIso;
  }
}
