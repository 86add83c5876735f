/**
 * The lines of the store's log (`history.jsonl`), written and read: one line per execution per
 * write, its new events as compact arrays, and each flow definition once per log. The format, and
 * why it is this one, is in docs/store-format.md; the earlier one-object-per-event form is still read.
 */
import { isoTime } from '../clock';
import { DEBUG_EVENT_TYPES, ENGINE_EVENT_TYPES, SERVICE_EVENT_TYPES, STATE_EVENT_TYPES, type AnyStoredEvent, type EventType, type StoredEvent } from '../history/events';
import { SharedValues, type SharedRef } from '../history/shared-values';
import { holdsLarge, isLarge, jsonText } from '../history/json-text';
import { LineBuffer } from './line-buffer';
import { eachVisitEvent, ENDED, ENTERED, EXITED, STARTED, VisitRecord, type HistoryEntry } from '../history/visit-record';

/**
 * Type codes of the log: an event type's index here. The lists in history/events.ts only ever
 * grow at their ends, so a code keeps its meaning; test/engine/store-fixtures/log-compact-form
 * (every type, in this form) fails to read back should that ever change.
 */
export const EVENT_CODES: readonly EventType[] = [...SERVICE_EVENT_TYPES, ...ENGINE_EVENT_TYPES, ...STATE_EVENT_TYPES, ...DEBUG_EVENT_TYPES];
const CODE_OF = new Map<string, number>(EVENT_CODES.map((t, i) => [t, i]));

/** A decoded event with the references still to put back (resolveShared). */
export type LoggedEvent = { e: AnyStoredEvent; s?: SharedRef[] };

/** Flow definitions of one log: each written once, then referred to by id. */
export class DefinitionTable {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];
  /** Ids handed out since the last `committed()`: forgotten if that write fails. */
  private fresh: string[] = [];

  /** The definition's id; `onNew` gets its line when this log does not hold it yet. */
  idOf(text: string, onNew: (line: string) => void): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
      this.fresh.push(text);
      onNew(`{"d":${id},"t":${JSON.stringify(text)}}\n`);
    }
    return id;
  }

  /** A definition line read from the log. */
  load(id: number, text: string): void {
    if (!Number.isInteger(id) || id < 0 || typeof text !== 'string') return;
    while (this.texts.length < id) this.texts.push('');
    this.texts[id] = text;
    this.ids.set(text, id);
  }

  /** The id a definition line of this log gave the text, if any (no id handed out). */
  idIfKnown(text: string): number | undefined {
    return this.ids.get(text);
  }

  text(id: number): string | undefined {
    return this.texts[id];
  }

  committed(): void {
    this.fresh = [];
  }

  /** The last write failed: its definition lines may not be in the log, so they are written again. */
  forgetFresh(): void {
    // Newest first: fresh ids are the last ones handed out, so each is the table's last in turn.
    for (const text of this.fresh.reverse()) {
      const id = this.ids.get(text);
      this.ids.delete(text);
      if (id !== undefined && id === this.texts.length - 1) this.texts.pop();
    }
    this.fresh = [];
  }
}

/**
 * Visit records (docs/store-format.md): the events of one step visit that went as planned, as one
 * record. `types` are the visit's events in order; `fields` the members of each one's detail, in
 * order (a detail with any other member, or a missing one, is written event by event).
 */
interface VisitShape {
  code: number;
  types: readonly EventType[];
  fields: readonly (readonly string[])[];
}

/** Codes of visit shapes: like event codes, append only; codes 2 (NEXT_VISIT) and 3 (REF_VISIT) are taken, a new shape takes 4. */
const VISIT_SHAPES: readonly VisitShape[] = [
  { code: 0, types: ['StepEntered', 'StepStarted', 'StepSucceeded', 'StepExited'], fields: [['input', 'local'], ['input'], ['output'], ['local']] },
  { code: 1, types: ['StateEntered', 'StateStarted', 'StateSucceeded'], fields: [['input'], ['input'], ['output']] },
];

/** A field that refers to one of the previous visit record's values (1…VISIT_POOL) or to an earlier one of its own (VISIT_POOL + 1…). */
const VISIT_POOL = 5;

/**
 * The shape of the visit that starts at events[i], if its events can go as one record: one per
 * type in order, consecutive ids, each linked to the one before, the same step and key prefix
 * (recorded by Journal.recordAt), details of exactly the shape's members and no large value (those
 * go event by event, where shared-values.ts writes them once).
 */
function visitShapeAt(entries: readonly HistoryEntry[], i: number, at: string, keyPrefixes: readonly (string | undefined)[], from: number): VisitShape | undefined {
  const events = entries as readonly AnyStoredEvent[];
  const first = events[i];
  if (first instanceof VisitRecord) return undefined;
  const shape = first.type === 'StepEntered' ? VISIT_SHAPES[0] : first.type === 'StateEntered' ? VISIT_SHAPES[1] : undefined;
  if (!shape || i + shape.types.length > events.length || first.stepName === undefined) return undefined;
  for (let k = 0; k < shape.types.length; k++) {
    const e = events[i + k];
    if (
      e instanceof VisitRecord ||
      e.type !== shape.types[k] ||
      keyPrefixes[i + k - from] !== at ||
      (k > 0 && (e.eventId !== first.eventId + k || e.scheduleEventId !== first.eventId + k - 1 || e.stepName !== first.stepName))
    )
      return undefined;
    if (!exactly(e.detail as Record<string, unknown>, shape.fields[k])) return undefined;
  }
  return shape;
}

/** Whether `d` is a plain object with exactly these members in this order, none undefined nor large. */
function exactly(d: Record<string, unknown>, fields: readonly string[]): boolean {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return false;
  let n = 0;
  for (const k in d) {
    if (k !== fields[n] || !plainValue(d[k])) return false;
    n++;
  }
  return n === fields.length && Object.getPrototypeOf(d) === Object.prototype;
}

/** Whether a value can go in a visit record: JSON, not undefined, no large value in reach (shared-values.ts writes those once). */
function plainValue(v: unknown): boolean {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return false;
  return !(typeof v === 'object' && v !== null && (typeof (v as { toJSON?: unknown }).toJSON === 'function' || isLarge(v) || holdsLarge(v, 2)));
}

/** The visit's detail values, in the shape's order. */
function visitValues(events: readonly AnyStoredEvent[], i: number, shape: VisitShape): unknown[] {
  const values: unknown[] = [];
  for (let k = 0; k < shape.fields.length; k++) {
    const d = events[i + k].detail as Record<string, unknown>;
    for (const f of shape.fields[k]) values.push(d[f]);
  }
  return values;
}

/**
 * The values of a visit record (history/visit-record.ts) in the order of its visit shape, when it
 * holds a whole visit of that shape (as visitShapeAt asks of events); undefined: its events are
 * written one by one. Whether each value can go in a record (plainValue) is asked by the writer,
 * only of the values it does not write as a reference (those were asked already).
 */
function recordShape(r: VisitRecord, values: unknown[]): VisitShape | undefined {
  // A token, a failure: event by event.
  if (r.more !== undefined) return undefined;
  const phases = r.phases & (ENTERED | STARTED | ENDED | EXITED);
  const entered = r.entered;
  if (r.names.entered === 'StepEntered') {
    // Only a whole visit: a visit around a task (its task events between its start and its end)
    // goes event by event, so that a line of it stays readable by every version since visit records.
    if (phases !== (ENTERED | STARTED | ENDED | EXITED) || entered === undefined || !sameMembers(entered, VISIT_SHAPES[0].fields[0])) return undefined;
    values[0] = entered.input;
    values[1] = entered.local;
    values[2] = r.input;
    values[3] = r.output;
    values[4] = r.local;
    return VISIT_SHAPES[0];
  }
  if (phases !== (ENTERED | STARTED | ENDED) || entered === undefined || !sameMembers(entered, VISIT_SHAPES[1].fields[0])) return undefined;
  values[0] = entered.input;
  values[1] = r.input;
  values[2] = r.output;
  return VISIT_SHAPES[1];
}

/** Whether `d` is a plain object with exactly these members, in this order. */
function sameMembers(d: Record<string, unknown>, fields: readonly string[]): boolean {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return false;
  let n = 0;
  for (const k in d) if (k !== fields[n++]) return false;
  return n === fields.length && Object.getPrototypeOf(d) === Object.prototype;
}

/**
 * Whether entries from `from` on hold three visit records or more: only then can a line of them
 * hold a next-visit record (a line's first record writes a value, so the record after it is a
 * whole one too).
 */
export function mayHoldNextVisits(entries: readonly HistoryEntry[], from: number): boolean {
  let records = 0;
  for (let i = from; i < entries.length; i++) if (entries[i] instanceof VisitRecord && ++records === 3) return true;
  return false;
}

/** Whether `text` is the record's key prefix, `<scopeKey>/<stepName>#<visitNo>` (joined only when all but the number match). */
function prefixIs(text: string, r: VisitRecord): boolean {
  const scope = r.scopeKey;
  const step = r.stepName;
  const hash = scope.length + 1 + step.length;
  if (text.length <= hash + 1 || text.charCodeAt(hash) !== 0x23 || text.charCodeAt(scope.length) !== 0x2f) return false;
  return text.startsWith(scope) && text.startsWith(step, scope.length + 1) && text === r.at;
}

/** No references (shared, never written to). */
const NO_REFS: SharedRef[] = [];

/** Values of a visit's fields per shape code (the shape's fields, flattened). */
const VALUE_COUNT = VISIT_SHAPES.map((s) => s.fields.reduce((n, f) => n + f.length, 0));

/**
 * The code of a next-visit record (docs/store-format.md "Visit records"), in the place of a visit
 * shape's: past the two that versions before it know, so that they keep its line as a newer
 * version's instead of misreading it.
 */
export const NEXT_VISIT = 2;

/**
 * The code of a classic visit record whose values hold large values written as references
 * (docs/store-format.md "Visit records"): shape 0's events and values, then the references.
 */
export const REF_VISIT = 3;

/** Per value of shape 0: the event (0–3) and the detail member it is. */
const REF_EVENT = [0, 0, 1, 2, 3];
const REF_FIELD = ['input', 'local', 'input', 'output', 'local'];

/**
 * One execution's events as one log line, `{"x":…,"b":[…]` written into `w` (the caller seals
 * it: LineBuffer.seal), plus the lines of definitions not yet in the log in `out.before`. `x` is
 * the JSON text of `<flow>/<execution>`; `entries` are events and visit records.
 * `keyPrefixes[i]`, when given: event i's key is `<keyPrefixes[i]>|<type>` (Journal.recordAt), so
 * its text is not searched. Throws, with `w` part-written, on an event JSON cannot encode.
 */
export function writeBatch(
  w: LineBuffer,
  x: string,
  entries: readonly HistoryEntry[],
  shared: SharedValues,
  definitions: DefinitionTable,
  out: { before: string },
  keyPrefixes?: readonly (string | undefined)[],
  /** Where in `entries` the line's events start (`keyPrefixes[0]` is that entry's); the ones before are written already. */
  from = 0,
  /** A writer kept from line to line (a store's), so that a line makes none of its working arrays. */
  writer = new BatchWriter(),
  /** The entry whose key prefix is `keyPrefixes[0]` (default `from`). */
  prefixFrom = from,
): void {
  w.ascii('{"x":');
  w.utf8(x);
  w.ascii(',"b":[');
  writer.begin(w, shared, definitions, out);
  try {
    writer.write(entries, from, keyPrefixes, prefixFrom);
  } finally {
    writer.end();
  }
  w.byte(0x5d);
}

/**
 * The members of `b`, written byte by byte: the line's shape is the store's own, so only user
 * data is JSON text to make (writeValue), and small data is written member by member too. What it
 * writes is what JSON.stringify wrote of the same line built as arrays (the earlier writer), byte
 * for byte; docs/store-format.md "How a line is written" has why and the measurements.
 */
export class BatchWriter {
  private w!: LineBuffer;
  private shared!: SharedValues;
  private definitions!: DefinitionTable;
  private out!: { before: string };
  private first = true;
  private prevStep: string | undefined = undefined;
  /** The previous key prefix: the text, or the visit record whose prefix it is (its text is not joined then). */
  private prevPrefix: string | undefined = undefined;
  private prevPrefixOf: VisitRecord | undefined = undefined;
  /**
   * The previous member of the line when it is a visit record written from a VisitRecord (its
   * prefix from its parts): its shape code and mask. What a next-visit record continues.
   */
  private lastRecord: VisitRecord | undefined = undefined;
  private lastRecordCode = 0;
  private lastRecordMask = 0;
  /** The last time text parsed, and its milliseconds. */
  private prevTimeText: string | undefined = undefined;
  private prevTimeMs = 0;
  /** The last time written, in ms. */
  private prevMs = 0;
  private prevRefs: SharedRef[] | undefined = undefined;
  /** The previous REF_VISIT record's references in this line (its `1` refers to them). */
  private prevRecordRefs: SharedRef[] | undefined = undefined;
  /** Whether this line may hold REF_VISIT records: not the line of the execution's start (a version before them lists the execution from that line). */
  private refRecords = false;
  /** Bit f: value f of the record being written holds a large value (written with references). */
  private refValues = 0;
  /** The previous visit record's values (its first prevCount), which a record may refer to. */
  private prevVisit: unknown[] = [];
  private prevCount = 0;
  /** The values of the visit being written (swapped with prevVisit once it is). */
  private values: unknown[] = [];
  /** Per value of the visit being written: 0, or the reference written in its place. */
  private readonly refOf: number[] = [];
  private refs: SharedRef[] = [];
  private readonly texts = new RecentTexts();
  /** Large values written in full so far (not as references). */
  private inFull = 0;
  /**
   * The last detail member written with references only: its value and name, its bytes in `w`
   * and its references. A foreach's iteration input (which holds the collection) is in three
   * events of each iteration: the line holds the same bytes and references each time.
   */
  private memoValue: unknown = undefined;
  private memoName = '';
  private memoStart = 0;
  private memoEnd = 0;
  private memoRefs: SharedRef[] = NO_REFS;

  /** Starts a line: nothing of the previous line is referred to (each line is read on its own). */
  begin(w: LineBuffer, shared: SharedValues, definitions: DefinitionTable, out: { before: string }): void {
    this.w = w;
    this.shared = shared;
    this.definitions = definitions;
    this.out = out;
    this.first = true;
    this.prevStep = undefined;
    this.prevPrefix = undefined;
    this.prevPrefixOf = undefined;
    this.lastRecord = undefined;
    this.prevRefs = undefined;
    this.prevRecordRefs = undefined;
    this.prevCount = 0;
    this.inFull = 0;
    if (this.refs.length) this.refs = [];
  }

  /** Ends a line: lets go of the values it wrote (user data a writer kept from line to line would keep alive). */
  end(): void {
    this.prevVisit.fill(undefined);
    this.values.fill(undefined);
    this.texts.clear();
    this.memoValue = undefined;
    this.memoRefs = NO_REFS;
    this.prevRefs = undefined;
    this.prevRecordRefs = undefined;
    this.prevPrefixOf = undefined;
    this.lastRecord = undefined;
    this.shared = undefined as unknown as SharedValues;
  }

  /** `entries` from `from` on; `keyPrefixes[i - prefixFrom]` is entry i's key prefix (Journal.recordAt), if recorded with one. */
  write(entries: readonly HistoryEntry[], from: number, keyPrefixes: readonly (string | undefined)[] | undefined, prefixFrom = from): void {
    this.refRecords = from > 0;
    for (let i = from; i < entries.length;) {
      const entry = entries[i];
      if (entry instanceof VisitRecord) {
        i++;
        const values = this.values;
        const shape = recordShape(entry, values);
        if (shape && this.nextVisit(entry, shape.code, values)) {
          this.values = this.prevVisit;
          this.prevVisit = values;
          continue;
        }
        const mask = shape ? this.maskOf(values, VALUE_COUNT[shape.code], shape.code === 0 && this.refRecords) : -1;
        if (mask >= 0) {
          const code = this.refValues ? REF_VISIT : shape!.code;
          this.record(entry.firstId, entry.sched, entry.stepName, undefined, entry, code, mask, values, VALUE_COUNT[shape!.code], this.msOf(entry.time, entry.firstId), undefined);
          this.lastRecord = entry;
          this.lastRecordCode = code;
          this.lastRecordMask = mask;
          this.values = this.prevVisit;
          this.prevVisit = values;
          this.prevCount = VALUE_COUNT[shape!.code];
        } else {
          this.recordEvents(entry);
        }
        continue;
      }
      const at = keyPrefixes?.[i - prefixFrom];
      const shape = at === undefined ? undefined : visitShapeAt(entries, i, at, keyPrefixes!, prefixFrom);
      if (shape !== undefined) {
        // A whole step visit recorded event by event, as one record.
        const values = visitValues(entries as AnyStoredEvent[], i, shape);
        const n = values.length;
        const mask = this.maskOf(values, n);
        const times: number[] = [];
        for (let k = 0; k < shape.types.length; k++) {
          const v = entries[i + k] as AnyStoredEvent;
          times.push(this.msOf(v.time, v.eventId));
        }
        this.record(entry.eventId, entry.scheduleEventId, entry.stepName!, at, undefined, shape.code, mask, values, n, times[0], times);
        this.prevVisit = values;
        this.prevCount = n;
        i += shape.types.length;
        continue;
      }
      this.event(entry as AnyStoredEvent, at);
      i++;
    }
  }

  /** The event time's epoch milliseconds. */
  private msOf(t: string, eventId: number): number {
    if (t === this.prevTimeText) return this.prevTimeMs;
    const ms = Date.parse(t);
    if (Number.isNaN(ms)) throw new Error(`event ${eventId} has no valid time: ${t}`);
    this.prevTimeText = t;
    this.prevTimeMs = ms;
    return ms;
  }

  /** `ms` as the line writes a time: the first event's as it is, then each as the difference from the one before. */
  private time(ms: number): void {
    this.w.num(this.first ? ms : ms - this.prevMs);
    this.prevMs = ms;
  }

  /**
   * The record's mask (docs/store-format.md "Visit records"), its references in refOf; -1 when a
   * value it must write cannot go in a record (a value it refers to was asked when first written).
   */
  private maskOf(values: readonly unknown[], n: number, refs = false): number {
    const prev = this.prevVisit;
    const prevCount = this.prevCount;
    let mask = 0;
    this.refValues = 0;
    // 16 ** f as a running product (an exponentiation per field showed in profiles).
    for (let f = 0, digit = 1; f < n; f++, digit *= 16) {
      const v = values[f];
      let ref = 0;
      if (typeof v === 'object' && v !== null) {
        for (let g = 0; g < f && !ref; g++) if (values[g] === v) ref = VISIT_POOL + g + 1;
        for (let g = 0; g < prevCount && !ref; g++) if (prev[g] === v) ref = g + 1;
      }
      if (!ref && !plainValue(v)) {
        // A value holding a large one: with references (REF_VISIT), where this line may hold them.
        if (!refs || typeof v !== 'object' || v === null || typeof (v as { toJSON?: unknown }).toJSON === 'function') return -1;
        this.refValues |= 1 << f;
      }
      this.refOf[f] = ref;
      mask += ref * digit;
    }
    return mask;
  }

  /**
   * The visit as a next-visit record (docs/store-format.md "Visit records"), when it continues the
   * previous member of the line, a visit record: the same shape and scope, its first event right
   * after that record's last (and scheduled by it), at that record's last time, and every value
   * the one that record's mask gives (a reference: nothing to write). False: it is not one.
   * `values`: the visit's values (recordShape).
   */
  private nextVisit(r: VisitRecord, code: number, values: readonly unknown[]): boolean {
    const last = this.lastRecord;
    if (last === undefined || code !== this.lastRecordCode || r.scopeKey !== last.scopeKey) return false;
    const lastId = last.lastId;
    if (r.firstId !== lastId + 1 || r.sched !== lastId || this.msOf(r.time, r.firstId) !== this.prevMs) return false;
    const prev = this.prevVisit;
    const prevCount = this.prevCount;
    const n = VALUE_COUNT[code];
    for (let f = 0, m = this.lastRecordMask; f < n; f++, m = Math.floor(m / 16)) {
      const ref = m % 16;
      if (ref === 0) return false;
      if (ref > VISIT_POOL) {
        if (ref - VISIT_POOL - 1 >= f || values[f] !== values[ref - VISIT_POOL - 1]) return false;
      } else if (ref > prevCount || values[f] !== prev[ref - 1]) return false;
    }
    const w = this.w;
    w.ascii(',[-');
    w.num(r.firstId);
    w.byte(0x2c);
    w.num(NEXT_VISIT);
    w.byte(0x2c);
    if (r.stepName === this.prevStep) w.byte(0x31);
    else w.str(r.stepName);
    this.prevStep = r.stepName;
    w.byte(0x2c);
    w.num(r.visitNo);
    w.byte(0x5d);
    this.prevPrefix = undefined;
    this.prevPrefixOf = r;
    this.lastRecord = r;
    return true;
  }

  /** A whole step visit as one record; `times` (undefined: all at `ms`) its events' times in ms. */
  private record(
    firstId: number,
    sched: number | undefined,
    stepName: string,
    at: string | undefined,
    rec: VisitRecord | undefined,
    code: number,
    mask: number,
    values: readonly unknown[],
    n: number,
    ms: number,
    times: readonly number[] | undefined,
  ): void {
    const w = this.w;
    this.lastRecord = undefined;
    w.ascii(this.first ? '[' : ',[');
    w.byte(0x2d); // a negative first id marks a record
    w.num(firstId);
    w.byte(0x2c);
    w.num(code);
    w.byte(0x2c);
    w.num(sched ?? 0);
    w.byte(0x2c);
    if (stepName === this.prevStep) w.byte(0x31);
    else w.str(stepName);
    this.prevStep = stepName;
    // Always a list (a version before visit records rejects the line instead of misreading it):
    // one time when all the visit's events share it.
    w.ascii(',[');
    this.time(ms);
    this.first = false;
    let one = true;
    if (times) for (let k = 1; k < times.length; k++) if (times[k] !== this.prevMs) one = false;
    if (!one)
      for (let k = 1; k < times!.length; k++) {
        w.byte(0x2c);
        this.time(times![k]);
      }
    else if (times) this.prevMs = times[times.length - 1];
    w.ascii('],');
    this.prefix(at, rec);
    w.byte(0x2c);
    w.num(mask);
    const refOf = this.refOf;
    const refValues = code === REF_VISIT ? this.refValues : 0;
    const refs = this.refs;
    for (let f = 0; f < n; f++) {
      w.byte(0x2c);
      if (refOf[f]) w.byte(0x30);
      else if (refValues & (1 << f)) {
        const k = REF_EVENT[f];
        const before = refs.length;
        this.withRefs(values[f] as object, [REF_FIELD[f]], firstId + k, SharedValues.mayRefer(VISIT_SHAPES[0].types[k]));
        // Each path from the value's place in the record (its index) on, not the event's detail.
        for (let r = before; r < refs.length; r++) {
          const [path, id, source] = refs[r];
          refs[r] = [[f, ...path.slice(1)], id, source];
        }
      } else writeValue(w, values[f], this.texts);
    }
    if (code === REF_VISIT) {
      if (this.prevRecordRefs && sameRefs(refs, this.prevRecordRefs)) w.ascii(',1');
      else {
        w.byte(0x2c);
        w.utf8(JSON.stringify((this.prevRecordRefs = refs)));
      }
      this.refs = [];
      this.refValues = 0;
    }
    w.byte(0x5d);
  }

  /**
   * A key prefix, given as text or as a visit record's (`<scopeKey>/<stepName>#<visitNo>`, written
   * from its parts: no text joined per visit); `1` when it is the previous one's.
   */
  private prefix(text: string | undefined, rec: VisitRecord | undefined): void {
    const w = this.w;
    const prev = this.prevPrefixOf;
    let same: boolean;
    if (rec !== undefined) {
      if (prev !== undefined) same = prev.scopeKey === rec.scopeKey && prev.stepName === rec.stepName && prev.visitNo === rec.visitNo;
      else same = this.prevPrefix !== undefined && prefixIs(this.prevPrefix, rec);
    } else same = prev !== undefined ? prefixIs(text!, prev) : text === this.prevPrefix;
    if (same) w.byte(0x31);
    else if (rec === undefined) w.str(text!);
    else {
      const start = w.pos;
      w.byte(0x22);
      if (w.plain(rec.scopeKey)) {
        w.byte(0x2f);
        if (w.plain(rec.stepName)) {
          w.byte(0x23);
          w.num(rec.visitNo);
          w.byte(0x22);
        } else {
          w.pos = start;
          w.str(rec.at);
        }
      } else {
        w.pos = start;
        w.str(rec.at);
      }
    }
    this.prevPrefix = text;
    this.prevPrefixOf = rec;
  }

  /** One event; `at`: its key is `<at>|<type>`. */
  private event(e: AnyStoredEvent, at: string | undefined): void {
    this.fields(e.eventId, e.type, e.scheduleEventId, e.stepName, e.time, at, e.key, e.detail, e);
  }

  /**
   * A visit record's events one by one, as visitEvents (history/visit-record.ts) gives them, without
   * making them (a visit that cannot be one record: its values hold a large value, it failed, it
   * is around a task).
   */
  private recordEvents(r: VisitRecord): void {
    const at = r.at;
    let id = r.firstId;
    let sched = r.sched;
    eachVisitEvent(r, (type, detail) => {
      this.fields(id, type, sched, r.stepName, r.time, at, '', detail, undefined);
      sched = id++;
    });
  }

  /** An event from its fields (`key` read only when `at` is undefined; `e`, the event, only for an ExecutionStarted). */
  private fields(
    eventId: number,
    type: EventType,
    scheduleEventId: number | undefined,
    stepName: string | undefined,
    time: string,
    at: string | undefined,
    key: string,
    detail: unknown,
    e: AnyStoredEvent | undefined,
  ): void {
    const w = this.w;
    const code = CODE_OF.get(type);
    if (code === undefined) throw new Error(`unknown event type ${type}`);
    this.lastRecord = undefined;
    w.ascii(this.first ? '[' : ',[');
    w.num(eventId);
    w.byte(0x2c);
    w.num(code);
    w.byte(0x2c);
    w.num(scheduleEventId ?? 0);
    w.byte(0x2c);
    if (stepName === undefined) w.byte(0x30);
    else if (stepName === this.prevStep) w.byte(0x31);
    else w.str(stepName);
    this.prevStep = stepName;
    w.byte(0x2c);
    this.time(this.msOf(time, eventId));
    this.first = false;
    w.byte(0x2c);
    if (at !== undefined) this.prefix(at, undefined);
    else {
      const bar = key.lastIndexOf('|');
      if (bar < 0) {
        w.byte(0x5b);
        w.str(key);
        w.byte(0x5d);
        this.prevPrefix = undefined;
        this.prevPrefixOf = undefined;
      } else {
        const prefix = key.slice(0, bar);
        const suffixIsType = key.length - bar - 1 === type.length && key.endsWith(type);
        if (!suffixIsType) w.byte(0x5b);
        this.prefix(prefix, undefined);
        if (!suffixIsType) {
          w.byte(0x2c);
          w.str(key.slice(bar + 1));
          w.byte(0x5d);
        }
      }
    }
    w.byte(0x2c);
    const refs = this.refs;
    if (type === 'ExecutionStarted') {
      const started = e as StoredEvent<'ExecutionStarted'>;
      this.shared.noteStarted(started);
      const d = started.detail;
      w.ascii('{"input":');
      writeValue(w, d.input === undefined ? null : d.input, this.texts);
      w.ascii(',"def":');
      w.num(this.definitions.idOf(d.flowDefinition, (line) => (this.out.before += line)));
      if (d.flowPath !== undefined) writeMember(w, ',"flowPath":', d.flowPath, this.texts);
      if (d.parent !== undefined) writeMember(w, ',"parent":', d.parent, this.texts);
      if (d.executionMode !== undefined) writeMember(w, ',"mode":', d.executionMode, this.texts);
      if (d.timeScale !== undefined) writeMember(w, ',"timeScale":', d.timeScale, this.texts);
      w.byte(0x7d);
    } else this.detail(type, eventId, detail);
    if (refs.length) {
      if (this.prevRefs && sameRefs(refs, this.prevRefs)) w.ascii(',1');
      else {
        w.byte(0x2c);
        w.utf8(JSON.stringify((this.prevRefs = refs)));
      }
      // A new list rather than emptying this one (prevRefs may be it; and setting length is slower).
      this.refs = [];
    }
    w.byte(0x5d);
  }

  /**
   * An event's detail (not ExecutionStarted's). A large value the execution's log already holds is
   * written as `0` where this event may refer to it, its reference pushed onto `refs`
   * (history/shared-values.ts); anything else as JSON.stringify writes it.
   */
  private detail(type: EventType, eventId: number, d: unknown): void {
    if (typeof d !== 'object' || d === null || Array.isArray(d) || !holdsLarge(d, 3)) return writeValue(this.w, d, this.texts);
    this.withRefs(d, [], eventId, SharedValues.mayRefer(type));
  }

  /** `v` (at `path` of the detail; JSON would write it) with the large values the log holds as `0`. */
  private withRefs(v: object, path: (string | number)[], eventId: number, mayRefer: boolean): void {
    const w = this.w;
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return writeValue(w, v, this.texts);
    if (path.length > 0) {
      if (isLarge(v)) {
        if (this.shared.refer(v, path, eventId, mayRefer, this.refs)) return w.byte(0x30);
        this.inFull++;
        return w.utf8(jsonText(v));
      }
      if (!holdsLarge(v, 3)) return writeValue(w, v, this.texts);
    }
    if (Array.isArray(v)) {
      w.byte(0x5b);
      for (let i = 0; i < v.length; i++) {
        if (i) w.byte(0x2c);
        const x = v[i];
        path.push(i);
        if (typeof x === 'object' && x !== null) this.withRefs(x, path, eventId, mayRefer);
        else writeValue(w, x, this.texts);
        path.pop();
      }
      return w.byte(0x5d);
    }
    w.byte(0x7b);
    let first = true;
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      if (leftOutByJson(x)) continue;
      if (!first) w.byte(0x2c);
      first = false;
      w.str(k);
      w.byte(0x3a);
      if (typeof x !== 'object' || x === null) {
        writeValue(w, x, this.texts);
        continue;
      }
      if (path.length === 0 && mayRefer && x === this.memoValue && k === this.memoName) {
        // Written with references only, so written the same again (nothing it holds is first placed here).
        const n = this.memoEnd - this.memoStart;
        w.room(n);
        w.buf.copyWithin(w.pos, this.memoStart, this.memoEnd);
        w.pos += n;
        for (const r of this.memoRefs) this.refs.push(r);
        continue;
      }
      const start = w.pos;
      const refsBefore = this.refs.length;
      const inFull = this.inFull;
      path.push(k);
      this.withRefs(x, path, eventId, mayRefer);
      path.pop();
      if (path.length === 0 && mayRefer && this.inFull === inFull && this.refs.length > refsBefore) {
        this.memoValue = x;
        this.memoName = k;
        this.memoStart = start;
        this.memoEnd = w.pos;
        this.memoRefs = this.refs.slice(refsBefore);
      }
    }
    w.byte(0x7d);
  }
}

/** The line as text, `}` and newline included, unsealed (for tests and the rare paths that need a string). */
export function batchLine(
  x: string,
  entries: readonly HistoryEntry[],
  shared: SharedValues,
  definitions: DefinitionTable,
  out: { before: string },
  keyPrefixes?: readonly (string | undefined)[],
): string {
  const w = new LineBuffer(1024);
  writeBatch(w, x, entries, shared, definitions, out, keyPrefixes);
  w.ascii('}\n');
  return w.bytes().toString('utf8');
}

/**
 * The text of the last few objects written in a line: a value the engine passes along (a task's
 * result is its step's output, the next step's input, the execution's output) is the same object
 * in several events, and its text is the same within one line, which is written at one moment.
 */
class RecentTexts {
  private readonly values: unknown[] = [undefined, undefined, undefined, undefined];
  private readonly texts: string[] = ['', '', '', ''];
  private next = 0;

  /** Forgets every value (a value may change between two lines). */
  clear(): void {
    this.values.fill(undefined);
  }

  textOf(v: object): string {
    const values = this.values;
    for (let i = 0; i < 4; i++) if (values[i] === v) return this.texts[i];
    // A toJSON answering undefined: null, as JSON.stringify writes it in an array.
    const text = jsonText(v) ?? 'null';
    values[this.next] = v;
    this.texts[this.next] = text;
    this.next = (this.next + 1) & 3;
    return text;
  }
}

/** Members of an array or object that writeValue writes itself; larger ones go through JSON.stringify. */
const WALK_MEMBERS = 8;
/** Levels writeValue walks before handing a value to JSON.stringify. */
const WALK_DEPTH = 3;

/** A member JSON.stringify leaves out of an object: undefined, a function, a symbol, or what its toJSON turns into nothing. */
function leftOutByJson(x: unknown): boolean {
  if (x === undefined || typeof x === 'function' || typeof x === 'symbol') return true;
  return typeof x === 'object' && x !== null && typeof (x as { toJSON?: unknown }).toJSON === 'function' && JSON.stringify(x) === undefined;
}

/**
 * A value as JSON.stringify writes it inside an array (undefined, functions and symbols as null).
 * Small plain arrays and objects are written member by member here: most step data is a few
 * members, and a call of JSON.stringify per value costs more than writing them.
 */
function writeValue(w: LineBuffer, v: unknown, texts: RecentTexts, depth = 0): void {
  switch (typeof v) {
    case 'number':
      return w.num(v);
    case 'string':
      return w.str(v);
    case 'boolean':
      return w.ascii(v ? 'true' : 'false');
    case 'object': {
      if (v === null) return w.ascii('null');
      if (Array.isArray(v)) {
        if (v.length === 0) return w.ascii('[]');
        if (v.length > WALK_MEMBERS || depth >= WALK_DEPTH) return w.utf8(texts.textOf(v));
        w.byte(0x5b);
        for (let i = 0; i < v.length; i++) {
          if (i) w.byte(0x2c);
          writeValue(w, v[i], texts, depth + 1);
        }
        return w.byte(0x5d);
      }
      // Only plain objects without toJSON (not a boxed primitive, a class instance, a raw JSON value).
      if (depth >= WALK_DEPTH || Object.getPrototypeOf(v) !== Object.prototype || typeof (v as { toJSON?: unknown }).toJSON === 'function') return w.utf8(texts.textOf(v));
      const keys = Object.keys(v);
      if (keys.length > WALK_MEMBERS) return w.utf8(texts.textOf(v));
      w.byte(0x7b);
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const x = (v as Record<string, unknown>)[k];
        if (leftOutByJson(x)) continue;
        if (!first) w.byte(0x2c);
        first = false;
        w.str(k);
        w.byte(0x3a);
        writeValue(w, x, texts, depth + 1);
      }
      return w.byte(0x7d);
    }
    case 'bigint':
      // Throws as JSON.stringify does (the store then ends the execution saying why).
      JSON.stringify(v);
      return;
    default:
      return w.ascii('null');
  }
}

/** `,"name":` and the member's value, unless JSON leaves the member out. */
function writeMember(w: LineBuffer, head: string, v: unknown, texts: RecentTexts): void {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return;
  if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    const text = JSON.stringify(v);
    if (text === undefined) return;
    w.ascii(head);
    return w.utf8(text);
  }
  w.ascii(head);
  writeValue(w, v, texts);
}

/**
 * The events of one log line (either form), for the execution `x` names. Throws on a line that
 * does not have the shape of either, or holds a type or visit shape code this version does not
 * know: the caller keeps it as a newer version's line (docs/store-format.md, "Lines from a newer version").
 */
export function decodeLine(line: { x: string; b?: unknown; e?: AnyStoredEvent; s?: SharedRef[] }, definitions: DefinitionTable): LoggedEvent[] {
  if (line.e) {
    // The earlier one-object-per-event form: its type must be one this version knows too.
    if (!CODE_OF.has(line.e.type)) throw new Error('event of a type this version does not know');
    return [line.s ? { e: line.e, s: line.s } : { e: line.e }];
  }
  if (!Array.isArray(line.b)) throw new Error('log line without events');
  const slash = line.x.indexOf('/');
  const out: LoggedEvent[] = [];
  let prevStep: string | undefined;
  let prevPrefix: string | undefined;
  let prevRefs: SharedRef[] | undefined;
  let prevRecordRefs: SharedRef[] | undefined;
  let ms = 0;
  let prevVisit: unknown[] | undefined;
  // The previous member when it is a visit record (-1: it is not): its shape code, last id, mask and scope.
  let recordCode = -1;
  let recordLastId = 0;
  let recordMask = 0;
  let recordScope: string | undefined;
  for (let i = 0; i < line.b.length; i++) {
    const a = line.b[i] as unknown[];
    if (!Array.isArray(a)) throw new Error('malformed event in log line');
    if (typeof a[0] === 'number' && a[0] < 0 && a[1] === NEXT_VISIT) {
      // A next-visit record: the previous member's shape, scope, mask and last time.
      const [negId, , step, visitNo] = a as [number, number, string | 1, number];
      const stepName = step === 1 ? prevStep : step;
      const shape = VISIT_SHAPES[recordCode];
      if (!shape || a.length !== 4 || typeof stepName !== 'string' || !Number.isInteger(visitNo) || visitNo < 0 || -negId !== recordLastId + 1)
        throw new Error('malformed visit in log line');
      recordScope ??= scopeOfPrefix(prevPrefix!, prevStep!);
      const firstId = -negId;
      const values: unknown[] = [];
      let m = recordMask;
      for (let f = 0; f < VALUE_COUNT[recordCode]; f++, m = Math.floor(m / 16)) {
        const ref = m % 16;
        const from = ref > VISIT_POOL ? values : prevVisit;
        const g = ref > VISIT_POOL ? ref - VISIT_POOL - 1 : ref - 1;
        if (ref === 0 || !from || g >= from.length) throw new Error('visit refers to a value it does not have');
        values.push(from[g]);
      }
      prevVisit = values;
      prevStep = stepName;
      prevPrefix = `${recordScope}/${stepName}#${visitNo}`;
      let v = 0;
      for (let k = 0; k < shape.types.length; k++) {
        const detail: Record<string, unknown> = {};
        for (const f of shape.fields[k]) detail[f] = values[v++];
        const e: Record<string, unknown> = {
          eventId: firstId + k,
          scheduleEventId: firstId + k - 1,
          type: shape.types[k],
          stepName,
          time: isoTime(ms),
          key: `${prevPrefix}|${shape.types[k]}`,
          detail,
        };
        out.push({ e: e as unknown as AnyStoredEvent });
      }
      recordLastId = firstId + shape.types.length - 1;
      continue;
    }
    if (typeof a[0] === 'number' && a[0] < 0) {
      // A visit record (batchLine): its events, in order.
      const [negId, shapeCode, sched, step, time, key, mask] = a as [number, number, number, string | 1, number[], string | 1, number];
      const withRefs = shapeCode === REF_VISIT;
      const shape = withRefs ? VISIT_SHAPES[0] : VISIT_SHAPES[shapeCode];
      const n = shape?.types.length ?? 0;
      const end = withRefs ? a.length - 1 : a.length;
      if (!shape || typeof sched !== 'number' || typeof mask !== 'number' || !Array.isArray(time) || (time.length !== 1 && time.length !== n))
        throw new Error('malformed visit in log line');
      const stepName = step === 1 ? prevStep : step;
      const prefix = key === 1 ? prevPrefix : key;
      if (typeof stepName !== 'string' || typeof prefix !== 'string') throw new Error('malformed visit in log line');
      prevStep = stepName;
      prevPrefix = prefix;
      const values: unknown[] = [];
      let m = mask;
      for (let f = 7; f < end; f++, m = Math.floor(m / 16)) {
        const ref = m % 16;
        if (ref === 0) values.push(a[f]);
        else {
          const from = ref > VISIT_POOL ? values : prevVisit;
          const g = ref > VISIT_POOL ? ref - VISIT_POOL - 1 : ref - 1;
          if (!from || g >= from.length) throw new Error('visit refers to a value it does not have');
          values.push(from[g]);
        }
      }
      prevVisit = values;
      const firstId = -negId;
      // REF_VISIT: its references, each to the event its value is in, the path from that member on.
      let eventRefs: SharedRef[][] | undefined;
      if (withRefs) {
        const written = a[end];
        const refs = written === 1 ? prevRecordRefs : written;
        if (!Array.isArray(refs)) throw new Error('malformed visit in log line');
        prevRecordRefs = refs as SharedRef[];
        eventRefs = [];
        for (const r of refs as unknown[]) {
          const [path, id, source] = r as SharedRef;
          const f = Array.isArray(path) ? path[0] : undefined;
          if (typeof f !== 'number' || f < 0 || f >= REF_EVENT.length || typeof id !== 'number' || !Array.isArray(source)) throw new Error('malformed visit in log line');
          (eventRefs[REF_EVENT[f]] ??= []).push([[REF_FIELD[f], ...path.slice(1)], id, source]);
        }
      }
      let v = 0;
      for (let k = 0; k < n; k++) {
        const dt = k < time.length ? time[k] : 0;
        if (typeof dt !== 'number') throw new Error('malformed visit in log line');
        ms = out.length === 0 ? dt : ms + dt;
        const detail: Record<string, unknown> = {};
        for (const f of shape.fields[k]) detail[f] = values[v++];
        const e: Record<string, unknown> = { eventId: firstId + k };
        const s = k === 0 ? sched : firstId + k - 1;
        if (s !== 0) e.scheduleEventId = s;
        e.type = shape.types[k];
        e.stepName = stepName;
        e.time = isoTime(ms);
        e.key = `${prefix}|${shape.types[k]}`;
        e.detail = detail;
        const refsOfEvent = eventRefs?.[k];
        out.push(refsOfEvent ? { e: e as unknown as AnyStoredEvent, s: refsOfEvent } : { e: e as unknown as AnyStoredEvent });
      }
      if (v !== values.length) throw new Error('malformed visit in log line');
      // What a next-visit record after it continues (its scope read from its prefix when one does).
      recordCode = shapeCode;
      recordLastId = firstId + n - 1;
      recordMask = mask;
      recordScope = undefined;
      continue;
    }
    recordCode = -1;
    const [eventId, code, sched, step, time, key, detail, written] = a as [
      number,
      number,
      number,
      string | 0 | 1,
      number,
      string | 1 | [string | 1, string?],
      Record<string, unknown>,
      SharedRef[] | 1 | undefined,
    ];
    let refs: SharedRef[] | undefined;
    if (written === 1) {
      if (!prevRefs) throw new Error('event refers to the references of no earlier event');
      refs = prevRefs;
    } else if (written !== undefined) refs = prevRefs = written;
    const type = EVENT_CODES[code];
    // More members than an event has: a newer version's event, which this version would misread.
    if (type === undefined || typeof eventId !== 'number' || typeof time !== 'number' || a.length > 8) throw new Error('malformed event in log line');
    const stepName = step === 0 ? undefined : step === 1 ? prevStep : step;
    prevStep = stepName;
    ms = out.length === 0 ? time : ms + time;
    let fullKey: string;
    if (Array.isArray(key)) {
      if (key.length === 1) {
        fullKey = key[0] as string;
        prevPrefix = undefined;
      } else {
        const prefix = key[0] === 1 ? prevPrefix! : (key[0] as string);
        prevPrefix = prefix;
        fullKey = `${prefix}|${key[1]}`;
      }
    } else {
      const prefix = key === 1 ? prevPrefix! : key;
      prevPrefix = prefix;
      fullKey = `${prefix}|${type}`;
    }
    let d: unknown = detail;
    if (type === 'ExecutionStarted') {
      const flowDefinition = definitions.text(detail.def as number);
      if (flowDefinition === undefined) throw new Error(`definition ${String(detail.def)} missing from the log`);
      d = {
        input: detail.input,
        flowName: line.x.slice(0, slash),
        executionName: line.x.slice(slash + 1),
        flowDefinition,
        ...(detail.flowPath !== undefined ? { flowPath: detail.flowPath } : {}),
        ...(detail.parent !== undefined ? { parent: detail.parent } : {}),
        ...(detail.mode === 'Express' ? { executionMode: 'Express' } : {}),
        ...(typeof detail.timeScale === 'number' ? { timeScale: detail.timeScale } : {}),
      };
    }
    // Absent fields left out, as JSON.parse of the earlier form gave them.
    const e: Record<string, unknown> = { eventId };
    if (sched !== 0) e.scheduleEventId = sched;
    e.type = type;
    if (stepName !== undefined) e.stepName = stepName;
    e.time = isoTime(ms);
    e.key = fullKey;
    e.detail = d;
    const event = e as unknown as AnyStoredEvent;
    out.push(refs ? { e: event, s: refs } : { e: event });
  }
  return out;
}

/** The scope of a visit's key prefix `<scope>/<stepName>#<visitNo>` (a line whose prefix is not one is malformed). */
function scopeOfPrefix(prefix: string, stepName: string): string {
  const hash = prefix.lastIndexOf('#');
  const slash = hash - stepName.length - 1;
  if (hash < 0 || slash < 0 || prefix.charCodeAt(slash) !== 0x2f || !prefix.startsWith(stepName, slash + 1) || !/^\d+$/.test(prefix.slice(hash + 1)))
    throw new Error('malformed visit in log line');
  return prefix.slice(0, slash);
}

function sameRefs(a: readonly SharedRef[], b: readonly SharedRef[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const [p, id, q] = a[i];
    const [p2, id2, q2] = b[i];
    if (id !== id2 || !samePath(p, p2) || !samePath(q, q2)) return false;
  }
  return true;
}

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
