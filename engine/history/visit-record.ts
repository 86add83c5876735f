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

/** The phases of a visit, in the order its events come. */
export const ENTERED = 1;
export const STARTED = 2;
export const ENDED = 4;
export const EXITED = 8;
export type VisitPhase = typeof ENTERED | typeof STARTED | typeof ENDED | typeof EXITED;

export class VisitRecord {
  /** Set once a store has written or published the record: it takes no more events. */
  sealed = false;
  /** The phases held (ENTERED | STARTED | ENDED | EXITED); their events have ids firstId, firstId + 1, … in phase order. */
  phases = 0;
  /** The last phase held. */
  last = 0;
  count = 0;
  /** The entered event's detail, as the dialect built it. */
  entered: JsonObject | undefined = undefined;
  /** The started event's input and task token. */
  input: unknown = undefined;
  token: string | undefined = undefined;
  /** The end: its event type, and its output (succeeded) or error and cause. */
  endType: EventType | undefined = undefined;
  output: unknown = undefined;
  error: string | undefined = undefined;
  cause: string | undefined = undefined;
  /** The exited event's local. */
  local: unknown = undefined;

  constructor(
    readonly names: VisitEventNames,
    readonly firstId: number,
    /** The first event's scheduleEventId. */
    readonly sched: number | undefined,
    readonly stepName: string,
    /** The events' key prefix: event `type`'s key is `<at>|<type>`. */
    readonly at: string,
    readonly time: string,
  ) {}

  get lastId(): number {
    return this.firstId + this.count - 1;
  }

  /** Adds the event of `phase` (after the ones held): `a`, `b` are its detail's values (see Journal.visitEvent). */
  add(phase: VisitPhase, type: EventType, a: unknown, b: unknown): void {
    this.phases |= phase;
    this.last = phase;
    this.count++;
    if (phase === ENTERED) this.entered = a as JsonObject;
    else if (phase === STARTED) {
      this.input = a;
      this.token = b as string | undefined;
    } else if (phase === ENDED) {
      this.endType = type;
      if (type === this.names.succeeded) this.output = a;
      else {
        this.error = a as string;
        this.cause = b as string;
      }
    } else this.local = a;
  }
}

/** An entry of a history as a store keeps it: an event, or a visit's events as one record. */
export type HistoryEntry = AnyStoredEvent | VisitRecord;

/** The record's events, as they would have been recorded one by one, appended to `out`. */
export function visitEvents(r: VisitRecord, out: AnyStoredEvent[]): void {
  let id = r.firstId;
  let sched = r.sched;
  const push = (type: EventType, detail: unknown) => {
    // The shape the journal gives every event (absent fields undefined).
    out.push({ eventId: id, scheduleEventId: sched, type, stepName: r.stepName, time: r.time, key: `${r.at}|${type}`, detail } as AnyStoredEvent);
    sched = id++;
  };
  const { names } = r;
  if (r.phases & ENTERED) push(names.entered, r.entered);
  if (r.phases & STARTED) push(names.started, r.token ? { input: r.input, taskToken: r.token } : { input: r.input });
  if (r.phases & ENDED) push(r.endType!, r.endType === names.succeeded ? { output: r.output } : { error: r.error, cause: r.cause });
  if (r.phases & EXITED) push(names.exited!, { local: r.local });
}

/** The events of a history kept as entries (a new array). */
export function expandHistory(entries: readonly HistoryEntry[]): AnyStoredEvent[] {
  const out: AnyStoredEvent[] = [];
  for (const e of entries) {
    if (e instanceof VisitRecord) visitEvents(e, out);
    else out.push(e);
  }
  return out;
}
