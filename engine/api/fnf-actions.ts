/**
 * The FnF 2019-03-15 actions the local API answers, over a Backend. Parameters and response
 * fields are the service's PascalCase names (DescribeExecution, ListExecutions,
 * GetExecutionHistory, DescribeFlow response bodies of the official SDK models); every value
 * arrives as a string, as RPC parameters do.
 */
import { createHash } from 'node:crypto';
import { RESOURCE_NAME_PATTERN } from '../../fdl/resource-name';
import type { Backend, ExecutionSummary } from '../backend';
import { FnfApiError } from '../errors';
import { engineText } from '../messages';
import { EXPRESS_MAX_EXECUTION_SECONDS } from '../run/patterns/express-mode';
import type { FlowSource, NamedFlow } from './flow-directory';

export interface ActionContext {
  backend: Backend;
  flows: FlowSource;
}

export type Params = Record<string, string>;
type ActionResult = Record<string, unknown>;
type Action = (p: Params, ctx: ActionContext) => Promise<ActionResult>;

export const ACTIONS: Record<string, Action> = {
  StartExecution: async (p, { backend, flows }) => {
    const flowName = flowNameOf(p, 'FlowName');
    const executionName = optional(p, 'ExecutionName');
    if (executionName !== undefined) checkedExecutionName(executionName);
    const flow = flows.get(flowName);
    if (!flow) throw flowNotFound(flowName, flows);
    const started = await backend.startExecution({ flowName, definition: flow.definition, flowPath: flow.flowPath, executionName, input: optional(p, 'Input') });
    return execution(started, flow);
  },

  /**
   * Documented for Express flows only: a local flow has no stored ExecutionMode, so this call is what
   * makes the execution Express (run/patterns/express-mode.ts). It answers when the execution ends, at
   * most its 5 minutes later, with the fields of the SDK's StartSyncExecutionResponseBody.
   */
  StartSyncExecution: async (p, { backend, flows }) => {
    const flowName = flowNameOf(p, 'FlowName');
    const executionName = optional(p, 'ExecutionName');
    if (executionName !== undefined) checkedExecutionName(executionName);
    const flow = flows.get(flowName);
    if (!flow) throw flowNotFound(flowName, flows);
    const started = await backend.startExecution({
      flowName,
      definition: flow.definition,
      flowPath: flow.flowPath,
      executionName,
      input: optional(p, 'Input'),
      executionMode: 'Express',
    });
    const ended = isRunning(started) ? await waitForEnd(backend, started, (EXPRESS_MAX_EXECUTION_SECONDS + 5) * 1000) : started;
    return {
      FlowName: ended.flowName,
      Name: ended.name,
      Status: ended.status,
      Output: ended.output ?? '',
      ErrorCode: ended.error ?? '',
      ErrorMessage: ended.cause ?? '',
      StartedTime: ended.startedTime,
      StoppedTime: ended.stoppedTime ?? '',
    };
  },

  DescribeExecution: async (p, { backend, flows }) => {
    const flowName = flowNameOf(p, 'FlowName');
    const executionName = executionNameOf(p);
    const waitSeconds = integer(p, 'WaitTimeSeconds', 0, 60) ?? 0;
    let summary = await backend.describeExecution(flowName, executionName);
    if (waitSeconds > 0 && isRunning(summary)) summary = await waitForEnd(backend, summary, waitSeconds * 1000);
    return execution(summary, flows.get(flowName));
  },

  StopExecution: async (p, { backend, flows }) => {
    const flowName = flowNameOf(p, 'FlowName');
    const stopped = await backend.stopExecution(flowName, executionNameOf(p), optional(p, 'Error'), optional(p, 'Cause'));
    return execution(stopped, flows.get(flowName));
  },

  ListExecutions: async (p, { backend, flows }) => {
    const flowName = flowNameOf(p, 'FlowName');
    const limit = integer(p, 'Limit', 1, 100) ?? 50;
    const status = optional(p, 'Status');
    const prefix = optional(p, 'ExecutionNamePrefix');
    const begin = optional(p, 'StartedTimeBegin');
    const end = optional(p, 'StartedTimeEnd');
    const stored = await backend.listExecutions(flowName);
    // A flow "exists" locally when it is served (StartExecution finds it) or the store holds
    // executions of it (`fdl run` of a file outside the served folders): the service answers
    // FlowNotExists for a flow it does not know, never an empty list.
    const flow = flows.get(flowName);
    if (!flow && stored.length === 0) throw flowNotFound(flowName);
    const all = stored.filter(
      (e) => (!status || e.status === status) && (!prefix || e.name.startsWith(prefix)) && (!begin || e.startedTime >= begin) && (!end || e.startedTime <= end),
    );
    const page = pageAfter(all, optional(p, 'NextToken'), limit, (e) => e.name);
    return { Executions: page.items.map((e) => execution(e, flow)), ...(page.next ? { NextToken: page.next } : {}) };
  },

  GetExecutionHistory: async (p, { backend }) => {
    const events = await backend.getExecutionHistory(flowNameOf(p, 'FlowName'), executionNameOf(p));
    const limit = integer(p, 'Limit', 1, 1000) ?? 1000;
    const page = pageAfter(events, optional(p, 'NextToken'), limit, (e) => String(e.eventId));
    return {
      Events: page.items.map((e) => ({
        EventId: e.eventId,
        ...(e.scheduleEventId !== undefined ? { ScheduleEventId: e.scheduleEventId } : {}),
        Type: e.type,
        StepName: e.stepName ?? '',
        Time: e.time,
        EventDetail: e.eventDetail ?? '',
      })),
      ...(page.next ? { NextToken: page.next } : {}),
    };
  },

  ReportTaskSucceeded: async (p, { backend }) => {
    const token = required(p, 'TaskToken');
    const output = required(p, 'Output');
    const eventId = await captureEventId(backend, 'TaskSucceeded', () => backend.reportTaskSucceeded(token, output));
    return eventId !== undefined ? { EventId: eventId } : {};
  },

  ReportTaskFailed: async (p, { backend }) => {
    const token = required(p, 'TaskToken');
    const error = required(p, 'Error');
    const cause = optional(p, 'Cause') ?? '';
    if (error.length > 128) throw new FnfApiError('InvalidArgument', 'Error must be 1 to 128 characters long.');
    if (cause.length > 4096) throw new FnfApiError('InvalidArgument', 'Cause must be at most 4096 characters long.');
    const eventId = await captureEventId(backend, 'TaskFailed', () => backend.reportTaskFailed(token, error, cause));
    return eventId !== undefined ? { EventId: eventId } : {};
  },

  DescribeFlow: async (p, { flows }) => {
    const name = flowNameOf(p, 'Name');
    const flow = flows.get(name);
    if (!flow) throw flowNotFound(name);
    return flowBody(flow);
  },

  ListFlows: async (p, { flows }) => {
    const limit = integer(p, 'Limit', 1, 100) ?? 50;
    const page = pageAfter(flows.list(), optional(p, 'NextToken'), limit, (f) => f.name);
    return { Flows: page.items.map(flowBody), ...(page.next ? { NextToken: page.next } : {}) };
  },
};

function execution(e: ExecutionSummary, flow: NamedFlow | undefined): ActionResult {
  return {
    Name: e.name,
    FlowName: e.flowName,
    FlowDefinition: flow?.definition ?? '',
    Input: e.input ?? '',
    Output: e.output ?? '',
    Status: e.status,
    StartedTime: e.startedTime,
    StoppedTime: e.stoppedTime ?? '',
    // Not in the 2019-03-15 DescribeExecution model; harmless extra fields that spare a history
    // read when an execution failed.
    ...(e.error !== undefined ? { Error: e.error } : {}),
    ...(e.cause !== undefined ? { Cause: e.cause } : {}),
  };
}

function flowBody(f: NamedFlow): ActionResult {
  return {
    Name: f.name,
    Id: uuidFrom(f.flowPath),
    Definition: f.definition,
    Description: '',
    Type: 'FDL',
    RoleArn: '',
    ExecutionMode: 'Standard',
    CreatedTime: f.createdTime,
    LastModifiedTime: f.lastModifiedTime,
  };
}

function isRunning(e: ExecutionSummary): boolean {
  return e.status === 'Running' || e.status === 'Starting';
}

/** DescribeExecution's long poll: answer as soon as the execution ends, or after the wait. */
function waitForEnd(backend: Backend, summary: ExecutionSummary, ms: number): Promise<ExecutionSummary> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      backend.describeExecution(summary.flowName, summary.name).then(resolve, () => resolve(summary));
    };
    const timer = setTimeout(finish, ms);
    const unsubscribe = backend.onEvent((flowName, executionName, event) => {
      if (flowName === summary.flowName && executionName === summary.name && /^Execution(Succeeded|Failed|Stopped|TimedOut)$/.test(event.type)) finish();
    });
    // It may have ended between the first describe and the subscription.
    backend.describeExecution(summary.flowName, summary.name).then(
      (s) => !isRunning(s) && finish(),
      () => undefined,
    );
  });
}

/** The id of the TaskSucceeded/TaskFailed event the report appends (the engine appends it synchronously). */
async function captureEventId(backend: Backend, type: string, report: () => Promise<void>): Promise<number | undefined> {
  let eventId: number | undefined;
  const unsubscribe = backend.onEvent((_f, _e, event) => {
    if (eventId === undefined && event.type === type) eventId = event.eventId;
  });
  try {
    await report();
  } finally {
    unsubscribe();
  }
  return eventId;
}

function required(p: Params, name: string): string {
  const v = p[name];
  if (v === undefined || v === '') throw new FnfApiError('MissingRequiredParams', `The parameter ${name} is required.`);
  return v;
}

/**
 * Names become paths in the store: a malformed one (`../cb`) is InvalidArgument, as the service
 * answers it, before any lookup; a well-formed unknown one is then FlowNotExists/ExecutionNotExists.
 */
function flowNameOf(p: Params, param: string): string {
  const name = required(p, param);
  if (!RESOURCE_NAME_PATTERN.test(name)) throw new FnfApiError('InvalidArgument', engineText('badFlowName', name));
  return name;
}

function executionNameOf(p: Params): string {
  return checkedExecutionName(required(p, 'ExecutionName'));
}

function checkedExecutionName(name: string): string {
  if (!RESOURCE_NAME_PATTERN.test(name)) throw new FnfApiError('InvalidArgument', engineText('badExecutionName', name));
  return name;
}

function optional(p: Params, name: string): string | undefined {
  const v = p[name];
  return v === undefined || v === '' ? undefined : v;
}

function integer(p: Params, name: string, min: number, max: number): number | undefined {
  const v = optional(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new FnfApiError('InvalidArgument', `${name} must be an integer from ${min} to ${max}.`);
  return n;
}

/** Pages where NextToken is the key of the first item of the next page. */
function pageAfter<T>(items: T[], token: string | undefined, limit: number, key: (t: T) => string): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    start = items.findIndex((i) => key(i) === token);
    if (start < 0) throw new FnfApiError('InvalidArgument', `NextToken ${token} is not valid.`);
  }
  const page = items.slice(start, start + limit);
  const next = items[start + limit];
  return { items: page, next: next !== undefined ? key(next) : undefined };
}

/** FlowNotExists, or InvalidDefinition when its file is there but cannot be read (not UTF-8, say): it exists, and why it cannot run is the answer. */
function flowNotFound(name: string, flows?: FlowSource): FnfApiError {
  const why = flows?.unreadable?.(name);
  if (why !== undefined) return new FnfApiError('InvalidDefinition', `Flow ${name} cannot be read: ${why}`);
  return new FnfApiError('FlowNotExists', `Flow ${name} does not exist: no ${name}.flow.yaml in the served flow folders.`, 404);
}

function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
