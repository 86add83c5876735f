/**
 * What LocalBackend needs from a store of execution histories. Two kinds:
 * - ExecutionStore (execution-store.ts): durable, one append-only log with group commit; what
 *   `fdl run`, `fdl serve` and the extension use;
 * - MemoryStore (memory-store.ts): the same behaviour with nothing written, for runs that need no
 *   persistence (`fdl test` scenarios, the in-memory column of the engine benchmark).
 */
import type { ExecutionStatus } from '../backend';
import type { AnyStoredEvent } from '../history/events';
import type { ExecutionState } from '../history/fold';
import type { CallbackReport } from '../task-tokens';

export type StoredReport = { token: string } & CallbackReport;

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
  /** `keyPrefix` (from Journal.recordAt): the event's key is `<keyPrefix>|<type>`; a writer may use it instead of reading the key. */
  appender(flowName: string, executionName: string): (event: AnyStoredEvent, keyPrefix?: string) => void;
  /** Keeps a callback report that arrived before its step was waiting for it. */
  appendReport(report: StoredReport): void;
  /** Resolves once everything appended so far would survive a kill of this process. */
  whenWritten(): Promise<void>;
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
  /** Reclaims the space of deleted executions when worth it (durable stores; see execution-store.ts). */
  compactIfWorthIt?(): boolean;
  close(): void;
  /** Reports kept by appendReport, as found when the store was opened (by token). */
  readonly storedReports: ReadonlyMap<string, StoredReport>;
  /** Tokens of finished tasks and executions, as found when the store was opened. */
  readonly finishedTokensAtOpen: ReadonlySet<string>;
  /** Called with each execution's events once they are written (live views listen here). */
  onWritten?: (flowName: string, executionName: string, events: readonly AnyStoredEvent[]) => void;
}
