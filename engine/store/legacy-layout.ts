/**
 * The file-per-execution layout of earlier versions: `<dir>/<flow>/<execution>.jsonl`, one JSON
 * event per line. Still read, so an upgrade loses nothing: such an execution's history is its
 * old file followed by whatever the log (execution-store.ts) adds for it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCE_NAME_PATTERN } from '../../fdl/resource-name';
import type { AnyStoredEvent } from '../history/events';
import { foldHistory, type ExecutionState } from '../history/fold';
import { readJsonLines } from './jsonl-log';

export interface LegacyExecution {
  flowName: string;
  executionName: string;
  path: string;
  state: ExecutionState;
}

/** The earlier layout's executions under `dir` (none if it has none). */
export function findLegacyExecutions(dir: string): LegacyExecution[] {
  const out: LegacyExecution[] = [];
  for (const flowName of safeReaddir(dir)) {
    if (!RESOURCE_NAME_PATTERN.test(flowName) || !isDirectory(join(dir, flowName))) continue;
    for (const f of safeReaddir(join(dir, flowName))) {
      const executionName = f.endsWith('.jsonl') ? f.slice(0, -'.jsonl'.length) : '';
      if (!RESOURCE_NAME_PATTERN.test(executionName)) continue;
      const path = join(dir, flowName, f);
      const state = foldHistory(readLegacyHistory(path));
      if (state) out.push({ flowName, executionName, path, state });
    }
  }
  return out;
}

export function readLegacyHistory(path: string): AnyStoredEvent[] {
  return readJsonLines<AnyStoredEvent>(path).records;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isDirectory();
  } catch {
    return false;
  }
}
