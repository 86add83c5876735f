/**
 * A finished visit record kept in a few slots of a store's log array instead of as an object
 * (the memory store's form: store/memory-store.ts). A history's visits are most of what an
 * in-memory store keeps, and the garbage collector copies and scans what is kept: four slots of
 * an array that holds the whole history cost it far less than one object of a dozen members per
 * visit (on the engine bench's 100-step pass chain in memory, a sixth to a quarter less CPU time).
 *
 * The four slots: a number (`visitNo * 16 + phases`; the only numbers in such a log, so a reader
 * knows a visit from an event by it), the state's name, the first event's id, and a VisitShape
 * with everything else. Consecutive visits of a scope that carry the same data (a chain of pass
 * states) share one shape: it is made only when a value differs from the last shape made.
 * Readers get the record's events back, the same ones (visitEvents).
 */
import type { AnyStoredEvent } from './events';
import { KeyedEvent, visitEvents, VisitRecord, type HistoryEntry, type VisitEventNames } from './visit-record';

/** Slots a compacted visit takes in a log. */
export const VISIT_SLOTS = 4;

/** The phase flags `phases & 15` of a record (no sealed flag: a compacted visit is final). */
const PHASE_UNIT = 16;

/** What a visit has besides its phases, visit number, name and first id; shared by visits alike. */
class VisitShape {
  constructor(
    readonly names: VisitEventNames,
    readonly scopeKey: string,
    readonly time: string,
    /** firstId − scheduleEventId of the first event (undefined: it has none): 1 in a chain of visits. */
    readonly schedDelta: number | undefined,
    readonly entered: VisitRecord['entered'],
    readonly input: unknown,
    readonly output: unknown,
    readonly local: unknown,
    readonly more: VisitRecord['more'],
  ) {}
}

/** The last shape made (by any store): the next visit alike takes it again. */
let lastShape: VisitShape | undefined;

function shapeOf(r: VisitRecord): VisitShape {
  const delta = r.sched === undefined ? undefined : r.firstId - r.sched;
  const s = lastShape;
  if (
    s !== undefined &&
    s.names === r.names &&
    s.scopeKey === r.scopeKey &&
    s.time === r.time &&
    s.schedDelta === delta &&
    s.entered === r.entered &&
    s.input === r.input &&
    s.output === r.output &&
    s.local === r.local &&
    s.more === r.more
  )
    return s;
  return (lastShape = new VisitShape(r.names, r.scopeKey, r.time, delta, r.entered, r.input, r.output, r.local, r.more));
}

/**
 * Writes the finished record `r`, which is `log[at]`, as VISIT_SLOTS slots from `at` on (the
 * log's last entry: the slots after it are appended).
 */
export function compactLast(log: unknown[], r: VisitRecord): void {
  const at = log.length - 1;
  log[at] = Math.floor(r.phases / 32) * PHASE_UNIT + (r.phases & 15);
  log.push(r.stepName, r.firstId, shapeOf(r));
}

/** The record a compacted visit at `log[at]` was made from (its events are what visitEvents gives). */
function recordAt(log: readonly unknown[], at: number): VisitRecord {
  const word = log[at] as number;
  const shape = log[at + 3] as VisitShape;
  const firstId = log[at + 2] as number;
  const r = new VisitRecord(
    shape.names,
    firstId,
    shape.schedDelta === undefined ? undefined : firstId - shape.schedDelta,
    log[at + 1] as string,
    shape.scopeKey,
    Math.floor(word / PHASE_UNIT),
    shape.time,
  );
  r.phases += word % PHASE_UNIT;
  r.entered = shape.entered;
  r.input = shape.input;
  r.output = shape.output;
  r.local = shape.local;
  r.more = shape.more;
  return r;
}

/** The events of the log's entries from slot `from` on: events, records, and compacted visits (a new array). */
export function expandSlots(log: readonly unknown[], from = 0): AnyStoredEvent[] {
  const out: AnyStoredEvent[] = [];
  for (let i = from; i < log.length; i++) {
    const e = log[i];
    if (typeof e === 'number') {
      visitEvents(recordAt(log, i), out);
      i += VISIT_SLOTS - 1;
    } else pushEntry(e as HistoryEntry, out);
  }
  return out;
}

function pushEntry(e: HistoryEntry, out: AnyStoredEvent[]): void {
  if (e instanceof VisitRecord) visitEvents(e, out);
  else if (e instanceof KeyedEvent) out.push(e.plain());
  else out.push(e);
}
