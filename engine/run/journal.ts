/**
 * The journal every side effect goes through. The interpreter is deterministic: given the same
 * history it asks for the same facts under the same keys. `record` appends a fact (durably, before
 * returning) unless the history already holds one under that key, in which case it returns the
 * recorded event and appends nothing. That is all replay is: run the flow again from the start;
 * completed steps find their results here and never run again.
 *
 * Two lookups, so a fresh execution pays for no map it does not need:
 * - `replayed`: the history recorded before this run (by an earlier process, or before a
 *   suspend). Empty for a new execution, and then no lookup hashes a key at all.
 * - `live`: facts recorded by this run that this run may look up or try to record again (a
 *   task's result, which a timeout and a late report may race for; submissions, timers, the
 *   execution's end). The structural events of step visits, branches and iterations are left
 *   out: their keys carry the visit number, scope path and attempt, so the interpreter records
 *   each of them exactly once per run and only asks for them before recording them.
 */
import { isoTime, type Clock } from '../clock';
import { isEngineEvent, type AnyStoredEvent, type EventDetails, type EventType, type StoredEvent } from '../history/events';
import { KeyedEvent, TAKES_RECORDS_ONCE, visitKey, VisitRecord, type HistoryEntry, type VisitEventNames, type VisitPhase } from '../history/visit-record';

/** Recorded once per run by construction (see above): not kept in the live map. */
const STRUCTURAL: ReadonlySet<EventType> = new Set<EventType>([
  'StepEntered',
  'StepStarted',
  'StepSucceeded',
  'StepFailed',
  'StepExited',
  'StateEntered',
  'StateStarted',
  'StateSucceeded',
  'StateFailed',
  'StateTimedOut',
  'StateAborted',
  'BranchEntered',
  'BranchExited',
  'IterationEntered',
  'IterationExited',
]);

/** Events that may share one reading of the clock within a synchronous stretch (Journal.isoNow). */
const READS_PER_CLOCK = 64;

/** An execution's end is recorded even past the event limit: it is how the limit ends it. */
const END_TYPES: ReadonlySet<EventType> = new Set<EventType>(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionStopped', 'ExecutionTimedOut']);

/** Live facts searched in a list up to this many (Journal.live). */
const LIVE_LIST = 8;

const NO_EVENTS: ReadonlyMap<string, AnyStoredEvent> = new Map();
const RESOLVED = Promise.resolve();

/** `|<type>` per event type, made once: a key is then one concatenation (one string kept per event, not two). */
const KEY_SUFFIXES = new Map<string, string>();
function keySuffix(type: string): string {
  let suffix = KEY_SUFFIXES.get(type);
  if (suffix === undefined) KEY_SUFFIXES.set(type, (suffix = `|${type}`));
  return suffix;
}

export class Journal {
  // Both made only when needed (most executions replay nothing): a Map is a sizeable allocation per execution.
  private readonly replayed: ReadonlyMap<string, AnyStoredEvent> = NO_EVENTS;
  /** Whether this run replays an earlier history (only then can a structural fact be found); asked at every visit. */
  readonly replaying: boolean = false;
  /**
   * The live facts: a few (a task's schedule and result, the execution's end) searched in a list
   * (keys of different lengths differ at once), a Map once there are more: a Map per execution and
   * the hashing of each key (a joined text, flattened to be hashed) cost more than the search.
   */
  private live: AnyStoredEvent[] | Map<string, AnyStoredEvent> | undefined;
  private nextId: number;
  /** Set once the execution has ended: late facts from work still winding down are dropped. */
  closed = false;
  /** Whether the sink is handed a visit record again each time it grows (see TAKES_RECORDS_ONCE). */
  private readonly growthNoticed: boolean;
  /** Service events in the history (engine-internal timer events do not count towards the limit). */
  private serviceEvents = 0;

  constructor(
    history: readonly AnyStoredEvent[],
    /**
     * `keyPrefix`: the `<at>` of a key recorded by recordAt (`<at>|<type>`), for the store's writer.
     * A visit record (visitEvent) is handed over when made and again each time it takes an event.
     */
    private readonly sink: (e: HistoryEntry, keyPrefix?: string) => void,
    private readonly clock: Clock,
    /**
     * The most service events the execution may have (0: no limit), and what to do instead of
     * recording one more: end the execution (which records its end event past the limit and
     * closes this journal, so the fact asked for is dropped like any fact after the end).
     */
    private readonly limit: { maxEvents: number; onReached: () => void } = { maxEvents: 0, onReached: () => {} },
  ) {
    this.growthNoticed = (sink as { [TAKES_RECORDS_ONCE]?: boolean })[TAKES_RECORDS_ONCE] !== true;
    for (const e of history) if (!isEngineEvent(e.type)) this.serviceEvents++;
    let max = 0;
    // ExecutionStarted is never asked for: a history of just that one is a fresh execution.
    if (history.length > 1) {
      const replayed = new Map<string, AnyStoredEvent>();
      for (const e of history) replayed.set(e.key, e);
      this.replayed = replayed;
      this.replaying = replayed.size > 0;
    }
    for (const e of history) if (e.eventId > max) max = e.eventId;
    this.nextId = max + 1;
  }

  find<T extends EventType>(key: string): StoredEvent<T> | undefined {
    return this.lookup(key) as StoredEvent<T> | undefined;
  }

  has(key: string): boolean {
    return this.lookup(key) !== undefined;
  }

  /**
   * record() of a fact whose key is `<at>|<type>` (a step visit's, a branch's, an iteration's, a
   * timer's). The store is handed `at` as well, so writing the key needs no search of the key's
   * text (a search would first copy the concatenated key into one flat string).
   */
  recordAt<T extends EventType>(type: T, at: string, detail: EventDetails[T], stepName?: string, scheduleEventId?: number): StoredEvent<T> {
    // The key is joined only to look it up when replaying, or for an event that is not structural.
    return this.append(type, this.replayed.size || !STRUCTURAL.has(type) ? at + keySuffix(type) : '', detail, stepName, scheduleEventId, at);
  }

  /**
   * `stepName` and `scheduleEventId` are plain arguments (not an options object): a step visit
   * records four events, and an options object per event is garbage the collector pays for.
   */
  record<T extends EventType>(type: T, key: string, detail: EventDetails[T], stepName?: string, scheduleEventId?: number): StoredEvent<T> {
    return this.append(type, key, detail, stepName, scheduleEventId);
  }

  private append<T extends EventType>(
    type: T,
    key: string,
    detail: EventDetails[T],
    stepName: string | undefined,
    scheduleEventId: number | undefined,
    keyPrefix?: string,
  ): StoredEvent<T> {
    const structural = STRUCTURAL.has(type);
    const existing = structural ? (this.replayed.size ? this.replayed.get(key) : undefined) : this.lookup(key);
    if (existing) return existing as StoredEvent<T>;
    const counted = !isEngineEvent(type);
    if (counted && !this.closed && this.limit.maxEvents > 0 && this.serviceEvents >= this.limit.maxEvents && !END_TYPES.has(type)) this.limit.onReached();
    if (this.closed) return { eventId: 0, type, key: key || `${keyPrefix}|${type}`, time: this.isoNow(), detail } as StoredEvent<T>;
    // One object shape for every event (absent fields are undefined; JSON leaves them out). A
    // structural one keeps its key as the prefix it was recorded under (never looked up here).
    // The memory store keeps these members, in this order (history/visit-slots.ts putEvent).
    const event = (
      structural && keyPrefix !== undefined
        ? new KeyedEvent(this.nextId++, scheduleEventId, type, stepName, this.isoNow(), keyPrefix, detail)
        : { eventId: this.nextId++, scheduleEventId, type, stepName, time: this.isoNow(), key, detail }
    ) as StoredEvent<T>;
    if (counted) this.serviceEvents++;
    this.sink(event as AnyStoredEvent, keyPrefix);
    if (!structural) this.keepLive(key, event as AnyStoredEvent);
    return event;
  }

  /**
   * One event of a state visit, `<at>|<type>` (the scheduler's entered, started, end and exited
   * events): kept with the visit's events just before it as one record when it follows them
   * (history/visit-record.ts), else in a record of its own. `a`, `b`: its detail's values: the
   * entered detail; the started input and task token; the end's output, or its error and cause;
   * the exited local. Returns its eventId (the recorded one when replayed; 0 once closed).
   */
  visitEvent(
    names: VisitEventNames,
    phase: VisitPhase,
    type: EventType,
    scopeKey: string,
    visitNo: number,
    stepName: string,
    scheduleEventId: number | undefined,
    a: unknown,
    b?: unknown,
  ): number {
    if (this.replayed.size) {
      const existing = this.replayed.get(visitKey(scopeKey, stepName, visitNo) + keySuffix(type));
      if (existing) return existing.eventId;
    }
    if (!this.closed && this.limit.maxEvents > 0 && this.serviceEvents >= this.limit.maxEvents) this.limit.onReached();
    if (this.closed) return 0;
    const id = this.nextId++;
    const time = this.isoNow();
    this.serviceEvents++;
    const last = this.lastVisit;
    if (
      last !== undefined &&
      this.lastVisitId === id - 1 &&
      scheduleEventId === id - 1 &&
      phase > this.lastVisitPhase &&
      !last.sealed &&
      this.lastVisitNo === visitNo &&
      last.stepName === stepName &&
      last.scopeKey === scopeKey &&
      last.time === time &&
      last.names === names
    ) {
      last.add(phase, type, a, b);
      this.lastVisitId = id;
      this.lastVisitPhase = phase;
      if (this.growthNoticed) this.sink(last);
      return id;
    }
    const record = new VisitRecord(names, id, scheduleEventId, stepName, scopeKey, visitNo, time);
    record.add(phase, type, a, b);
    this.lastVisit = record;
    this.lastVisitId = id;
    this.lastVisitNo = visitNo;
    this.lastVisitPhase = phase;
    this.sink(record);
    return id;
  }

  /** The visit record the last visitEvent made or grew, the id, phase and visit number of its last event (no getter read per event). */
  private lastVisit: VisitRecord | undefined = undefined;
  private lastVisitId = 0;
  private lastVisitNo = 0;
  private lastVisitPhase = 0;

  private lookup(key: string): AnyStoredEvent | undefined {
    if (this.replayed.size) {
      const e = this.replayed.get(key);
      if (e) return e;
    }
    const live = this.live;
    if (live === undefined) return undefined;
    if (live instanceof Map) return live.get(key);
    for (let i = 0; i < live.length; i++) if (live[i].key === key) return live[i];
    return undefined;
  }

  /** A fact recorded once (record returns a recorded key's event, so none is kept twice). */
  private keepLive(key: string, event: AnyStoredEvent): void {
    const live = this.live;
    if (live === undefined) this.live = [event];
    else if (live instanceof Map) live.set(key, event);
    else if (live.length < LIVE_LIST) live.push(event);
    else {
      const map = new Map<string, AnyStoredEvent>();
      for (const e of live) map.set(e.key, e);
      map.set(key, event);
      this.live = map;
    }
  }

  /**
   * The clock's time as ISO 8601. Events recorded in one synchronous stretch of the engine (no
   * await between them) share one reading of the clock, refreshed every READS_PER_CLOCK events
   * within a long stretch: a reading of the system clock costs more than recording an event
   * (SEMANTICS.md "Time"), and no time can pass for the flow within a stretch but the engine's own.
   */
  private isoNow(): string {
    if (this.nowStretch === stretch && --this.readsLeft > 0) return this.nowIso;
    if (!stretchEnding) {
      stretchEnding = true;
      // A promise reaction, not queueMicrotask: the same microtask queue, without the async
      // resource and bound function Node wraps each queueMicrotask callback in.
      void RESOLVED.then(endStretch);
    }
    this.nowStretch = stretch;
    this.readsLeft = READS_PER_CLOCK;
    return (this.nowIso = isoTime(this.clock.now()));
  }

  private nowIso = '';
  /** The stretch nowIso was read in (see `stretch`). */
  private nowStretch = -1;
  private readsLeft = 0;
}

/**
 * Synchronous stretches of the engine, counted: one promise reaction, queued at the first clock
 * reading of a stretch by any journal, ends it on the next microtask (for every journal at once:
 * no callback per journal). A journal's reading is good within the stretch it was made in.
 */
let stretch = 0;
let stretchEnding = false;
function endStretch(): void {
  stretch++;
  stretchEnding = false;
}
