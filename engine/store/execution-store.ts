/**
 * The durable store of executions under one directory (default `<workspace>/.fdl/executions`):
 * one append-only log, `history.jsonl`, shared by every execution (one line per execution per
 * write), its index rebuilt by scanning the log on open. The format, its checksums and what a
 * damaged line becomes: docs/store-format.md.
 *
 * Group commit: `append` only buffers. The buffer is written (one write() for every execution's
 * new events) at the end of the current turn of the event loop, or at once by `flush()`; callers
 * that are about to make something visible outside the process wait for that write
 * (`whenWritten`, `flush`), and callers about to cause a real side effect also wait for fsync
 * (`durable`). Whatever was written is fsync'ed within SYNC_WINDOW_MS in any case. What each
 * guarantee means for executions is in engine/SEMANTICS.md ("Durability").
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCE_NAME_PATTERN } from '../../fdl/resource-name';
import type { ExecutionStatus } from '../backend';
import type { AnyStoredEvent, StoredEvent } from '../history/events';
import { applyEntry, applyEvent, foldHistory, initialState, isTerminal, type ExecutionState } from '../history/fold';
import { expandHistory, VisitRecord, type HistoryEntry } from '../history/visit-record';
import type { HistoryStore, StoreDamage, StoredReport } from './history-store';
import { AppendFile } from './append-file';
import { readJsonRanges, scanJsonLines, type DamagedLine } from './jsonl-log';
import { sealedLine, sealedLines } from './line-checksum';
import { keepAside } from './quarantine';
import { engineText } from '../messages';
import { FnfApiError } from '../errors';
import { EXECUTION_END_KEY } from '../history/scope-keys';
import { findLegacyExecutions, readLegacyHistory } from './legacy-layout';
import { resolveShared, SharedValues } from '../history/shared-values';
import { BatchWriter, batchLine, decodeLine, DefinitionTable, mayHoldNextVisits, writeBatch, type LoggedEvent } from './log-lines';
import { LineBuffer } from './line-buffer';
import { removeStaleCompaction, rewriteLog } from './log-compaction';
import { storeOwner } from './store-lock';

type LogLine = Parameters<typeof decodeLine>[0];

/** Execution and flow names: the service's rule, 1–128 chars (fdl/resource-name.ts). */
export const NAME_PATTERN = RESOURCE_NAME_PATTERN;

export const LOG_FILE = 'history.jsonl';
/** Written data is fsync'ed at most this long after its write (the power-loss window). */
export const SYNC_WINDOW_MS = 50;
/** A compaction is worth its rewrite once deleted executions take this much of the log (and half of it). */
export const COMPACT_MIN_DEAD_BYTES = 1 << 20;
/** Finished executions whose folded state stays in memory (older ones are folded from disk on demand). */
const RECENT_FINISHED = 1000;

export type { StoredReport } from './history-store';

interface Entry {
  flowName: string;
  name: string;
  status: ExecutionStatus;
  startedTime: string;
  /** JSON text of `<flow>/<execution>`, the `x` of each of this execution's log lines. */
  x: string;
  /** [offset, length] pairs of this execution's bytes in the log, in order. */
  ranges: number[];
  /** History file of an earlier store version, read before `ranges`. */
  legacyPath?: string;
  /**
   * The whole history as entries (events, and visits as records: history/visit-record.ts), kept
   * while the execution has not ended (and until its end is written). Those from `pendingFrom` on
   * are appended and not yet written (none when `events` is undefined).
   */
  events?: HistoryEntry[];
  pendingFrom: number;
  /**
   * Beside each pending entry (`at[i - pendingFrom]`), its key's `<at>` when it was recorded as
   * `<at>|<type>` (Journal.recordAt); made on the first such entry (a history of visit records has none).
   */
  at?: (string | undefined)[];
  /** Bytes of its line in the write being made. */
  lineBytes: number;
  /** The fold of the history: kept while running and for the most recently finished executions. */
  state?: ExecutionState;
  /** Large values this process already wrote for the execution (shared-values.ts). */
  shared?: SharedValues;
  /** Id of its definition line (log-lines.ts), when the log holds one: kept by a compaction. */
  def?: number;
  /** Unfinished when a damaged line was found that may hold its events: shown failed with this cause, never resumed. */
  damaged?: string;
  /** Ended by the store because an event could not be encoded: later appends are ignored. */
  closed?: boolean;
  /**
   * Set when a whole line of it could not be read (written by a newer version: docs/store-format.md,
   * "Lines from a newer version"): why this version only reads it. Never resumed nor written to.
   */
  newer?: string;
}

/** The error of an execution a newer version wrote lines of that this version cannot read (read-only here). */
export const WRITTEN_BY_NEWER_VERSION_ERROR = 'Local.WrittenByNewerVersion';

/** The error of an execution whose history may have lost events to a damaged line (never resumed). */
export const HISTORY_DAMAGED_ERROR = 'Local.HistoryDamaged';

const TERMINAL_STATUS: Partial<Record<string, ExecutionStatus>> = {
  ExecutionSucceeded: 'Succeeded',
  ExecutionFailed: 'Failed',
  ExecutionStopped: 'Stopped',
  ExecutionTimedOut: 'TimedOut',
};

export class ExecutionStore implements HistoryStore {
  private readonly entries = new Map<string, Entry>();
  private log!: AppendFile;
  private dirty: Entry[] = [];
  /** What each write() carries is written here first (kept from one write to the next). */
  private readonly lines = new LineBuffer();
  /** Writes each execution's line into `lines` (kept from one line to the next). */
  private readonly writer = new BatchWriter();
  /** The definition lines a write brings (log-lines.ts DefinitionTable), as text. */
  private readonly newDefinitions = { before: '' };
  private pendingReports: StoredReport[] = [];
  /** Deleted executions whose `{"rm"}` line is not written yet (and earlier-layout files to remove then). */
  private pendingRemovals: { x: string; legacyPath?: string }[] = [];
  private flushScheduled = false;
  private writtenWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private recentFinished: Entry[] = [];
  private lastFound?: Entry;
  /** The names find() last found no entry for; forgotten when an entry is made (only append makes one once loaded). */
  private missedFlow?: string = undefined;
  private missedName?: string = undefined;
  private definitions = new DefinitionTable();
  /** Bytes of the log that belong to deleted executions (and their `{"rm"}` lines). */
  private deadBytes = 0;
  /** Executions with lines but no start (found while loading): the first such line's offset. */
  private orphans = new Map<string, number>();
  /**
   * Whole lines this version cannot read that belong to no execution it lists ('' for lines of no
   * execution; else the `<flow>/<execution>` whose start it cannot read), as [offset, length]
   * pairs, and the line number of each one's first: a compaction copies them as they are.
   */
  private foreign = new Map<string, { ranges: number[]; line: number }>();
  /** Damaged lines found when the log was opened (docs/store-format.md, "Damage"). */
  damage: readonly StoreDamage[] = [];
  /** Called once an execution was ended by the store (an event it could not encode): its run must stop. */
  onEnded?: (flowName: string, executionName: string) => void;
  /** Reports stored by `appendReport`, as found when the store was opened (by token). */
  readonly storedReports = new Map<string, StoredReport>();
  /** Tokens of finished tasks and executions, as found when the store was opened. */
  readonly finishedTokensAtOpen = new Set<string>();
  /** Called after each write with the events it made durable against a process kill. */
  onWritten?: (flowName: string, executionName: string, events: readonly AnyStoredEvent[]) => void;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.load();
  }

  /** Builds the index from the earlier layout's files and the log. */
  private load(): void {
    this.missedFlow = this.missedName = undefined;
    // Only the owner: another process's open must not pull a rewrite from under it.
    if (storeOwner(this.dir) === process.pid) removeStaleCompaction(this.logPath);
    this.loadLegacy();
    const scan = scanJsonLines(this.logPath, (v, offset, length, line) => this.loadLine(v, offset, length, line));
    this.log = new AppendFile(this.logPath, scan.goodBytes, scan.size);
    this.damage = this.judgeDamage(scan.damaged);
    this.orphans.clear();
    for (const e of this.entries.values()) {
      for (const t of e.state?.finishedTokens ?? []) this.finishedTokensAtOpen.add(t);
      if (isTerminal(e.status)) this.rememberFinished(e);
    }
  }

  get logPath(): string {
    return join(this.dir, LOG_FILE);
  }

  exists(flowName: string, executionName: string): boolean {
    return this.find(flowName, executionName) !== undefined || this.foreign.has(`${flowName}/${executionName}`);
  }

  /**
   * Why this version must not write to the execution (undefined: it may): a newer version wrote
   * lines of it that this version cannot read. Such an execution is never resumed, stopped,
   * reported to, deleted or appended to here.
   */
  readOnly(flowName: string, executionName: string): string | undefined {
    const key = `${flowName}/${executionName}`;
    const f = this.foreign.get(key);
    return this.find(flowName, executionName)?.newer ?? (f ? engineText('writtenByNewerVersion', key, f.line, this.logPath) : undefined);
  }

  /** Status without reading the history (undefined: no such execution). */
  status(flowName: string, executionName: string): ExecutionStatus | undefined {
    return this.find(flowName, executionName)?.status;
  }

  /** Buffers one event; it is written at the end of this event-loop turn (or by `flush`). */
  append(flowName: string, executionName: string, event: AnyStoredEvent): void {
    // find() checks both names (they hold no `/`, so the plain key is unambiguous).
    let entry = this.find(flowName, executionName);
    if (entry && entry.newer !== undefined) throw new FnfApiError('InvalidArgument', entry.newer);
    if (!entry) {
      const key = `${flowName}/${executionName}`;
      const f = this.foreign.size ? this.foreign.get(key) : undefined;
      if (f) throw new FnfApiError('InvalidArgument', engineText('writtenByNewerVersion', key, f.line, this.logPath));
      if (event.type !== 'ExecutionStarted') throw new Error(`execution ${key} does not exist`);
      entry = newEntry(flowName, executionName, event.time);
      this.missedFlow = this.missedName = undefined;
      entry.events = [event];
      entry.state = initialState(event);
      this.entries.set(key, entry);
      // Its run's appender, its wait and its describe ask for it next.
      this.lastFound = entry;
      this.buffer(entry, event);
    } else this.appendTo(entry, event);
  }

  appender(flowName: string, executionName: string): (event: HistoryEntry, keyPrefix?: string) => void {
    const entry = this.find(flowName, executionName);
    if (!entry) throw new Error(`execution ${flowName}/${executionName} does not exist`);
    if (entry.newer !== undefined) throw new FnfApiError('InvalidArgument', entry.newer);
    return (event, keyPrefix) => this.appendTo(entry, event, keyPrefix);
  }

  private appendTo(entry: Entry, event: HistoryEntry, keyPrefix?: string): void {
    if (entry.newer !== undefined) throw new FnfApiError('InvalidArgument', entry.newer);
    if (entry.closed) return;
    if (!entry.events) {
      entry.events = this.readStored(entry);
      entry.pendingFrom = entry.events.length;
    }
    entry.state ??= foldHistory(entry.events);
    if (entry.state) applyEntry(entry.state, event);
    // A record handed over again has grown: still pending (a written one is sealed and grows no more).
    if (event instanceof VisitRecord && entry.events[entry.events.length - 1] === event) return;
    entry.events.push(event);
    this.buffer(entry, event, keyPrefix);
  }

  /** `event`, just pushed onto `entry.events`, is pending. */
  private buffer(entry: Entry, event: HistoryEntry, keyPrefix?: string): void {
    const before = entry.events!.length - 1 - entry.pendingFrom;
    if (before === 0) this.dirty.push(entry);
    if (entry.at) entry.at.push(keyPrefix);
    else if (keyPrefix !== undefined) {
      const at: (string | undefined)[] = [];
      for (let i = 0; i < before; i++) at.push(undefined);
      at.push(keyPrefix);
      entry.at = at;
    }
    if (event instanceof VisitRecord) return this.scheduleFlush();
    const ended = TERMINAL_STATUS[event.type];
    if (ended) entry.status = ended;
    this.scheduleFlush();
  }

  /** Stores a callback report that arrived before its step was waiting for it (see local-backend.ts). */
  appendReport(report: StoredReport): void {
    this.pendingReports.push(report);
    this.scheduleFlush();
  }

  /** Resolves once everything appended so far has been written (survives a kill of this process). */
  whenWritten(): Promise<void> {
    if (this.dirty.length === 0 && this.pendingReports.length === 0 && this.pendingRemovals.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.writtenWaiters.push({ resolve, reject }));
  }

  /** Resolves once everything appended so far is fsync'ed (survives an OS crash or power loss). */
  durable(): Promise<void> {
    this.flush();
    return this.log.sync();
  }

  /** Writes everything buffered now, in one write(). */
  flush(): void {
    if (this.dirty.length === 0 && this.pendingReports.length === 0 && this.pendingRemovals.length === 0) return;
    const dirty = this.dirty;
    // Each execution's events as one line, written into the store's one buffer (line-buffer.ts);
    // definitions new to the log go first, outside every execution's byte ranges.
    const w = this.lines;
    w.clear();
    const defs = this.newDefinitions;
    defs.before = '';
    let ended: Entry[] | undefined;
    for (const entry of dirty) {
      const start = w.pos;
      if (!this.encode(entry, w, defs)) (ended ??= []).push(entry);
      entry.lineBytes = w.pos - start;
    }
    for (const r of this.pendingReports) w.append(reportLine(r));
    const removals = this.pendingRemovals;
    let removalBytes = 0;
    for (const r of removals) {
      const start = w.pos;
      w.ascii('{"rm":');
      w.utf8(r.x);
      w.seal(start);
      removalBytes += w.pos - start;
    }
    const defBytes = defs.before ? sealedLines(defs.before.split('\n').filter((line) => line !== '')) : undefined;
    let at: number;
    try {
      at = this.log.write(defBytes ? Buffer.concat([defBytes, w.bytes()]) : w.bytes());
    } catch (e) {
      // Nothing is lost from memory: the next flush tries again (writing shared values in full
      // again: these lines may not be in the log). Those waiting for this write learn why it failed.
      for (const entry of dirty) entry.shared?.reset();
      this.definitions.forgetFresh();
      for (const w of this.writtenWaiters.splice(0)) w.reject(e);
      throw e;
    }
    this.definitions.committed();
    if (defBytes) at += defBytes.length;
    this.dirty = [];
    this.pendingReports = [];
    this.pendingRemovals = [];
    // The log now says these executions are gone: their earlier-layout files may go too.
    this.deadBytes += removalBytes;
    for (const r of removals) if (r.legacyPath) rmSync(r.legacyPath, { force: true });
    for (let i = 0; i < dirty.length; i++) {
      const entry = dirty[i];
      entry.ranges = addRange(entry.ranges, at, entry.lineBytes);
      at += entry.lineBytes;
      const events = entry.events!;
      const from = entry.pendingFrom;
      entry.pendingFrom = events.length;
      entry.at = undefined;
      // Written: a record takes no more events (the rest of its visit goes in a record of its own).
      for (let k = from; k < events.length; k++) {
        const e = events[k];
        if (e instanceof VisitRecord) e.seal();
      }
      if (isTerminal(entry.status)) {
        entry.events = undefined;
        entry.shared = undefined;
        this.rememberFinished(entry);
      }
      if (this.onWritten) this.onWritten(entry.flowName, entry.name, expandHistory(events.slice(from)));
    }
    const waiters = this.writtenWaiters;
    if (waiters.length) {
      this.writtenWaiters = [];
      for (const w of waiters) w.resolve();
    }
    this.log.syncWithin(SYNC_WINDOW_MS);
    if (ended) for (const entry of ended) this.onEnded?.(entry.flowName, entry.name);
  }

  /** Whether anything appended is not written yet (whenWritten would wait for a write). */
  unwritten(): boolean {
    return this.dirty.length !== 0 || this.pendingReports.length !== 0 || this.pendingRemovals.length !== 0;
  }

  /**
   * One execution's pending events as a sealed line, written into `w`. An event JSON cannot
   * encode (a value nested too deep, a BigInt) must not stop the other executions' lines or wedge
   * later writes: the execution's events before it are written, then an ExecutionFailed saying
   * why, and the execution takes no more events (`onEnded` tells its run to stop).
   */
  private encode(entry: Entry, w: LineBuffer, out: { before: string }): boolean {
    const start = w.pos;
    try {
      const events = entry.events!;
      const shared = (entry.shared ??= new SharedValues());
      let from = entry.pendingFrom;
      if (from === 0 && mayHoldNextVisits(events, 1)) {
        // The start in a line of its own: a version before next-visit records reads it, so it lists
        // the execution (read-only) and its compaction keeps the definition line the start refers to
        // (docs/store-format.md "Visit records").
        writeBatch(w, entry.x, events.slice(0, 1), shared, this.definitions, out, undefined, 0, this.writer);
        w.seal(start);
        from = 1;
      }
      const line = w.pos;
      writeBatch(w, entry.x, events, shared, this.definitions, out, entry.at, from, this.writer, entry.pendingFrom);
      w.seal(line);
      return true;
    } catch (e) {
      w.pos = start;
      w.append(this.endUnstorable(entry, e, out));
      return false;
    }
  }

  private endUnstorable(entry: Entry, error: unknown, out: { before: string }): Buffer {
    // What the failed encoding noted as written is not in the log: values go in full from here.
    entry.shared?.reset();
    const shared = (entry.shared ??= new SharedValues());
    const pending = expandHistory(entry.events!.slice(entry.pendingFrom));
    const encodes = (events: AnyStoredEvent[]) => {
      try {
        batchLine(entry.x, events, new SharedValues(), this.definitions, out);
        return true;
      } catch {
        return false;
      }
    };
    let k = 0;
    while (k < pending.length && encodes([pending[k]])) k++;
    if (k === pending.length) k = 0; // only the batch as a whole fails (its size): keep none of it
    const bad = pending[k];
    const kept = pending.slice(0, k);
    if (k === 0 && bad.type === 'ExecutionStarted') {
      // A start that cannot be stored is stored with an empty input, and fails at once saying why.
      const s = bad as StoredEvent<'ExecutionStarted'>;
      kept.push(encodes([s]) ? s : { ...s, detail: { ...s.detail, input: {} } });
    }
    const message = (error as Error)?.message ?? String(error);
    const failed: AnyStoredEvent = {
      eventId: kept.length ? kept[kept.length - 1].eventId + 1 : bad.eventId,
      scheduleEventId: 1,
      type: 'ExecutionFailed',
      time: bad.time,
      key: EXECUTION_END_KEY,
      detail: { error: 'FnF.RuntimeError', cause: engineText('eventUnstorable', bad.eventId, bad.type, message) },
    };
    const events = [...kept, failed];
    let line: Buffer;
    try {
      line = sealedLine(batchLine(entry.x, events, shared, this.definitions, out));
    } catch {
      // Even the events before it do not fit in one line: the end alone (the start is in the log).
      events.splice(0, events.length - 1);
      shared.reset();
      line = sealedLine(batchLine(entry.x, events, shared, this.definitions, out));
    }
    const before = entry.events!.slice(0, entry.pendingFrom);
    entry.events = [...before, ...events];
    entry.state = foldHistory(entry.events);
    entry.status = 'Failed';
    entry.at = undefined;
    entry.closed = true;
    return line;
  }

  /**
   * Deletes a finished execution and its history: gone from the index now, a `{"rm"}` line in
   * the log at the next write (whenWritten waits for it), its bytes reclaimed by a later
   * compaction. Returns false if there is no such execution; throws if it has not finished.
   */
  delete(flowName: string, executionName: string): boolean {
    const entry = this.find(flowName, executionName);
    if (!entry) return false;
    if (entry.newer !== undefined) throw new FnfApiError('InvalidArgument', entry.newer);
    if (!isTerminal(entry.status)) throw new Error(`execution ${flowName}/${executionName} has not finished`);
    if (hasPending(entry)) this.flush();
    this.entries.delete(entryKey(flowName, executionName));
    if (this.lastFound === entry) this.lastFound = undefined;
    this.recentFinished = this.recentFinished.filter((e) => e !== entry);
    this.deadBytes += rangeBytes(entry.ranges);
    this.pendingRemovals.push({ x: entry.x, legacyPath: entry.legacyPath });
    this.scheduleFlush();
    return true;
  }

  /**
   * Rewrites the log without deleted executions once they are most of it (at least
   * COMPACT_MIN_DEAD_BYTES): only in the process that owns the store, and only before anything
   * runs (log-compaction.ts). Returns whether it did.
   */
  compactIfWorthIt(): boolean {
    if (this.deadBytes < COMPACT_MIN_DEAD_BYTES || this.deadBytes * 2 < this.log.end) return false;
    if (storeOwner(this.dir) !== process.pid || this.dirty.length || this.pendingReports.length || this.pendingRemovals.length) return false;
    // A compaction drops damaged lines: only once each has its copy, and no execution is still
    // marked by them (the mark would be lost with the line, and the execution resumed).
    if (this.damage.some((d) => d.quarantine === undefined)) return false;
    for (const e of this.entries.values()) if (e.damaged !== undefined) return false;
    const headLines: Buffer[] = [];
    const defs = new Set<number>();
    for (const e of this.entries.values()) if (e.def !== undefined) defs.add(e.def);
    for (const id of [...defs].sort((a, b) => a - b)) headLines.push(sealedLine(`{"d":${id},"t":${JSON.stringify(this.definitions.text(id))}}`));
    for (const r of this.storedReports.values()) headLines.push(reportLine(r));
    // In the order the log holds them: a line this version cannot read keeps its place among the others.
    const pairs: [number, number][] = [];
    const keep = (r: readonly number[]) => {
      for (let i = 0; i < r.length; i += 2) pairs.push([r[i], r[i + 1]]);
    };
    for (const e of this.entries.values()) keep(e.ranges);
    for (const f of this.foreign.values()) keep(f.ranges);
    pairs.sort((a, b) => a[0] - b[0]);
    const ranges: number[] = [];
    for (const [offset, length] of pairs) ranges.push(offset, length);
    this.log.close();
    try {
      rewriteLog(this.logPath, { headLines, ranges });
    } catch {
      // The old log is still whole and still this index's; the space waits for another open.
      removeStaleCompaction(this.logPath);
      return false;
    }
    // A fresh index of the new log (offsets all moved).
    this.entries.clear();
    this.foreign.clear();
    this.definitions = new DefinitionTable();
    this.storedReports.clear();
    this.finishedTokensAtOpen.clear();
    this.recentFinished = [];
    this.lastFound = undefined;
    this.deadBytes = 0;
    this.load();
    return true;
  }

  readHistory(flowName: string, executionName: string): AnyStoredEvent[] {
    const entry = this.find(flowName, executionName);
    if (!entry) return [];
    if (entry.events) return expandHistory(entry.events);
    const events = this.readStored(entry);
    if (!isTerminal(entry.status)) {
      entry.events = events.slice();
      entry.pendingFrom = events.length;
    }
    return events;
  }

  /** The folded state (kept in memory while running and for recent executions; else folded from disk). */
  describe(flowName: string, executionName: string): ExecutionState | undefined {
    const entry = this.find(flowName, executionName);
    if (!entry) return undefined;
    const state = entry.state ?? foldHistory(this.readHistory(flowName, executionName));
    // What can be read, its status as read (never guessed), and why this version only reads it.
    if (entry.newer !== undefined && state) return { ...state, error: WRITTEN_BY_NEWER_VERSION_ERROR, cause: entry.newer };
    if (entry.damaged === undefined || !state) return state;
    return { ...state, status: 'Failed', error: HISTORY_DAMAGED_ERROR, cause: entry.damaged };
  }

  /** Every stored execution as {flowName, name, status}, in the order they were first stored. */
  listNames(): { flowName: string; name: string; status: ExecutionStatus; startedTime: string }[] {
    return [...this.entries.values()].map((e) => ({ flowName: e.flowName, name: e.name, status: e.status, startedTime: e.startedTime }));
  }

  /** Writes what is buffered, fsyncs and closes the log (a later append opens it again). */
  close(): void {
    this.flush();
    this.log.close();
  }

  /**
   * The execution's entry. The last one found is kept: a start, its wait and its describe ask for
   * the same execution several times in a row (entries are never removed, so it stays valid).
   */
  private find(flowName: string, executionName: string): Entry | undefined {
    const last = this.lastFound;
    if (last && last.name === executionName && last.flowName === flowName) return last;
    // A start asks whether its name exists, then appends its first event: one search of a large map.
    if (executionName === this.missedName && flowName === this.missedFlow) return undefined;
    const entry = this.entries.get(entryKey(flowName, executionName));
    if (entry) this.lastFound = entry;
    else {
      this.missedFlow = flowName;
      this.missedName = executionName;
    }
    return entry;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      try {
        this.flush();
      } catch {
        /* reported to the waiters; retried on the next append or flush */
      }
    });
  }

  private readStored(entry: Entry): AnyStoredEvent[] {
    const legacy = entry.legacyPath ? readLegacyHistory(entry.legacyPath) : [];
    const logged: LoggedEvent[] = [];
    for (const line of readJsonRanges(this.logPath, entry.ranges)) {
      // A line of a newer version (loadLine found it) is left out, even one that would decode (a new member).
      if (entry.newer !== undefined && (typeof line !== 'object' || line === null || lineForm(line as Record<string, unknown>) !== 'x')) continue;
      let events: LoggedEvent[];
      try {
        events = decodeLine(line as LogLine, this.definitions);
      } catch (e) {
        if (entry.newer !== undefined) continue;
        throw e;
      }
      for (const l of events) logged.push(l);
    }
    if (entry.newer === undefined) return [...legacy, ...resolveShared(logged, legacy)];
    // A large value written once in a line this version cannot read: the events referring to it are left out.
    return [...legacy, ...resolveSharedReadable(logged, legacy)];
  }

  /**
   * One whole line (jsonl-log.ts: not damaged). A line this version cannot read is from a newer
   * version (docs/store-format.md, "Lines from a newer version"): kept, and its execution only read.
   */
  private loadLine(v: unknown, offset: number, length: number, lineNo: number): void {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return this.keepForeign('', offset, length, lineNo);
    const line = v as LogLine & { r?: StoredReport; d?: number; t?: string; rm?: string };
    const form = lineForm(line);
    if (form === undefined) return this.keepForeign(typeof line.x === 'string' ? line.x : '', offset, length, lineNo);
    if (form === 'rm') {
      const gone = this.entries.get(line.rm!);
      if (gone) {
        this.entries.delete(line.rm!);
        this.deadBytes += rangeBytes(gone.ranges);
        if (gone.legacyPath) rmSync(gone.legacyPath, { force: true }); // left by a crash right after the line
      }
      // Deleted by the version that wrote them: a compaction no longer keeps them.
      this.foreign.delete(line.rm!);
      this.deadBytes += length;
      return;
    }
    if (form === 'r') {
      if (!this.storedReports.has(line.r!.token)) this.storedReports.set(line.r!.token, line.r!);
      return;
    }
    if (form === 'd') return this.definitions.load(line.d!, line.t!);
    let events: LoggedEvent[];
    try {
      events = decodeLine(line, this.definitions);
    } catch {
      // Not a line this version can read (or the definition line its start needs is damaged).
      return this.keepForeign(line.x, offset, length, lineNo);
    }
    if (events.length === 0) return;
    let entry = this.entries.get(line.x);
    let i = 0;
    if (!entry) {
      // A later line of an execution whose start this version cannot read: kept with it.
      if (this.foreign.has(line.x)) return this.keepForeign(line.x, offset, length, lineNo);
      const first = events[0].e;
      if (first.type !== 'ExecutionStarted') {
        // A fragment without its start: not an execution (its start may be in a damaged line).
        if (!this.orphans.has(line.x)) this.orphans.set(line.x, offset);
        return;
      }
      const slash = line.x.indexOf('/');
      entry = newEntry(line.x.slice(0, slash), line.x.slice(slash + 1), first.time);
      entry.state = initialState(first);
      entry.def = this.definitions.idIfKnown((first as StoredEvent<'ExecutionStarted'>).detail.flowDefinition);
      this.entries.set(line.x, entry);
      i = 1;
    }
    for (; i < events.length; i++) {
      const e = events[i].e;
      if (entry.state) applyEvent(entry.state, e);
      const ended = TERMINAL_STATUS[e.type];
      if (ended) entry.status = ended;
    }
    entry.ranges = addRange(entry.ranges, offset, length);
  }

  /**
   * A whole line this version cannot read, of execution `x` ('' none): kept by a compaction as it
   * is. An execution this version lists becomes read-only; one whose start it cannot read is not
   * listed, but its name stays taken.
   */
  private keepForeign(x: string, offset: number, length: number, lineNo: number): void {
    const entry = x ? this.entries.get(x) : undefined;
    if (entry) {
      entry.newer ??= engineText('writtenByNewerVersion', x, lineNo, this.logPath);
      entry.ranges = addRange(entry.ranges, offset, length);
      return;
    }
    let f = this.foreign.get(x);
    if (!f) this.foreign.set(x, (f = { ranges: [], line: lineNo }));
    f.ranges = addRange(f.ranges, offset, length);
    // Its start may be in a damaged line: judged with the fragments (judgeDamage).
    if (x && !this.orphans.has(x)) this.orphans.set(x, offset);
  }

  /**
   * Keeps each damaged line aside (quarantine.ts) and names the executions that may have lost
   * events in it: any that had not finished and already existed when the line was written (a
   * flipped bit may sit in the line's execution name, so the name it shows is not trusted alone),
   * the one it names, and any whose start it may have held. Those that had not finished are
   * marked: shown failed with HISTORY_DAMAGED_ERROR, never resumed (a lost result would run its
   * task again). The log is left as it is.
   */
  private judgeDamage(lines: readonly DamagedLine[]): StoreDamage[] {
    if (lines.length === 0) return [];
    const copies = keepAside(this.dir, this.logPath, lines);
    const found = lines.map((l, i) => {
      const named = namedExecution(l.bytes);
      const executions: string[] = [];
      for (const [key, e] of this.entries) {
        const before = e.legacyPath !== undefined || (e.ranges.length > 0 && e.ranges[0] < l.offset);
        if ((before && !isTerminal(e.status)) || key === named) executions.push(key);
      }
      for (const [key, at] of this.orphans) if (at > l.offset || key === named) executions.push(key);
      return { file: this.logPath, line: l.line, offset: l.offset, reason: l.reason, quarantine: copies[i], executions } satisfies StoreDamage;
    });
    for (const d of found) {
      for (const key of d.executions) {
        const e = this.entries.get(key);
        if (!e || e.damaged !== undefined || isTerminal(e.status)) continue;
        e.damaged = engineText('historyDamaged', d.file, d.line, d.quarantine ?? d.file);
      }
    }
    for (const e of this.entries.values()) if (e.damaged !== undefined) e.status = 'Failed';
    return found;
  }

  /** Executions stored by the file-per-execution layout of earlier versions (legacy-layout.ts). */
  private loadLegacy(): void {
    for (const old of findLegacyExecutions(this.dir)) {
      const entry = newEntry(old.flowName, old.executionName, old.state.startedTime);
      entry.legacyPath = old.path;
      entry.state = old.state;
      entry.status = old.state.status;
      this.entries.set(entryKey(old.flowName, old.executionName), entry);
    }
  }

  private rememberFinished(entry: Entry): void {
    if (!entry.state) return;
    this.recentFinished.push(entry);
    if (this.recentFinished.length > RECENT_FINISHED * 2) {
      // Drop the folded state of the older half (amortised: one splice per RECENT_FINISHED ends).
      for (const old of this.recentFinished.splice(0, this.recentFinished.length - RECENT_FINISHED)) {
        if (isTerminal(old.status)) old.state = undefined;
      }
    }
  }
}

/** Checks both names against the service's rule: they become part of the log's keys. */
function entryKey(flowName: string, executionName: string): string {
  if (!NAME_PATTERN.test(flowName) || !NAME_PATTERN.test(executionName)) throw new Error(`invalid flow or execution name: ${flowName}/${executionName}`);
  return `${flowName}/${executionName}`;
}

function newEntry(flowName: string, name: string, startedTime: string): Entry {
  return {
    flowName,
    name,
    status: 'Running',
    startedTime,
    x: JSON.stringify(`${flowName}/${name}`),
    ranges: NO_RANGES,
    events: undefined,
    pendingFrom: 0,
    at: undefined,
    lineBytes: 0,
  };
}

/** Whether the entry has events not written yet. */
function hasPending(entry: Entry): boolean {
  return entry.events !== undefined && entry.pendingFrom < entry.events.length;
}

/** An entry's ranges before its first line (never written to: addRange makes a list). */
const NO_RANGES: number[] = [];

/** A stored report as a sealed line; a report JSON cannot encode is stored as the failure it causes. */
function reportLine(r: StoredReport): Buffer {
  try {
    return sealedLine(`{"r":${JSON.stringify(r)}}`);
  } catch (e) {
    const failed: StoredReport = { token: r.token, kind: 'failed', error: 'FnF.RuntimeError', cause: engineText('internalError', (e as Error)?.message ?? String(e)) };
    return sealedLine(`{"r":${JSON.stringify(failed)}}`);
  }
}

/** The `<flow>/<execution>` a damaged line names at its start, if it reads as one. */
function namedExecution(bytes: Buffer): string | undefined {
  const m = /^\{"x":("(?:[^"\\]|\\.)*")/.exec(bytes.toString('utf8', 0, Math.min(bytes.length, 600)));
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]) as string;
  } catch {
    return undefined;
  }
}

/** resolveShared for a history with lines it cannot read: an event referring to an event not read is left out. */
function resolveSharedReadable(lines: readonly LoggedEvent[], earlier: readonly AnyStoredEvent[]): AnyStoredEvent[] {
  const ids = new Set<number>(earlier.map((e) => e.eventId));
  const readable: LoggedEvent[] = [];
  for (const l of lines) {
    if (l.s && !l.s.every((r) => r[1] === l.e.eventId || ids.has(r[1]))) continue;
    ids.add(l.e.eventId);
    readable.push(l);
  }
  return resolveShared(readable, earlier);
}

/** Members of each line form this version reads (`c`: the checksum); a line with any other is from a newer version. */
const LINE_FORMS = [
  ['x', new Set(['x', 'b', 'c'])],
  ['x', new Set(['x', 'e', 's', 'c'])],
  ['d', new Set(['d', 't', 'c'])],
  ['r', new Set(['r', 'c'])],
  ['rm', new Set(['rm', 'c'])],
] as const;

/** Which form of line this is, by its members and their types (undefined: none this version knows). */
function lineForm(line: Record<string, unknown>): 'x' | 'd' | 'r' | 'rm' | undefined {
  let form: 'x' | 'd' | 'r' | 'rm' | undefined;
  if (typeof line.rm === 'string') form = 'rm';
  else if (isKnownReport(line.r)) form = 'r';
  else if (Number.isInteger(line.d) && (line.d as number) >= 0 && typeof line.t === 'string') form = 'd';
  else if (typeof line.x === 'string' && line.x.includes('/') && (Array.isArray(line.b) || (typeof line.e === 'object' && line.e !== null))) form = 'x';
  else return undefined;
  for (const k in line) if (!LINE_FORMS.some(([f, members]) => f === form && members.has(k))) return undefined;
  return form;
}

const REPORT_MEMBERS = new Set(['token', 'kind', 'output', 'error', 'cause']);

/** A stored report of a kind this version knows (a newer kind is kept, never handed to a step). */
function isKnownReport(r: unknown): boolean {
  if (typeof r !== 'object' || r === null) return false;
  const { token, kind } = r as { token?: unknown; kind?: unknown };
  if (typeof token !== 'string' || (kind !== 'succeeded' && kind !== 'failed')) return false;
  for (const k in r) if (!REPORT_MEMBERS.has(k)) return false;
  return true;
}

function rangeBytes(ranges: readonly number[]): number {
  let n = 0;
  for (let i = 1; i < ranges.length; i += 2) n += ranges[i];
  return n;
}

/** `ranges` with the bytes [offset, offset + length) added (the same list, or a new one for the first range: sized to it). */
function addRange(ranges: number[], offset: number, length: number): number[] {
  const n = ranges.length;
  if (n === 0) return [offset, length];
  if (ranges[n - 2] + ranges[n - 1] === offset) ranges[n - 1] += length;
  else ranges.push(offset, length);
  return ranges;
}
