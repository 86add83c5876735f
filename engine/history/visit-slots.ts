/**
 * A history kept as slots of one array (the memory store's form: store/memory-store.ts): the
 * garbage collector copies and scans everything an in-memory store keeps, and it pays per object
 * as much as per byte, so a finished visit record and a journal's plain event are written into
 * the execution's log array rather than kept as objects of their own (on the engine bench, in
 * memory: the 100-step pass chain a fifth to a quarter less CPU time).
 * Readers get the same events back (expandSlots), with the same members in the same order.
 *
 * An entry of the log starts with what says its form:
 * - a number: a finished visit record, `visitNo * 32 + form + phases` (phases: the record's flags
 *   ENTERED, STARTED, ENDED, EXITED), then either
 *   - SHARED: the state's name, the first event's id, and a VisitShape with everything else, which
 *     consecutive visits that carry the same data share (a chain of Pass states): 4 slots;
 *   - or the state's name, the first event's id, the first event's scheduleEventId, the visit's
 *     VisitStatics (shared by visits alike), then one value per phase held (the entered detail,
 *     the input, the output or error, the local): 5 slots and one per phase;
 * - a string: a plain event the journal recorded (run/journal.ts: always the members eventId,
 *   scheduleEventId, type, stepName, time, key, detail, in that order): its type, then those
 *   others: 7 slots;
 * - an object: an event as appended (ExecutionStarted), a KeyedEvent, or the last visit record,
 *   which the journal may still grow (compacted when the next entry comes).
 * (The memory store may put a marker of its own in slot 0 and reads it itself: memory-store.ts.)
 */
import type { AnyStoredEvent, EventType } from './events';
import { ENDED, ENTERED, EXITED, KeyedEvent, STARTED, visitEvents, VisitRecord, type HistoryEntry, type VisitEventNames } from './visit-record';

/** `phases` of a record holds its visit number as `visitNo * VISIT_UNIT + flags` (visit-record.ts). */
const VISIT_UNIT = 32;
/** The form bit of a visit's first slot: SHARED (see above). */
const SHARED = 16;
/** Slots of a visit in the SHARED form. */
const SHARED_SLOTS = 4;
/** Slots of a visit in the other form before its per-phase values. */
const OWN_SLOTS = 5;
/** Slots of a journal's plain event. */
const EVENT_SLOTS = 7;
/** How many phases the flags `0 … 15` hold. */
const PHASE_COUNT: readonly number[] = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

/** What visits alike share whatever their data: their dialect's names, scope, time, and a token or failure's type and cause. */
class VisitStatics {
  constructor(
    readonly names: VisitEventNames,
    readonly scopeKey: string,
    readonly time: string,
    readonly more: VisitRecord['more'],
  ) {}
}

/** Everything of a visit but its name and first id, for visits that carry the same data. */
class VisitShape {
  constructor(
    readonly statics: VisitStatics,
    readonly phases: number,
    /** firstId − scheduleEventId (undefined: no scheduleEventId): 1 in a chain of visits. */
    readonly schedDelta: number | undefined,
    readonly entered: unknown,
    readonly input: unknown,
    readonly output: unknown,
    readonly local: unknown,
  ) {}
}

/**
 * The last visit compacted (by any store: values are compared by identity, so sharing across
 * executions is sound): its values, and their shape once a second visit alike needed one.
 */
let lastStatics: VisitStatics | undefined;
let lastPhases = -1;
let lastDelta: number | undefined;
let lastEntered: unknown;
let lastInput: unknown;
let lastOutput: unknown;
let lastLocal: unknown;
let lastShape: VisitShape | undefined;

function staticsOf(r: VisitRecord): VisitStatics {
  const s = lastStatics;
  if (s !== undefined && s.names === r.names && s.scopeKey === r.scopeKey && s.time === r.time && s.more === r.more) return s;
  return new VisitStatics(r.names, r.scopeKey, r.time, r.more);
}

/**
 * Writes the finished record `r`, which is `log[at]` (the log's last entry), in slots from `at`
 * on; returns the log's new size. The log may be longer than its size (see MemoryStore).
 */
export function compactLast(log: unknown[], at: number, r: VisitRecord): number {
  const statics = staticsOf(r);
  const phases = r.phases & 15;
  const visitWord = Math.floor(r.phases / VISIT_UNIT) * VISIT_UNIT;
  const delta = r.sched === undefined ? undefined : r.firstId - r.sched;
  if (
    statics === lastStatics &&
    phases === lastPhases &&
    delta === lastDelta &&
    r.entered === lastEntered &&
    r.input === lastInput &&
    r.output === lastOutput &&
    r.local === lastLocal
  ) {
    // A visit alike the last one: the shape is shared (made for the second such visit; the first wrote its values itself).
    const shape = (lastShape ??= new VisitShape(statics, phases, delta, r.entered, r.input, r.output, r.local));
    log[at] = visitWord + SHARED + phases;
    log[at + 1] = r.stepName;
    log[at + 2] = r.firstId;
    log[at + 3] = shape;
    return at + SHARED_SLOTS;
  }
  lastStatics = statics;
  lastPhases = phases;
  lastDelta = delta;
  lastEntered = r.entered;
  lastInput = r.input;
  lastOutput = r.output;
  lastLocal = r.local;
  lastShape = undefined;
  log[at] = visitWord + phases;
  log[at + 1] = r.stepName;
  log[at + 2] = r.firstId;
  log[at + 3] = r.sched;
  log[at + 4] = statics;
  let i = at + OWN_SLOTS;
  if (phases & ENTERED) log[i++] = r.entered;
  if (phases & STARTED) log[i++] = r.input;
  if (phases & ENDED) log[i++] = r.output;
  if (phases & EXITED) log[i++] = r.local;
  return i;
}

/** Writes a journal's plain event (the members run/journal.ts gives it) as slots from `at` on; returns the log's new size. */
export function putEvent(log: unknown[], at: number, e: AnyStoredEvent): number {
  log[at] = e.type;
  log[at + 1] = e.eventId;
  log[at + 2] = e.scheduleEventId;
  log[at + 3] = e.stepName;
  log[at + 4] = e.time;
  log[at + 5] = e.key;
  log[at + 6] = e.detail;
  return at + EVENT_SLOTS;
}

/** Whether a journal's entry is a plain event of the shape pushEvent keeps (not a record, not a KeyedEvent). */
export function isPlainEvent(e: HistoryEntry): e is AnyStoredEvent {
  return !(e instanceof VisitRecord) && !(e instanceof KeyedEvent);
}

/** The record of the visit whose slots start at `log[at]`, and how many slots it takes. */
function recordAt(log: readonly unknown[], at: number): { record: VisitRecord; slots: number } {
  const word = log[at] as number;
  const stepName = log[at + 1] as string;
  const firstId = log[at + 2] as number;
  const phases = word % 16;
  const visitNo = Math.floor(word / VISIT_UNIT);
  if (word % VISIT_UNIT >= SHARED) {
    const shape = log[at + 3] as VisitShape;
    const { statics } = shape;
    const sched = shape.schedDelta === undefined ? undefined : firstId - shape.schedDelta;
    const r = new VisitRecord(statics.names, firstId, sched, stepName, statics.scopeKey, visitNo, statics.time);
    fill(r, phases, statics.more, shape.entered, shape.input, shape.output, shape.local);
    return { record: r, slots: SHARED_SLOTS };
  }
  const statics = log[at + 4] as VisitStatics;
  const r = new VisitRecord(statics.names, firstId, log[at + 3] as number | undefined, stepName, statics.scopeKey, visitNo, statics.time);
  let i = at + OWN_SLOTS;
  const entered = phases & ENTERED ? log[i++] : undefined;
  const input = phases & STARTED ? log[i++] : undefined;
  const output = phases & ENDED ? log[i++] : undefined;
  const local = phases & EXITED ? log[i++] : undefined;
  fill(r, phases, statics.more, entered, input, output, local);
  return { record: r, slots: OWN_SLOTS + PHASE_COUNT[phases] };
}

function fill(r: VisitRecord, phases: number, more: VisitRecord['more'], entered: unknown, input: unknown, output: unknown, local: unknown): void {
  r.phases += phases;
  r.entered = entered as VisitRecord['entered'];
  r.input = input;
  r.output = output;
  r.local = local;
  r.more = more;
}

/** The events of the log's entries in slots `from` to `to`, appended to `out` (a new array if not given). */
export function expandSlots(log: readonly unknown[], from: number, to: number, out: AnyStoredEvent[] = []): AnyStoredEvent[] {
  for (let i = from; i < to;) {
    const e = log[i];
    if (typeof e === 'number') {
      const { record, slots } = recordAt(log, i);
      visitEvents(record, out);
      i += slots;
    } else if (typeof e === 'string') {
      out.push({
        eventId: log[i + 1],
        scheduleEventId: log[i + 2],
        type: e as EventType,
        stepName: log[i + 3],
        time: log[i + 4],
        key: log[i + 5],
        detail: log[i + 6],
      } as AnyStoredEvent);
      i += EVENT_SLOTS;
    } else {
      const entry = e as HistoryEntry;
      if (entry instanceof VisitRecord) visitEvents(entry, out);
      else if (entry instanceof KeyedEvent) out.push(entry.plain());
      else out.push(entry);
      i++;
    }
  }
  return out;
}
