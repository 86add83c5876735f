/**
 * Re-run of a cloud execution: a new execution of the same deployed flow with that execution's
 * input. The service keeps the flow under its name, so no local flow file is needed (unlike the
 * embedded engine, which runs the file the execution came from).
 */
import type { Backend, ExecutionSummary } from '../../engine/index';

export async function rerunCloudExecution(backend: Pick<Backend, 'describeExecution' | 'startExecution'>, flowName: string, executionName: string): Promise<ExecutionSummary> {
  const previous = await backend.describeExecution(flowName, executionName);
  // The service answers an execution started without input with an empty Input: start it the same way.
  return backend.startExecution({ flowName: previous.flowName || flowName, ...(previous.input ? { input: previous.input } : {}) });
}
