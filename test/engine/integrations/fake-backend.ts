/**
 * A small in-memory Backend for the local API's protocol tests: executions that wait for one
 * task token each, refusing reports with the service's codes. The end-to-end test uses the real
 * LocalBackend instead.
 */
import type { Backend, ExecutionSummary, HistoryEvent, StartExecutionRequest } from '../../../engine/backend';

class Refusal extends Error {
  constructor(readonly code: string, message: string, readonly httpStatus = 400) {
    super(message);
  }
}

interface Exec {
  summary: ExecutionSummary;
  events: HistoryEvent[];
  token: string;
}

export class FakeBackend implements Backend {
  readonly kind = 'local' as const;
  private readonly executions = new Map<string, Exec>();
  private readonly listeners = new Set<(f: string, e: string, ev: HistoryEvent) => void>();
  private seq = 0;

  tokenOf(flowName: string, name: string): string {
    return this.get(flowName, name).token;
  }

  async startExecution(req: StartExecutionRequest): Promise<ExecutionSummary> {
    const name = req.executionName ?? `exec-${++this.seq}`;
    const key = `${req.flowName}/${name}`;
    if (this.executions.has(key)) throw new Refusal('ExecutionAlreadyExists', `Execution ${name} already exists.`, 409);
    const summary: ExecutionSummary = { flowName: req.flowName, name, status: 'Running', startedTime: new Date(Date.now() + this.seq).toISOString(), input: req.input ?? '{}' };
    const exec: Exec = { summary, events: [], token: `token-${name}` };
    this.executions.set(key, exec);
    this.append(exec, { type: 'ExecutionStarted', eventDetail: JSON.stringify({ input: JSON.parse(summary.input!) }) });
    this.append(exec, { type: 'TaskSubmitted', stepName: 'approve', eventDetail: JSON.stringify({ taskToken: exec.token }) });
    return { ...summary };
  }

  async stopExecution(flowName: string, executionName: string, error = '', cause = ''): Promise<ExecutionSummary> {
    const exec = this.get(flowName, executionName);
    if (exec.summary.status !== 'Running') throw new Refusal('ExecutionAlreadyCompleted', 'already finished');
    this.end(exec, 'Stopped', 'ExecutionStopped', { error, cause });
    return { ...exec.summary };
  }

  async describeExecution(flowName: string, executionName: string): Promise<ExecutionSummary> {
    return { ...this.get(flowName, executionName).summary };
  }

  async listExecutions(flowName?: string): Promise<ExecutionSummary[]> {
    return [...this.executions.values()].map((e) => e.summary).filter((s) => !flowName || s.flowName === flowName).sort((a, b) => b.startedTime.localeCompare(a.startedTime));
  }

  async getExecutionHistory(flowName: string, executionName: string): Promise<HistoryEvent[]> {
    return this.get(flowName, executionName).events;
  }

  async reportTaskSucceeded(taskToken: string, output: string): Promise<void> {
    const exec = this.byToken(taskToken);
    this.append(exec, { type: 'TaskSucceeded', stepName: 'approve', eventDetail: output });
    exec.summary.output = output;
    this.end(exec, 'Succeeded', 'ExecutionSucceeded', { output });
  }

  async reportTaskFailed(taskToken: string, error: string, cause: string): Promise<void> {
    const exec = this.byToken(taskToken);
    this.append(exec, { type: 'TaskFailed', stepName: 'approve', eventDetail: JSON.stringify({ error, cause }) });
    exec.summary.error = error;
    exec.summary.cause = cause;
    this.end(exec, 'Failed', 'ExecutionFailed', { error, cause });
  }

  onEvent(listener: (f: string, e: string, ev: HistoryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private byToken(token: string): Exec {
    const exec = [...this.executions.values()].find((e) => e.token === token);
    if (!exec) throw new Refusal('InvalidArgument', 'Task token is not valid.');
    if (exec.summary.status !== 'Running') throw new Refusal('TaskAlreadyCompleted', 'Task has already completed.');
    return exec;
  }

  private get(flowName: string, name: string): Exec {
    const exec = this.executions.get(`${flowName}/${name}`);
    if (!exec) throw new Refusal('ExecutionNotExists', `Execution ${name} does not exist.`, 404);
    return exec;
  }

  private end(exec: Exec, status: ExecutionSummary['status'], type: string, detail: unknown): void {
    exec.summary.status = status;
    exec.summary.stoppedTime = new Date().toISOString();
    this.append(exec, { type, eventDetail: JSON.stringify(detail) });
  }

  private append(exec: Exec, e: Omit<HistoryEvent, 'eventId' | 'time'>): void {
    const event: HistoryEvent = { eventId: exec.events.length + 1, time: new Date().toISOString(), ...e };
    exec.events.push(event);
    for (const l of this.listeners) l(exec.summary.flowName, exec.summary.name, event);
  }
}
