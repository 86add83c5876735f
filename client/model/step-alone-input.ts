/**
 * What Run Step Alone… offers as a step's starting data: what the step started from in the latest
 * execution of the flow that reached it (engine `stepTestInputFrom` over each history, newest
 * first), read through the Backend like every view. Only the newest executions are read, so a
 * store with thousands of runs costs a few history reads.
 */
import { stepTestInputFrom, type Backend } from '../../engine/index';

export interface StepStart {
  input: Record<string, unknown>;
  local?: Record<string, unknown>;
  executionInput?: Record<string, unknown>;
  /** The execution it was read from. */
  executionName: string;
}

/** Executions read at most, newest first. */
export const EXECUTIONS_READ = 20;

export async function lastStepStart(backend: Backend, flowName: string, stepName: string): Promise<StepStart | undefined> {
  const list = await backend.listExecutions(flowName).catch(() => []);
  const newest = list
    .filter((e) => e.flowName === flowName)
    .sort((a, b) => (a.startedTime < b.startedTime ? 1 : a.startedTime > b.startedTime ? -1 : 0))
    .slice(0, EXECUTIONS_READ);
  for (const e of newest) {
    const history = await backend.getExecutionHistory(flowName, e.name).catch(() => []);
    const start = stepTestInputFrom(history, stepName);
    if (start) return { ...start, executionName: e.name };
  }
  return undefined;
}
