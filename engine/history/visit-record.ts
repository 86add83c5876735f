/**
 * A state visit's events kept as one record (issue 16): the journal (run/journal.ts) hands the
 * stores one object per run of a visit's consecutive events instead of four event objects, four
 * detail objects and four keys, and every reader gets the service's events back from it
 * (`expandHistory`), the same as if they had been kept one by one (test/engine/history-goldens).
 *
 * A record holds a run of one visit's events that follow each other: consecutive ids, each but the
 * first linked to the one before (scheduleEventId), one time, one key prefix (`<at>`, the key
 * being `<at>|<type>`), in the order entered, started, its end (succeeded, failed, timed out or
 * aborted), exited. A pass visit is one record; a task visit two (entered and started; its end and
 * exit), its task events between them. A store that writes or publishes a record seals it: later
 * events of the visit then go in a record of their own.
 */
import type { AnyStoredEvent, EventType, JsonObject } from './events';

/** A dialect's visit event names (run/dialects/dialect.ts `DialectRuntime.events`). */
export interface VisitEventNames {
  readonly entered: EventType;
  readonly started: EventType;
  readonly succeeded: EventType;
  readonly exited?: EventType;
}

/**
 * Set (true) on a store's appender that needs no second hand-over of a record it holds when the
 * record grows: it reads the record's events (and its last id) when asked. The journal then hands
 * a record over once, when made.
 */
export const TAKES_RECORDS_ONCE = Symbol('takes visit records once');

/** The phases of a visit, in the order its events come. */
export const ENTERED = 1;
export const STARTED = 2;
export const ENDED = 4;
export const EXITED = 8;
export type VisitPhase = typeof ENTERED | typeof STARTED | typeof ENDED | typeof EXITED;

/** Set in `phases` once a store has written or published the record: it takes no more events. */
const SEALED = 16;
/** `phases` holds the visit number above its flags: `visitNo * VISIT_UNIT + flags` (a member fewer per record). */
const VISIT_UNIT = 32;
/** How many phases the flags `0 … 15` hold. */
const PHASE_COUNT: readonly number[] = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

/** A visit's key: `<scopeKey>/<stepName>#<visitNo>` (run/scheduler.ts). */
export function visitKey(scopeKey: string, stepName: string, visitNo: number): string {
  return `${scopeKey}/${stepName}#${visitNo}`;
}

/**
 * Kept small (it is what a store holds per visit): the key is kept as its parts, and what only a
 * task or a failure has (a token, a failure's type and cause) in `more`.
 */
export class VisitRecord {
  /**
   * The phases held (ENTERED | STARTED | ENDED | EXITED, and SEALED) in the low bits, their events
   * with ids firstId, firstId + 1, … in phase order; above them the visit number (`visitNo`).
   * Read the flags with `& 31` (exact for any integer a double holds); set them by addition.
   */
  phases: number;
  /** The entered event's detail, as the dialect built it. */
  entered: JsonObject | undefined = undefined;
  /** The started event's input. */
  input: unknown = undefined;
  /** The succeeded event's output, or the error of a failed end. */
  output: unknown = undefined;
  /** The exited event's local. */
  local: unknown = undefined;
  more: { token?: string; endType?: EventType; cause?: string } | undefined = undefined;

  constructor(
    readonly names: VisitEventNames,
    readonly firstId: number,
    /** The first event's scheduleEventId. */
    readonly sched: number | undefined,
    readonly stepName: string,
    readonly scopeKey: string,
    visitNo: number,
    readonly time: string,
  ) {
    this.phases = visitNo * VISIT_UNIT;
  }

  get visitNo(): number {
    return Math.floor(this.phases / VISIT_UNIT);
  }

  /** The id of the last event held (one id per phase held, from firstId on). */
  get lastId(): number {
    return this.firstId - 1 + PHASE_COUNT[this.phases & 15];
  }

  /** The events' key prefix: event `type`'s key is `<at>|<type>`. */
  get at(): string {
    return visitKey(this.scopeKey, this.stepName, this.visitNo);
  }

  get sealed(): boolean {
    return (this.phases & SEALED) !== 0;
  }

  seal(): void {
    if (!this.sealed) this.phases += SEALED;
  }

  /** The last phase held. */
  get last(): number {
    const p = this.phases & 15;
    return p >= EXITED ? EXITED : p >= ENDED ? ENDED : p >= STARTED ? STARTED : p;
  }

  get token(): string | undefined {
    return this.more?.token;
  }

  /** The end's event type. */
  get endType(): EventType | undefined {
    return this.phases & ENDED ? (this.more?.endType ?? this.names.succeeded) : undefined;
  }

  /** Adds the event of `phase` (after the ones held): `a`, `b` are its detail's values (see Journal.visitEvent). */
  add(phase: VisitPhase, type: EventType, a: unknown, b: unknown): void {
    // A phase comes once per record, after those held (Journal.visitEvent): its flag is not set yet.
    this.phases += phase;
    if (phase === ENTERED) this.entered = a as JsonObject;
    else if (phase === STARTED) {
      this.input = a;
      if (b !== undefined) (this.more ??= {}).token = b as string;
    } else if (phase === ENDED) {
      this.output = a;
      if (type !== this.names.succeeded) {
        const more = (this.more ??= {});
        more.endType = type;
        more.cause = b as string;
      }
    } else this.local = a;
  }
}

/**
 * A structural event (a branch's or an iteration's, a visit's event recorded on its own) as the
 * journal hands it over: its key kept as the prefix it was recorded under (`<at>|<type>`), not
 * joined into one more string per event; readers get it as a plain event (expandHistory).
 */
export class KeyedEvent {
  constructor(
    readonly eventId: number,
    readonly scheduleEventId: number | undefined,
    readonly type: EventType,
    readonly stepName: string | undefined,
    readonly time: string,
    readonly at: string,
    readonly detail: unknown,
  ) {}

  get key(): string {
    return `${this.at}|${this.type}`;
  }

  /** As the journal recorded it (the same members, in the same order). */
  plain(): AnyStoredEvent {
    const { eventId, scheduleEventId, type, stepName, time, detail } = this;
    return { eventId, scheduleEventId, type, stepName, time, key: this.key, detail } as AnyStoredEvent;
  }
}

/** An entry of a history as a store keeps it: an event, or a visit's events as one record. */
export type HistoryEntry = AnyStoredEvent | VisitRecord | KeyedEvent;

/** The record's events, as they would have been recorded one by one, appended to `out`. */
export function visitEvents(r: VisitRecord, out: AnyStoredEvent[]): void {
  let id = r.firstId;
  let sched = r.sched;
  const at = r.at;
  eachVisitEvent(r, (type, detail) => {
    // The shape the journal gives every event (absent fields undefined).
    out.push({ eventId: id, scheduleEventId: sched, type, stepName: r.stepName, time: r.time, key: `${at}|${type}`, detail } as AnyStoredEvent);
    sched = id++;
  });
}

/**
 * The type and detail of each event the record holds, in order (their ids firstId, firstId + 1, …,
 * each scheduled by the one before): the one mapping from a record to its events, for readers
 * (visitEvents) and for the log's writer of a visit that goes event by event (store/log-lines.ts).
 */
export function eachVisitEvent(r: VisitRecord, each: (type: EventType, detail: unknown) => void): void {
  const { names } = r;
  const phases = r.phases & 15;
  if (phases & ENTERED) each(names.entered, r.entered);
  if (phases & STARTED) each(names.started, r.token ? { input: r.input, taskToken: r.token } : { input: r.input });
  if (phases & ENDED) {
    const type = r.endType!;
    each(type, type === names.succeeded ? { output: r.output } : { error: r.output, cause: r.more?.cause });
  }
  if (phases & EXITED) each(names.exited!, { local: r.local });
}

/** The events of a history kept as entries (a new array). */
export function expandHistory(entries: readonly HistoryEntry[]): AnyStoredEvent[] {
  const out: AnyStoredEvent[] = [];
  for (const e of entries) {
    if (e instanceof VisitRecord) visitEvents(e, out);
    else if (e instanceof KeyedEvent) out.push(e.plain());
    else out.push(e);
  }
  return out;
}
