/**
 * The Backend interface over the real Serverless Workflow service (FnF 2019-03-15 OpenAPI), through
 * the official SDK. No vscode here: credentials, region and endpoint come in from the command
 * layer, so the same class is tested against the local FnF-compatible API.
 *
 * Live history: executions started or described here, and the running ones a view shows (it asks
 * with `follow`), are polled with GetExecutionHistory (history-follower.ts) and their events handed
 * to `onEvent` listeners, the same stream the embedded engine gives.
 */
import type { Backend, ExecutionStatus, ExecutionSummary, HistoryEvent, StartExecutionRequest } from '../../engine/index';
import type { Locale } from '../../fdl/messages';
import { waitingCallbacks, type WaitingCallback } from './callback-tokens';
import { CloudServiceError, toCloudError } from './cloud-errors';
import type { ExecutionMode } from './deploy-definition';
import { defined, type FnfClient, type FnfEvent, type FnfExecution, type FnfFlow, type FnfSyncExecution } from './fnf-client';
import { HistoryFollower } from './history-follower';

export interface CloudBackendOptions {
  client: FnfClient;
  /** For messages only (where a network error happened). */
  endpoint: string;
  region: string;
  accountId?: string;
  locale?: Locale;
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** GetExecutionHistory Limit per page (default 100). */
  historyPageSize?: number;
  /** Following an execution gave up after repeated errors. */
  onFollowError?: (flowName: string, executionName: string, error: CloudServiceError) => void;
}

export interface DeployFlowRequest {
  name: string;
  definition: string;
  description?: string;
  /** RAM role the service assumes to call functions (acs:ram::<account>:role/<name>). */
  roleArn?: string;
  /** CreateFlow only (a flow's mode is fixed once created); the service's default is Standard. */
  executionMode?: ExecutionMode;
}

type Listener = (flowName: string, executionName: string, event: HistoryEvent) => void;

const STATUSES: readonly ExecutionStatus[] = ['Starting', 'Running', 'Stopped', 'Succeeded', 'Failed', 'TimedOut'];
const HISTORY_PAGE = 100;
const LIST_PAGE = 100;
/** ListExecutions of every flow at once: at most this many flows and executions per flow. */
const MAX_FLOWS_LISTED = 100;
const EXECUTIONS_PER_FLOW_WHEN_ALL = 20;

export class CloudBackend implements Backend {
  readonly kind = 'cloud' as const;
  private readonly listeners = new Set<Listener>();
  private readonly followers = new Map<string, { follower: HistoryFollower; holds: number }>();

  constructor(private readonly o: CloudBackendOptions) {}

  get region(): string {
    return this.o.region;
  }

  async startExecution(req: StartExecutionRequest): Promise<ExecutionSummary> {
    const e = await this.call('StartExecution', (c) => c.startExecution(defined({ FlowName: req.flowName, ExecutionName: req.executionName, Input: req.input })));
    const summary = toSummary(e, req.flowName);
    this.follow(summary.flowName, summary.name);
    return summary;
  }

  async stopExecution(flowName: string, executionName: string, error?: string, cause?: string): Promise<ExecutionSummary> {
    const e = await this.call('StopExecution', (c) => c.stopExecution(defined({ FlowName: flowName, ExecutionName: executionName, Error: error, Cause: cause })));
    this.followers.get(key(flowName, executionName))?.follower.pollSoon();
    return toSummary(e, flowName);
  }

  /** A running execution that is described gets followed, so views showing it update live. */
  async describeExecution(flowName: string, executionName: string): Promise<ExecutionSummary> {
    const summary = toSummary(await this.call('DescribeExecution', (c) => c.describeExecution({ FlowName: flowName, ExecutionName: executionName })), flowName);
    if (summary.status === 'Running' || summary.status === 'Starting') this.follow(flowName, executionName);
    return summary;
  }

  async listExecutions(flowName?: string): Promise<ExecutionSummary[]> {
    if (flowName !== undefined) return this.listExecutionsOf(flowName, LIST_PAGE * 2);
    const flows = (await this.listFlows()).slice(0, MAX_FLOWS_LISTED);
    const all: ExecutionSummary[] = [];
    for (const f of flows) all.push(...(await this.listExecutionsOf(f.Name, EXECUTIONS_PER_FLOW_WHEN_ALL)));
    return all.sort((a, b) => b.startedTime.localeCompare(a.startedTime));
  }

  async getExecutionHistory(flowName: string, executionName: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let token: string | undefined;
    do {
      const page = await this.historyPage(flowName, executionName, token);
      events.push(...page.events);
      token = page.nextToken;
    } while (token);
    return events;
  }

  async reportTaskSucceeded(taskToken: string, output: string): Promise<void> {
    await this.call('ReportTaskSucceeded', (c) => c.reportTaskSucceeded({ TaskToken: taskToken, Output: output }));
    this.pollAllSoon();
  }

  async reportTaskFailed(taskToken: string, error: string, cause: string): Promise<void> {
    await this.call('ReportTaskFailed', (c) => c.reportTaskFailed(defined({ TaskToken: taskToken, Error: error, Cause: cause })));
    this.pollAllSoon();
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Streams an execution's events to `onEvent` listeners until it ends. Returns a release: a
   * follower every asker released stops (Start and Describe never release theirs, so those run to
   * the end). `afterEventId`: the asker already has the events up to it, so a new follower does not
   * stream them again (an existing one goes on where it is).
   */
  follow(flowName: string, executionName: string, afterEventId = 0): () => void {
    const k = key(flowName, executionName);
    let entry = this.followers.get(k);
    if (!entry || entry.follower.done) {
      const follower: HistoryFollower = new HistoryFollower({
        fetchPage: (token) => this.historyPage(flowName, executionName, token),
        onEvent: (e) => {
          for (const l of [...this.listeners]) {
            try {
              l(flowName, executionName, e);
            } catch {
              // A listener's failure must not stop the stream for the others.
            }
          }
        },
        onEnd: (error) => {
          if (this.followers.get(k)?.follower === follower) this.followers.delete(k);
          if (error) this.o.onFollowError?.(flowName, executionName, error instanceof CloudServiceError ? error : toCloudError(error, this.context('GetExecutionHistory')));
        },
        afterEventId,
        minIntervalMs: this.o.pollIntervalMs ?? 1000,
        maxIntervalMs: this.o.maxPollIntervalMs ?? 10_000,
        // Nobody listening (no view open): no requests until someone is.
        paused: () => this.listeners.size === 0,
      });
      entry = { follower, holds: 0 };
      this.followers.set(k, entry);
      follower.start();
    }
    const held = entry;
    held.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--held.holds > 0) return;
      held.follower.stop();
      if (this.followers.get(k) === held) this.followers.delete(k);
    };
  }

  /** Whether this execution's history is being polled now. */
  isFollowing(flowName: string, executionName: string): boolean {
    const entry = this.followers.get(key(flowName, executionName));
    return entry !== undefined && !entry.follower.done;
  }

  /** Callbacks of the execution still waiting, with their tokens when the history shows them. */
  async waitingCallbacks(flowName: string, executionName: string): Promise<WaitingCallback[]> {
    return waitingCallbacks(await this.getExecutionHistory(flowName, executionName));
  }

  /** The deployed flow, or undefined when the service answers FlowNotExists. */
  async describeFlow(name: string): Promise<FnfFlow | undefined> {
    try {
      return await this.call('DescribeFlow', (c) => c.describeFlow({ Name: name }));
    } catch (e) {
      if (e instanceof CloudServiceError && e.code === 'FlowNotExists') return undefined;
      throw e;
    }
  }

  /**
   * The definition an execution ran: DescribeExecution's FlowDefinition, else (an answer without
   * it) the flow's deployed one from DescribeFlow, which may be newer; undefined when neither has one.
   */
  async executionDefinition(flowName: string, executionName: string): Promise<string | undefined> {
    const e = await this.call('DescribeExecution', (c) => c.describeExecution({ FlowName: flowName, ExecutionName: executionName }));
    if (e.FlowDefinition) return e.FlowDefinition;
    return (await this.describeFlow(flowName))?.Definition || undefined;
  }

  /** CreateFlow, or UpdateFlow when the flow already exists (`exists`: the caller already asked). */
  async deployFlow(req: DeployFlowRequest, exists?: boolean): Promise<{ created: boolean }> {
    if ((exists ?? (await this.describeFlow(req.name)) !== undefined) === true) {
      await this.call('UpdateFlow', (c) => c.updateFlow(defined({ Name: req.name, Definition: req.definition, Description: req.description, RoleArn: req.roleArn })));
      return { created: false };
    }
    // CreateFlow requires Description and Type to be present (the SDK checks the keys); Type is
    // FDL for both dialects (CreateFlow API reference).
    await this.call('CreateFlow', (c) =>
      c.createFlow({
        ...defined({ Name: req.name, Definition: req.definition, RoleArn: req.roleArn, ExecutionMode: req.executionMode }),
        Description: req.description ?? '',
        Type: 'FDL',
      }),
    );
    return { created: true };
  }

  /**
   * StartSyncExecution (Express flows only): the answer is the finished execution. Its failure
   * comes back as ErrorCode / ErrorMessage in a 200 answer, given here as `error` / `cause`.
   */
  async startSyncExecution(req: { flowName: string; executionName?: string; input?: string }): Promise<ExecutionSummary> {
    const e = await this.call('StartSyncExecution', (c) =>
      c.request<FnfSyncExecution>('StartSyncExecution', defined({ FlowName: req.flowName, ExecutionName: req.executionName, Input: req.input }), { method: 'POST' }),
    );
    return toSummary({ ...e, StartedTime: e.StartedTime ?? '', Error: e.ErrorCode, Cause: e.ErrorMessage }, req.flowName);
  }

  async listFlows(): Promise<FnfFlow[]> {
    const flows: FnfFlow[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('ListFlows', (c) => c.listFlows(defined({ Limit: LIST_PAGE, NextToken: token })));
      flows.push(...(page.Flows ?? []));
      token = page.NextToken || undefined;
    } while (token && flows.length < 1000);
    return flows;
  }

  dispose(): void {
    for (const f of this.followers.values()) f.follower.stop();
    this.followers.clear();
    this.listeners.clear();
  }

  private async listExecutionsOf(flowName: string, max: number): Promise<ExecutionSummary[]> {
    const out: ExecutionSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('ListExecutions', (c) => c.listExecutions(defined({ FlowName: flowName, Limit: Math.min(LIST_PAGE, max - out.length), NextToken: token })));
      out.push(...(page.Executions ?? []).map((e) => toSummary(e, flowName)));
      token = page.NextToken || undefined;
    } while (token && out.length < max);
    return out;
  }

  private async historyPage(flowName: string, executionName: string, token: string | undefined): Promise<{ events: HistoryEvent[]; nextToken?: string }> {
    const page = await this.call('GetExecutionHistory', (c) =>
      c.getExecutionHistory(defined({ FlowName: flowName, ExecutionName: executionName, Limit: this.o.historyPageSize ?? HISTORY_PAGE, NextToken: token })),
    );
    return { events: (page.Events ?? []).map(toHistoryEvent), nextToken: page.NextToken || undefined };
  }

  private pollAllSoon(): void {
    for (const f of this.followers.values()) f.follower.pollSoon();
  }

  private async call<T>(action: string, run: (c: FnfClient) => Promise<T>): Promise<T> {
    try {
      return await run(this.o.client);
    } catch (e) {
      throw toCloudError(e, this.context(action));
    }
  }

  private context(action: string) {
    return { action, endpoint: this.o.endpoint, region: this.o.region, accountId: this.o.accountId, locale: this.o.locale ?? 'en' };
  }
}

function key(flowName: string, executionName: string): string {
  return `${flowName}\u0000${executionName}`;
}

function toSummary(e: FnfExecution, flowName: string): ExecutionSummary {
  const status = (STATUSES as readonly string[]).includes(e.Status) ? (e.Status as ExecutionStatus) : 'Running';
  return {
    flowName: e.FlowName || flowName,
    name: e.Name,
    status,
    startedTime: e.StartedTime ?? '',
    ...(e.StoppedTime ? { stoppedTime: e.StoppedTime } : {}),
    ...(e.Input ? { input: e.Input } : {}),
    ...(e.Output ? { output: e.Output } : {}),
    ...(e.Error ? { error: e.Error } : {}),
    ...(e.Cause ? { cause: e.Cause } : {}),
  };
}

/** One service event as the Backend interface gives it (what the views and the tree read). */
export function toHistoryEvent(e: FnfEvent): HistoryEvent {
  return {
    eventId: Number(e.EventId),
    ...(e.ScheduleEventId !== undefined && e.ScheduleEventId !== null && String(e.ScheduleEventId) !== '' ? { scheduleEventId: Number(e.ScheduleEventId) } : {}),
    type: e.Type,
    ...(e.StepName ? { stepName: e.StepName } : {}),
    time: e.Time,
    ...(e.EventDetail ? { eventDetail: e.EventDetail } : {}),
  };
}
