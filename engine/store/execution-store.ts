/**
 * The durable store of executions under one directory (default `<workspace>/.fdl/executions`):
 *
 *   <dir>/<flowName>/<executionName>.jsonl   the execution's history, one event per line
 *   <dir>/index.jsonl                        one line per start and per end: {flowName, name, status, time}
 *   <dir>/inbox/                             callback reports from other processes (see report-inbox.ts)
 *
 * Histories are the truth; the index only makes listing cheap and is rebuilt from the histories
 * when it is missing or torn. Names are checked against the service's execution-name rule before
 * they become file names.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionStatus } from '../backend';
import type { AnyStoredEvent } from '../history/events';
import { foldHistory, type ExecutionState } from '../history/fold';
import { JsonlAppender, readJsonLines } from './jsonl-log';

/** Execution and flow names: letters, digits, `_` and `-`, starting with a letter or `_`, 1–128 chars. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

interface IndexLine {
  flowName: string;
  name: string;
  status: ExecutionStatus;
  time: string;
}

export class ExecutionStore {
  private appenders = new Map<string, JsonlAppender>();
  private index?: JsonlAppender;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  historyPath(flowName: string, executionName: string): string {
    if (!NAME_PATTERN.test(flowName) || !NAME_PATTERN.test(executionName)) throw new Error(`invalid flow or execution name: ${flowName}/${executionName}`);
    return join(this.dir, flowName, `${executionName}.jsonl`);
  }

  exists(flowName: string, executionName: string): boolean {
    return existsSync(this.historyPath(flowName, executionName));
  }

  /** Appends one event durably (fsync) before returning. */
  append(flowName: string, executionName: string, event: AnyStoredEvent): void {
    const path = this.historyPath(flowName, executionName);
    let a = this.appenders.get(path);
    if (!a) {
      mkdirSync(join(this.dir, flowName), { recursive: true });
      a = new JsonlAppender(path);
      this.appenders.set(path, a);
    }
    a.append(event);
    if (event.type === 'ExecutionStarted') this.appendIndex({ flowName, name: executionName, status: 'Running', time: event.time });
    else if (event.type.startsWith('Execution')) {
      const status = ({ ExecutionSucceeded: 'Succeeded', ExecutionFailed: 'Failed', ExecutionStopped: 'Stopped', ExecutionTimedOut: 'TimedOut' } as const)[event.type as 'ExecutionSucceeded'];
      if (status) {
        this.appendIndex({ flowName, name: executionName, status, time: event.time });
        a.close();
        this.appenders.delete(path);
      }
    }
  }

  readHistory(flowName: string, executionName: string): AnyStoredEvent[] {
    return readJsonLines<AnyStoredEvent>(this.historyPath(flowName, executionName)).records;
  }

  describe(flowName: string, executionName: string): ExecutionState | undefined {
    if (!this.exists(flowName, executionName)) return undefined;
    return foldHistory(this.readHistory(flowName, executionName));
  }

  /** Every stored execution as {flowName, name}, newest index entries last. */
  listNames(): { flowName: string; name: string; status: ExecutionStatus }[] {
    const lines = readJsonLines<IndexLine>(join(this.dir, 'index.jsonl')).records;
    const byKey = new Map<string, IndexLine>();
    for (const l of lines) byKey.set(`${l.flowName}/${l.name}`, l);
    // The index may lag behind a crash between a history append and the index append: add
    // every history file it does not know.
    for (const flowName of safeReaddir(this.dir)) {
      if (!NAME_PATTERN.test(flowName)) continue;
      for (const f of safeReaddir(join(this.dir, flowName))) {
        if (!f.endsWith('.jsonl')) continue;
        const name = f.slice(0, -'.jsonl'.length);
        if (!byKey.has(`${flowName}/${name}`)) {
          const st = this.describe(flowName, name);
          if (st) byKey.set(`${flowName}/${name}`, { flowName, name, status: st.status, time: st.startedTime });
        }
      }
    }
    return [...byKey.values()].map((l) => ({ flowName: l.flowName, name: l.name, status: l.status }));
  }

  close(): void {
    for (const a of this.appenders.values()) a.close();
    this.appenders.clear();
    this.index?.close();
    this.index = undefined;
  }

  private appendIndex(line: IndexLine): void {
    this.index ??= new JsonlAppender(join(this.dir, 'index.jsonl'));
    this.index.append(line);
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
