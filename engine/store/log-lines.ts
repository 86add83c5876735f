/**
 * The lines of the store's log (`history.jsonl`), written and read: one line per execution per
 * write, its new events as compact arrays, and each flow definition once per log. The format, and
 * why it is this one, is in docs/store-format.md; the earlier one-object-per-event form is still read.
 */
import { isoTime } from '../clock';
import { DEBUG_EVENT_TYPES, ENGINE_EVENT_TYPES, SERVICE_EVENT_TYPES, STATE_EVENT_TYPES, type AnyStoredEvent, type EventType } from '../history/events';
import type { SharedRef, SharedValues } from '../history/shared-values';
import { holdsLarge, isLarge } from '../history/json-text';
import { ENDED, ENTERED, EXITED, STARTED, VisitRecord, visitEvents, type HistoryEntry } from '../history/visit-record';

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

/** Codes of visit shapes: like event codes, append only. */
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
function visitShapeAt(entries: readonly HistoryEntry[], i: number, at: string, keyPrefixes: readonly (string | undefined)[]): VisitShape | undefined {
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
      keyPrefixes[i + k] !== at ||
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
 * holds a whole visit of that shape whose values can go in a visit record (as visitShapeAt asks of
 * events); undefined: its events are written one by one.
 */
function recordShape(r: VisitRecord, values: unknown[]): VisitShape | undefined {
  // A token, a failure: event by event.
  if (r.more !== undefined) return undefined;
  const phases = r.phases & (ENTERED | STARTED | ENDED | EXITED);
  const classic = r.names.entered === 'StepEntered';
  let shape: VisitShape;
  let n = 0;
  if (phases & ENTERED) {
    if (r.entered === undefined || !exactly(r.entered, classic ? VISIT_SHAPES[0].fields[0] : VISIT_SHAPES[1].fields[0])) return undefined;
    values[n++] = r.entered.input;
    if (classic) values[n++] = r.entered.local;
    values[n++] = r.input;
    // Only a whole visit: a visit around a task (its task events between its start and its end)
    // goes event by event, so that a line of it stays readable by every version since visit records.
    if (classic) shape = phases === (ENTERED | STARTED | ENDED | EXITED) ? VISIT_SHAPES[0] : NONE;
    else shape = phases === (ENTERED | STARTED | ENDED) ? VISIT_SHAPES[1] : NONE;
  } else shape = NONE;
  if (shape === NONE) return undefined;
  if (phases & ENDED) values[n++] = r.output;
  if (phases & EXITED) values[n++] = r.local;
  values.length = n;
  for (let f = 0; f < n; f++) if (!plainValue(values[f])) return undefined;
  return shape;
}

const NONE: VisitShape = { code: -1, types: [], fields: [] };
/** The time of a record whose events share the previous one's time (most of them). */
const SAME_TIME: readonly number[] = [0];

/**
 * One execution's events as one log line (plus the lines of definitions not yet in the log,
 * first). `x` is the JSON text of `<flow>/<execution>`; `entries` are events and visit records.
 */
/** `keyPrefixes[i]`, when given: event i's key is `<keyPrefixes[i]>|<type>` (Journal.recordAt), so its text is not searched. */
export function batchLine(
  x: string,
  entries: readonly HistoryEntry[],
  shared: SharedValues,
  definitions: DefinitionTable,
  out: { before: string },
  keyPrefixes?: readonly (string | undefined)[],
): string {
  // Built as values and written by one JSON.stringify: far cheaper than concatenating texts per
  // event, and the line comes out as one flat string (no rope for Buffer.from to flatten).
  const b: unknown[][] = [];
  let prevStep: string | undefined;
  let prevPrefix: string | undefined;
  let prevTimeText: string | undefined;
  let prevMs = 0;
  const refs: SharedRef[] = [];
  let prevRefs: SharedRef[] | undefined;
  let prevVisit: unknown[] | undefined;
  // The values of the visit being written and of the one before (two arrays, swapped).
  let scratch: unknown[] = [];
  const msOf = (t: string, eventId: number): number => {
    if (t === prevTimeText) return prevMs;
    const ms = Date.parse(t);
    if (Number.isNaN(ms)) throw new Error(`event ${eventId} has no valid time: ${t}`);
    prevTimeText = t;
    return ms;
  };
  /** A whole step visit as one record (docs/store-format.md "Visit records"); `times` its events' times in ms. */
  const visit = (firstId: number, sched: number | undefined, stepName: string, at: string, shape: VisitShape, times: readonly number[], values: unknown[]) => {
    // Always a list (a version before visit records rejects the line instead of misreading it).
    let time = times.length === 1 ? times : [times[0]];
    for (let k = 1; k < times.length; k++) if (times[k] !== 0) time = times;
    const step = stepName === prevStep ? 1 : stepName;
    prevStep = stepName;
    const key = at === prevPrefix ? 1 : at;
    prevPrefix = at;
    // A literal and pushes, not `new Array(n)`: a holey array takes JSON.stringify's slow path
    // (about 1.6x the time per line, measured on Node 20).
    const record: unknown[] = [-firstId, shape.code, sched ?? 0, step, time, key, 0];
    let mask = 0;
    // 16 ** f as a running product (an exponentiation per field showed in profiles).
    for (let f = 0, digit = 1; f < values.length; f++, digit *= 16) {
      const v = values[f];
      let ref = 0;
      if (typeof v === 'object' && v !== null) {
        for (let g = 0; g < f && !ref; g++) if (values[g] === v) ref = VISIT_POOL + g + 1;
        if (prevVisit) for (let g = 0; g < prevVisit.length && !ref; g++) if (prevVisit[g] === v) ref = g + 1;
      }
      mask += ref * digit;
      record.push(ref ? 0 : v);
    }
    record[6] = mask;
    b.push(record);
  };
  // The per-event code stays in this loop (a closure per event was slower): a visit record that
  // cannot be written whole is written through it, its events queued in `expanded`.
  let expanded: AnyStoredEvent[] | undefined;
  let expandedAt: string | undefined;
  let j = 0;
  for (let i = 0; i < entries.length || expanded !== undefined;) {
    let e: AnyStoredEvent;
    let at: string | undefined;
    if (expanded !== undefined) {
      e = expanded[j++];
      at = expandedAt;
      if (j === expanded.length) expanded = undefined;
    } else {
      const entry = entries[i];
      if (entry instanceof VisitRecord) {
        i++;
        const values = scratch;
        const shape = recordShape(entry, values);
        if (shape) {
          const ms = msOf(entry.time, entry.firstId);
          const t = b.length === 0 ? ms : ms - prevMs;
          prevMs = ms;
          visit(entry.firstId, entry.sched, entry.stepName, entry.at, shape, t === 0 ? SAME_TIME : [t], values);
          scratch = prevVisit ?? [];
          prevVisit = values;
        } else {
          expanded = [];
          visitEvents(entry, expanded);
          expandedAt = entry.at;
          j = 0;
        }
        continue;
      }
      const at0 = keyPrefixes?.[i];
      const shape = at0 === undefined ? undefined : visitShapeAt(entries, i, at0, keyPrefixes!);
      if (shape !== undefined) {
        // A whole step visit recorded event by event, as one record.
        const n = shape.types.length;
        const times: number[] = [];
        for (let k = 0; k < n; k++) {
          const v = entries[i + k] as AnyStoredEvent;
          const ms = msOf(v.time, v.eventId);
          times.push(b.length === 0 && k === 0 ? ms : ms - prevMs);
          prevMs = ms;
        }
        const values = visitValues(entries as AnyStoredEvent[], i, shape);
        visit(entry.eventId, entry.scheduleEventId, entry.stepName!, at0!, shape, times, values);
        prevVisit = values;
        i += n;
        continue;
      }
      e = entry as AnyStoredEvent;
      at = at0;
      i++;
    }
    const code = CODE_OF.get(e.type);
    if (code === undefined) throw new Error(`unknown event type ${e.type}`);
    const step = e.stepName === undefined ? 0 : e.stepName === prevStep ? 1 : e.stepName;
    prevStep = e.stepName;
    let ms: number;
    if (e.time === prevTimeText) ms = prevMs;
    else {
      ms = Date.parse(e.time);
      if (Number.isNaN(ms)) throw new Error(`event ${e.eventId} has no valid time: ${e.time}`);
      prevTimeText = e.time;
    }
    const time = b.length === 0 ? ms : ms - prevMs;
    prevMs = ms;
    let key: unknown;
    if (at !== undefined) {
      key = at === prevPrefix ? 1 : at;
      prevPrefix = at;
    } else {
      const bar = e.key.lastIndexOf('|');
      if (bar < 0) {
        key = [e.key];
        prevPrefix = undefined;
      } else {
        const prefix = e.key.slice(0, bar);
        const p = prefix === prevPrefix ? 1 : prefix;
        prevPrefix = prefix;
        const suffixIsType = e.key.length - bar - 1 === e.type.length && e.key.endsWith(e.type);
        key = suffixIsType ? p : [p, e.key.slice(bar + 1)];
      }
    }
    let detail: unknown;
    if (e.type === 'ExecutionStarted') {
      shared.noteStarted(e);
      const d = e.detail;
      const started: Record<string, unknown> = { input: d.input === undefined ? null : d.input, def: definitions.idOf(d.flowDefinition, (line) => (out.before += line)) };
      if (d.flowPath !== undefined) started.flowPath = d.flowPath;
      if (d.parent !== undefined) started.parent = d.parent;
      if (d.executionMode !== undefined) started.mode = d.executionMode;
      if (d.timeScale !== undefined) started.timeScale = d.timeScale;
      detail = started;
    } else detail = shared.detailValue(e, refs);
    const sched = e.scheduleEventId ?? 0;
    if (refs.length) {
      if (prevRefs && sameRefs(refs, prevRefs)) b.push([e.eventId, code, sched, step, time, key, detail, 1]);
      else b.push([e.eventId, code, sched, step, time, key, detail, (prevRefs = refs.slice())]);
      refs.length = 0;
    } else b.push([e.eventId, code, sched, step, time, key, detail]);
  }
  return `{"x":${x},"b":${JSON.stringify(b)}}\n`;
}

/**
 * The events of one log line (either form), for the execution `x` names. Throws on a line that
 * does not have the shape of either (the caller skips it).
 */
export function decodeLine(line: { x: string; b?: unknown; e?: AnyStoredEvent; s?: SharedRef[] }, definitions: DefinitionTable): LoggedEvent[] {
  if (line.e) return [line.s ? { e: line.e, s: line.s } : { e: line.e }];
  if (!Array.isArray(line.b)) throw new Error('log line without events');
  const slash = line.x.indexOf('/');
  const out: LoggedEvent[] = [];
  let prevStep: string | undefined;
  let prevPrefix: string | undefined;
  let prevRefs: SharedRef[] | undefined;
  let ms = 0;
  let prevVisit: unknown[] | undefined;
  for (let i = 0; i < line.b.length; i++) {
    const a = line.b[i] as unknown[];
    if (typeof a[0] === 'number' && a[0] < 0) {
      // A visit record (batchLine): its events, in order.
      const [negId, shapeCode, sched, step, time, key, mask] = a as [number, number, number, string | 1, number[], string | 1, number];
      const shape = VISIT_SHAPES[shapeCode];
      const n = shape?.types.length ?? 0;
      if (!shape || typeof sched !== 'number' || typeof mask !== 'number' || !Array.isArray(time) || (time.length !== 1 && time.length !== n))
        throw new Error('malformed visit in log line');
      const stepName = step === 1 ? prevStep : step;
      const prefix = key === 1 ? prevPrefix : key;
      if (typeof stepName !== 'string' || typeof prefix !== 'string') throw new Error('malformed visit in log line');
      prevStep = stepName;
      prevPrefix = prefix;
      const values: unknown[] = [];
      let m = mask;
      for (let f = 7; f < a.length; f++, m = Math.floor(m / 16)) {
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
        out.push({ e: e as unknown as AnyStoredEvent });
      }
      if (v !== values.length) throw new Error('malformed visit in log line');
      continue;
    }
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
    if (type === undefined || typeof eventId !== 'number' || typeof time !== 'number') throw new Error('malformed event in log line');
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

function sameRefs(a: readonly SharedRef[], b: readonly SharedRef[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
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
