/**
 * What LocalBackend needs from a store of execution histories. Two kinds:
 * - ExecutionStore (execution-store.ts): durable, one append-only log with group commit; what
 *   `fdl run`, `fdl serve` and the extension use;
 * - MemoryStore (memory-store.ts): the same behaviour with nothing written, for runs that need no
 *   persistence (`fdl test` scenarios, the in-memory column of the engine benchmark).
 */
import type { ExecutionStatus } from '../backend';
import type { AnyStoredEvent } from '../history/events';
import type { HistoryEntry } from '../history/visit-record';
import type { ExecutionState } from '../history/fold';
import type { CallbackReport } from '../task-tokens';

export type StoredReport = { token: string } & CallbackReport;

/** A damaged line found in a durable store's log (docs/store-format.md, "Damage"). */
export interface StoreDamage {
  /** The damaged file (its path). */
  file: string;
  /** 1-based line number, and byte offset of the line's first byte. */
  line: number;
  offset: number;
  /** Not JSON, or its checksum does not match. */
  reason: 'unparseable' | 'checksum';
  /** The file holding a copy of the line (undefined if it could not be written: the log still holds it). */
  quarantine?: string;
  /**
   * `<flow>/<execution>` of the executions that may have lost events in it. Those that had not
   * finished are shown failed (Local.HistoryDamaged) and are not resumed.
   */
  executions: string[];
}

export interface HistoryStore {
  exists(flowName: string, executionName: string): boolean;
  /** Status without reading the history (undefined: no such execution). */
  status(flowName: string, executionName: string): ExecutionStatus | undefined;
  /** Adds one event to an execution's history (an ExecutionStarted creates the execution). */
  append(flowName: string, executionName: string, event: AnyStoredEvent): void;
  /**
   * `append` for one execution that already exists, with the execution looked up once: what a
   * running execution's journal writes through (one call per event).
   */
  /**
   * `keyPrefix` (from Journal.recordAt): the event's key is `<keyPrefix>|<type>`; a writer may use it instead of reading the key.
   * A visit record (history/visit-record.ts) is handed over when made and again each time it grows
   * (until the store seals it); readers get its events (readHistory, onWritten).
   */
  appender(flowName: string, executionName: string): (event: HistoryEntry, keyPrefix?: string) => void;
  /** Keeps a callback report that arrived before its step was waiting for it. */
  appendReport(report: StoredReport): void;
  /** Resolves once everything appended so far would survive a kill of this process. */
  whenWritten(): Promise<void>;
  /** Whether whenWritten would wait for a write (false: everything appended is written; absent: ask whenWritten). */
  unwritten?(): boolean;
  /** Resolves once everything appended so far would survive an OS crash or power loss. */
  durable(): Promise<void>;
  /** Writes (and publishes through onWritten) everything appended so far, now. */
  flush(): void;
  readHistory(flowName: string, executionName: string): AnyStoredEvent[];
  describe(flowName: string, executionName: string): ExecutionState | undefined;
  /** Every stored execution, in the order they were first stored. */
  listNames(): { flowName: string; name: string; status: ExecutionStatus; startedTime: string }[];
  /** Deletes a finished execution and its history (false: no such execution; throws if it has not finished). */
  delete(flowName: string, executionName: string): boolean;
  /**
   * Why this version must not write to the execution (undefined: it may): durable stores, for an
   * execution a newer version wrote lines of that this version cannot read (docs/store-format.md).
   */
  readOnly?(flowName: string, executionName: string): string | undefined;
  /** Reclaims the space of deleted executions when worth it (durable stores; see execution-store.ts). */
  compactIfWorthIt?(): boolean;
  close(): void;
  /** Reports kept by appendReport, as found when the store was opened (by token). */
  readonly storedReports: ReadonlyMap<string, StoredReport>;
  /** Tokens of finished tasks and executions, as found when the store was opened. */
  readonly finishedTokensAtOpen: ReadonlySet<string>;
  /** Damaged lines found when the store was opened (durable stores). */
  readonly damage?: readonly StoreDamage[];
  /** Called when the store itself ended an execution (an event it could not store): its run must stop. */
  onEnded?: (flowName: string, executionName: string) => void;
  /** Called with each execution's events once they are written (live views listen here). */
  onWritten?: (flowName: string, executionName: string, events: readonly AnyStoredEvent[]) => void;
}
