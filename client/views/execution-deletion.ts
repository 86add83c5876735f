/**
 * Which executions the Executions view lets a user delete, without `vscode` (unit-tested): only
 * finished ones, and only of the embedded engine, whose store is a local append-only log that
 * would otherwise grow forever (the cloud service keeps and expires its own executions).
 * The tree item's contextValue carries "finished" to the `when` clauses of package.json.
 */
import type { Backend, ExecutionStatus } from '../../engine/index';

export interface ExecutionRef {
  flowName: string;
  executionName: string;
}

/** What the embedded engine (LocalBackend) offers for deleting; the cloud backend has no such thing. */
export interface LocalExecutionDeletion {
  deleteExecutions(refs: ExecutionRef[]): Promise<{ deleted: number }>;
  finishedExecutions(filter: { flowName?: string; startedBefore?: string; keepLatest?: number }): ExecutionRef[] | Promise<ExecutionRef[]>;
}

/** `execution.running` never gets the delete item; `execution.ended` does (on the local backend). */
export type ExecutionContextValue = 'execution.running' | 'execution.ended';

export function executionContextValue(status: ExecutionStatus): ExecutionContextValue {
  return status === 'Running' || status === 'Starting' ? 'execution.running' : 'execution.ended';
}

export function canDeleteExecution(backendKind: Backend['kind'], status: ExecutionStatus): boolean {
  return backendKind === 'local' && executionContextValue(status) === 'execution.ended';
}
