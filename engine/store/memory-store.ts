/**
 * A HistoryStore that writes nothing: histories live in this process and end with it. For runs
 * that need no persistence — `fdl test` scenarios, the engine benchmark's in-memory column — so
 * they pay for no write() or fsync. Everything else behaves as with the durable store: the same
 * events, the same folded state, listeners told once per event-loop turn.
 */
import type { ExecutionStatus } from '../backend';
import type { AnyStoredEvent, StoredEvent } from '../history/events';
import { applyEntry, applyEvent, isTerminal, NO_FINISHED, NO_PENDING, type ExecutionState } from '../history/fold';
import { TAKES_RECORDS_ONCE, VisitRecord, type HistoryEntry } from '../history/visit-record';
import { compactLast, expandSlots, isPlainEvent, putEvent } from '../history/visit-slots';
import type { HistoryStore, StoredReport } from './history-store';
import { NAME_PATTERN } from './execution-store';
import { NameFilter } from './name-filter';

/**
 * An execution's folded state (history/fold.ts) with its history: one object per execution, not
 * two (describe() hands out the entry as its state).
 */
interface Entry extends ExecutionState {
  /**
   * The history as the journal handed it over, events and visit records; a record is compacted
   * into slots of this array once final (history/visit-slots.ts): when the next entry comes.
   */
  log: unknown[];
  /** The slots of `log` in use: it is made as long as the last finished history was (MemoryStore.logHint). */
  size: number;
  /** The first slot not yet handed to onWritten; -1: none is waiting. */
  unpublished: number;
}

/**
 * What initialState(first) is (history/fold.ts), with an empty history, as one object: every
 * member of ExecutionState in initialState's order (the compiler checks the required ones; keep
 * the two alike), then the entry's own.
 */
function newEntry(first: StoredEvent<'ExecutionStarted'>, logLength: number): Entry {
  const { detail } = first;
  return {
    flowName: detail.flowName,
    executionName: detail.executionName,
    status: 'Running',
    input: detail.input,
    output: undefined,
    error: undefined,
    cause: undefined,
    startedTime: first.time,
    stoppedTime: undefined,
    flowDefinition: detail.flowDefinition,
    flowPath: detail.flowPath,
    parent: detail.parent,
    pendingCallbacks: NO_PENDING,
    finishedTokens: NO_FINISHED,
    lastEventId: first.eventId,
    log: new Array(logLength),
    size: 0,
    unpublished: -1,
  };
}

/** The entry's folded state, its last id brought up to the last record's (a record grows unannounced). */
function stateOf(entry: Entry): ExecutionState {
  const last = entry.log[entry.size - 1];
  if (last instanceof VisitRecord && last.lastId > entry.lastEventId) entry.lastEventId = last.lastId;
  return entry;
}

/**
 * `log[0]` of an entry whose ExecutionStarted is not kept: it is what startedOf(entry) makes
 * again (an execution's state holds all of it), so a sequential execution keeps two objects fewer.
 */
const STARTED_FROM_ENTRY = Symbol('ExecutionStarted, made again from the entry');

/** The members of the ExecutionStarted events startedOf() makes, in their order. */
const STARTED_KEYS = ['eventId', 'type', 'time', 'key', 'detail'];
const STARTED_DETAIL_KEYS = ['input', 'flowName', 'executionName', 'flowDefinition', 'flowPath', 'parent'];

/** ExecutionStarted as LocalBackend.begin makes it, from the entry's state. */
function startedOf(e: Entry): AnyStoredEvent {
  const detail: StoredEvent<'ExecutionStarted'>['detail'] = { input: e.input, flowName: e.flowName, executionName: e.executionName, flowDefinition: e.flowDefinition };
  if (e.flowPath !== undefined) detail.flowPath = e.flowPath;
  if (e.parent !== undefined) detail.parent = e.parent;
  return { eventId: 1, type: 'ExecutionStarted', time: e.startedTime, key: '$|ExecutionStarted', detail };
}

/**
 * Whether startedOf(newEntry(first)) is `first` member for member, in the same order (plain
 * objects; the optional detail members only when set): anything else is kept as it came.
 */
function madeAgainAlike(first: StoredEvent<'ExecutionStarted'>): boolean {
  if (first.eventId !== 1 || first.key !== '$|ExecutionStarted' || Object.getPrototypeOf(first) !== Object.prototype) return false;
  let i = 0;
  for (const k in first) if (k !== STARTED_KEYS[i++]) return false;
  if (i !== STARTED_KEYS.length) return false;
  const detail = first.detail as unknown as Record<string, unknown>;
  if (Object.getPrototypeOf(detail) !== Object.prototype) return false;
  i = 0;
  for (const k in detail) {
    // The optional ones (flowPath, parent) may be left out; present, they hold a value.
    while (i >= 4 && i < STARTED_DETAIL_KEYS.length && k !== STARTED_DETAIL_KEYS[i]) i++;
    if (k !== STARTED_DETAIL_KEYS[i++] || (i > 4 && detail[k] === undefined)) return false;
  }
  return i >= 4;
}

/** The events of the entry's log from slot `from` on (a new array). */
function eventsOf(entry: Entry, from: number): AnyStoredEvent[] {
  if (from === 0 && entry.log[0] === STARTED_FROM_ENTRY) return expandSlots(entry.log, 1, entry.size, [startedOf(entry)]);
  return expandSlots(entry.log, from, entry.size);
}

/** The longest log made ahead (slots): a long history grows its own, as any array does. */
const LOG_HINT_MAX = 512;

export class MemoryStore implements HistoryStore {
  /**
   * By flow, then by execution name: no `<flow>/<execution>` text is joined (and hashed) per call;
   * a name's hash is kept with its string, so a lookup by the same names hashes nothing again.
   * Entries are put in only when a lookup needs them (index): `names` says first whether a name
   * can be held at all, so a new execution's start neither searches nor grows the map.
   */
  private readonly byFlow = new Map<string, Map<string, Entry>>();
  private readonly names = new NameFilter();
  /** Every entry in the order first stored (listNames); deleted ones are left out when it is next read. */
  private order: Entry[] = [];
  /** The entries of `order` before this index are in byFlow. */
  private indexed = 0;
  private deletedSince = false;
  /** Slots the last history that ended took (up to LOG_HINT_MAX): a new execution's log is made that long. */
  private logHint = 0;
  private dirty: Entry[] = [];
  private flushScheduled = false;
  private lastFound?: Entry;
  /** The flow name of the last execution stored (it matched NAME_PATTERN): the next one is most often of the same flow. */
  private goodFlow?: string = undefined;
  /** The last names find() did not find; forgotten when an execution is stored (only that can make them exist). */
  private missedFlow?: string = undefined;
  private missedName?: string = undefined;
  readonly storedReports = new Map<string, StoredReport>();
  readonly finishedTokensAtOpen = new Set<string>();
  onWritten?: (flowName: string, executionName: string, events: readonly AnyStoredEvent[]) => void;

  exists(flowName: string, executionName: string): boolean {
    return this.find(flowName, executionName) !== undefined;
  }

  status(flowName: string, executionName: string): ExecutionStatus | undefined {
    return this.find(flowName, executionName)?.status;
  }

  append(flowName: string, executionName: string, event: AnyStoredEvent): void {
    // A start just asked whether the name exists (the last miss): no second search of a large map.
    let entry = this.missedName === executionName && this.missedFlow === flowName ? undefined : this.find(flowName, executionName);
    if (!entry) {
      if (event.type !== 'ExecutionStarted' || (flowName !== this.goodFlow && !NAME_PATTERN.test(flowName)) || !NAME_PATTERN.test(executionName))
        throw new Error(`execution ${flowName}/${executionName} does not exist`);
      this.goodFlow = flowName;
      // As long as the last history that ended (up to LOG_HINT_MAX): made once, not grown step by step.
      entry = newEntry(event, this.logHint);
      this.names.add(flowName, executionName, () => this.order);
      this.missedName = this.missedFlow = undefined;
      this.order.push(entry);
      // Its run's appender, its wait and its describe ask for it next.
      this.lastFound = entry;
      if (madeAgainAlike(event)) {
        entry.log[0] = STARTED_FROM_ENTRY;
        entry.size = 1;
        if (this.onWritten) this.markUnpublished(entry, 0);
        return;
      }
    } else applyEvent(entry, event);
    this.push(entry, event);
  }

  appender(flowName: string, executionName: string): (event: HistoryEntry) => void {
    const entry = this.find(flowName, executionName);
    if (!entry) throw new Error(`execution ${flowName}/${executionName} does not exist`);
    const append = (event: HistoryEntry) => {
      applyEntry(entry, event);
      this.push(entry, event, true);
    };
    // A record is handed over once: as it grows, only the fold's last id would move, which
    // describe() takes from the last record (stateOf). Set as one property (an Object.assign of a
    // literal with a computed key is an object and a slow path per execution).
    (append as unknown as Record<symbol, boolean>)[TAKES_RECORDS_ONCE] = true;
    return append;
  }

  /** `journal`: handed over by the run's journal (its plain events kept as slots: history/visit-slots.ts). */
  private push(entry: Entry, event: HistoryEntry, journal = false): void {
    const log = entry.log;
    let size = entry.size;
    const last = size > 0 ? log[size - 1] : undefined;
    // The journal grows only its last record, and never once a later entry came: the one before is final.
    if (last instanceof VisitRecord) {
      if (last.lastId > entry.lastEventId) entry.lastEventId = last.lastId;
      // In place: an unpublished range (from a slot up to the end) still holds it whole.
      size = compactLast(log, size - 1, last);
    }
    const start = size;
    if (journal && isPlainEvent(event)) size = putEvent(log, size, event);
    else log[size++] = event;
    entry.size = size;
    // Ended: the next history is made this long, and this one keeps no slack.
    if (entry.status !== 'Running') {
      this.logHint = Math.min(size, LOG_HINT_MAX);
      if (log.length > size) log.length = size;
    }
    if (this.onWritten) this.markUnpublished(entry, start);
  }

  /** Slots from `start` on are to be handed to onWritten, with the next flush. */
  private markUnpublished(entry: Entry, start: number): void {
    if (entry.unpublished === -1) {
      entry.unpublished = start;
      this.dirty.push(entry);
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Held in memory only (a report for a step that is not waiting yet is also held by the token registry). */
  appendReport(report: StoredReport): void {
    if (!this.storedReports.has(report.token)) this.storedReports.set(report.token, report);
  }

  whenWritten(): Promise<void> {
    return Promise.resolve();
  }

  durable(): Promise<void> {
    return Promise.resolve();
  }

  flush(): void {
    this.flushScheduled = false;
    const dirty = this.dirty;
    if (dirty.length === 0) return;
    this.dirty = [];
    for (const entry of dirty) {
      const { log, size } = entry;
      const from = entry.unpublished;
      entry.unpublished = -1;
      // Published: a record takes no more events (the rest of its visit goes in a record of its own).
      // Only the last entry can be a record not compacted yet.
      const last = log[size - 1];
      if (last instanceof VisitRecord) last.seal();
      this.onWritten?.(entry.flowName, entry.executionName, eventsOf(entry, from));
    }
  }

  readHistory(flowName: string, executionName: string): AnyStoredEvent[] {
    const entry = this.find(flowName, executionName);
    return entry ? eventsOf(entry, 0) : [];
  }

  describe(flowName: string, executionName: string): ExecutionState | undefined {
    const entry = this.find(flowName, executionName);
    return entry && stateOf(entry);
  }

  listNames(): { flowName: string; name: string; status: ExecutionStatus; startedTime: string }[] {
    if (this.deletedSince) {
      this.index();
      this.order = this.order.filter((e) => this.byFlow.get(e.flowName)?.get(e.executionName) === e);
      this.indexed = this.order.length;
      this.deletedSince = false;
    }
    return this.order.map((e) => ({ flowName: e.flowName, name: e.executionName, status: e.status, startedTime: e.startedTime }));
  }

  delete(flowName: string, executionName: string): boolean {
    const entry = this.find(flowName, executionName);
    if (!entry) return false;
    if (!isTerminal(entry.status)) throw new Error(`execution ${flowName}/${executionName} has not finished`);
    // The last one found may not be in the map yet.
    this.index();
    this.byFlow.get(flowName)!.delete(executionName);
    this.deletedSince = true;
    if (this.lastFound === entry) this.lastFound = undefined;
    return true;
  }

  close(): void {
    this.flush();
  }

  /** The execution's entry; the last one found is kept (a start, its wait and its describe ask in a row). */
  private find(flowName: string, executionName: string): Entry | undefined {
    const last = this.lastFound;
    if (last && last.executionName === executionName && last.flowName === flowName) return last;
    const entry = this.names.mayHold(flowName, executionName) ? (this.index(), this.byFlow.get(flowName)?.get(executionName)) : undefined;
    if (entry) this.lastFound = entry;
    else {
      this.missedFlow = flowName;
      this.missedName = executionName;
    }
    return entry;
  }

  /** Puts the entries stored since the last lookup that needed the map in it. */
  private index(): void {
    const { order } = this;
    for (let i = this.indexed; i < order.length; i++) {
      const e = order[i];
      let executions = this.byFlow.get(e.flowName);
      if (!executions) this.byFlow.set(e.flowName, (executions = new Map()));
      executions.set(e.executionName, e);
    }
    this.indexed = order.length;
  }
}
