/**
 * StateMachine Task (SEMANTICS.md "StateMachine: tasks"). `Parameters` is a constructor over the
 * state input and `$Context` (with `Current.TaskToken` and `Current.RetryCount`), built once per
 * attempt and recorded in TaskScheduled. `TaskMode` picks the pattern the classic dialect already
 * runs: RequestComplete → invoke and continue with the result; WaitForSystemCallback → invoke
 * asynchronously and continue when the invocation completes (classic `sync`);
 * WaitForCustomCallback → issue a task token and continue on ReportTaskSucceeded/Failed (classic
 * `waitForCallback`). `Timeout` (or `Timeout.$`) bounds the attempt from TaskScheduled.
 *
 * `FC:InvokeFunction` invokes `Parameters.resourceArn` with `Parameters.body` as the event, through
 * the engine's invokers (mocks by state name, then resourceArn; local code; Function Compute);
 * the function's result becomes `{Body: <result>}` (real flows read `$Output.Body.<field>`).
 * `FNF:StartExecution` starts `Parameters.resourceArn`'s flow as a child execution on the same
 * backend (patterns/child-flow.ts, as a classic `acs:fnf:::flow/<name>` task), with
 * `Parameters.input` and `executionName`, unless a mock claims the state, the Action or the flow's
 * ARN (such tasks were mock-only before, and a mock still stands in for a flow not present). Any
 * other Action (`HTTP:Request`, `<Service>:<Operation>`) runs only through a mock, keyed by state
 * name then Action, whose output is the task's result as it stands.
 */
import { randomUUID } from 'node:crypto';
import type { SmPlanModel } from '../../../fdl/plan/statemachine';
import { EMPTY_DATA, isJsonObject } from '../data-mapping';
import { ExecutionEnd, StepFailure } from '../../errors';
import type { EventDetails, JsonObject } from '../../history/events';
import { engineText } from '../../messages';
import { childFlowName, runChildFlow, type ChildStart } from '../patterns/child-flow';
import { runRequestResponse } from '../patterns/request-response';
import { runSync } from '../patterns/sync';
import { failTask, replayResult, type TaskAttempt } from '../patterns/task-attempt';
import { runWaitForCallback } from '../patterns/wait-for-callback';
import type { StepRun, StepRunner } from '../run-context';
import { NAME_PATTERN } from '../../store/execution-store';
import { newTaskToken } from '../../task-tokens';
import { construct, evaluate, smContext, type LazyContext } from '../dialects/sm-data';

export const FC_INVOKE = 'FC:InvokeFunction';
export const FNF_START_EXECUTION = 'FNF:StartExecution';

type Pattern = 'requestResponse' | 'sync' | 'waitForCallback';

export function taskPattern(m: SmPlanModel): Pattern {
  const mode = m.def.TaskMode;
  return mode === 'WaitForCustomCallback' ? 'waitForCallback' : mode === 'WaitForSystemCallback' ? 'sync' : 'requestResponse';
}

// Not async: a mocked task answers synchronously (patterns/request-response.ts), its visit with it.
export const runSmTask: StepRunner<SmPlanModel> = (m, input, sr) => {
  const { journal } = sr.run;
  const action = typeof m.def.Action === 'string' ? m.def.Action.trim() : '';
  const pattern = taskPattern(m);
  const scheduledKey = sr.scheduledKey;
  const recorded = journal.find<'TaskScheduled'>(scheduledKey);
  let token: string | undefined;
  if (pattern !== 'requestResponse') token = recorded?.detail.taskToken ?? (sr.attempt === 1 ? sr.context.task?.token : undefined) ?? newTaskToken();
  // Built once for Parameters and Timeout.$, and only when one of them reads it.
  let built: unknown;
  const context = () => (built ??= smContext(sr.run.contextHeads, { Name: m.name, Input: input, RetryCount: sr.attempt - 1, ...(token ? { TaskToken: token } : {}) }));
  const parameters = recorded?.detail.serviceParams ?? parametersOf(m, input, context);
  const timeout = recorded ? recorded.detail.timeoutSeconds : timeoutOf(m, input, context);
  const fc = action === FC_INVOKE;
  const child = action === FNF_START_EXECUTION ? childResource(m, parameters, sr) : undefined;
  const resource = recorded?.detail.resource ?? (fc ? resourceOf(m, parameters) : (child?.arn ?? action));
  const event = (fc ? (parameters.body ?? EMPTY_DATA) : parameters) as JsonObject;
  const detail: EventDetails['TaskScheduled'] = { resource, pattern, input: event, serviceParams: parameters, attempt: sr.attempt };
  // Optional members set after (same order as a literal): a spread of a conditional `{}` costs an object each.
  if (timeout) detail.timeoutSeconds = timeout;
  if (token) detail.taskToken = token;
  const scheduled = journal.record('TaskScheduled', scheduledKey, detail, m.name, sr.startedEventId);
  const attempt: TaskAttempt = {
    sr,
    step: timeout ? { name: m.name, timeoutSeconds: { value: timeout } } : { name: m.name },
    resource,
    pattern,
    input: event,
    serviceParams: invocationParams(pattern, parameters),
    token,
    scheduled,
    resumed: recorded !== undefined,
  };
  // Optional members set after, as for `detail` above.
  if (fc) attempt.shape = fcResult;
  else if (child && pattern === 'requestResponse') attempt.shape = childResult;
  if (timeout) attempt.timeoutCause = engineText('smTaskTimeout', m.name, timeout);
  const replayed = replayResult(attempt);
  if (replayed) return replayed;
  if (child && !child.mocked) return runChildFlow(attempt, childStart(m, parameters, attempt));
  requireInvoker(m.name, resource, fc, sr);
  if (pattern === 'sync') return runSync(attempt);
  if (pattern === 'waitForCallback') return runWaitForCallback(attempt);
  return runRequestResponse(attempt);
};

/** The last object result fcResult wrapped, and its wrapping. */
let lastBody: object | undefined;
let lastWrapped: { Body: unknown } | undefined;

/**
 * An FC:InvokeFunction result as the state sees it: under `Body`. The same result object (a mock
 * answers with one) gets the same wrapping again: step data is never mutated, so one object may
 * stand in several executions' histories, and the result's checks (patterns/task-attempt.ts
 * asTaskLocal, by identity) are not made again for it.
 */
function fcResult(output: unknown): { Body: unknown } {
  if (typeof output === 'object' && output !== null) {
    if (output !== lastBody) {
      lastBody = output;
      lastWrapped = { Body: output };
    }
    return lastWrapped!;
  }
  return { Body: output === undefined ? {} : parsed(output) };
}
/** A started child execution's answer, with the request's id. */
const childResult = (output: unknown) => ({ ...(output as JsonObject), RequestID: randomUUID() });

function parametersOf(m: SmPlanModel, input: JsonObject, context: LazyContext): JsonObject {
  if (m.def.Parameters === undefined) return EMPTY_DATA;
  const v = construct(m.name, 'Parameters', m.def.Parameters, input, context);
  return isJsonObject(v) ? v : {};
}

/**
 * The flow ARN an FNF:StartExecution task starts locally, or undefined when a mock claims the task
 * (by state name, then Action, then the flow's ARN: the mock runs under that key). A missing or
 * malformed ARN fails the state, naming it.
 */
function childResource(m: SmPlanModel, parameters: JsonObject, sr: StepRun): { arn: string; mocked: boolean } | undefined {
  const claims = (resource: string) => sr.run.invokers.some((i) => i.canInvoke({ stepName: m.name, resource }));
  if (claims(FNF_START_EXECUTION)) return undefined;
  const arn = typeof parameters.resourceArn === 'string' ? parameters.resourceArn.trim() : '';
  if (arn && claims(arn)) return { arn, mocked: true };
  if (!childFlowName(arn)) throw new StepFailure('FnF.InvalidArgument', engineText('smBadFlowArn', m.name, JSON.stringify(parameters.resourceArn ?? null)));
  return { arn, mocked: false };
}

/**
 * `Parameters.input` (an object, the docs: "只支持对象类型"; absent: `{}`, as StartExecution without
 * an Input) and `executionName` (a valid execution name; absent: the deterministic default).
 * Anything else fails the attempt before a child starts (TaskSubmitFailed, FnF.InvalidArgument).
 */
function childStart(m: SmPlanModel, parameters: JsonObject, t: TaskAttempt): ChildStart {
  const { input, executionName } = parameters;
  if (input !== undefined && !isJsonObject(input))
    failTask(t, 'TaskSubmitFailed', 'FnF.InvalidArgument', engineText('smChildInput', m.name, JSON.stringify(input)?.slice(0, 200) ?? 'nothing'));
  if (executionName !== undefined && (typeof executionName !== 'string' || !NAME_PATTERN.test(executionName)))
    failTask(t, 'TaskSubmitFailed', 'FnF.InvalidArgument', engineText('smChildExecutionName', m.name, JSON.stringify(executionName)));
  return { input: (input as JsonObject | undefined) ?? {}, ...(typeof executionName === 'string' ? { executionName } : {}) };
}

function resourceOf(m: SmPlanModel, parameters: JsonObject): string {
  const arn = parameters.resourceArn;
  if (typeof arn !== 'string' || arn.trim() === '') throw new StepFailure('FC.InvalidArgument', engineText('smNoResourceArn', m.name));
  return arn.trim();
}

/** `Timeout` or `Timeout.$` in seconds; 0 or absent: none (docs "Task": 0–604800, 0 = no limit). */
function timeoutOf(m: SmPlanModel, input: JsonObject, context: LazyContext): number | undefined {
  const v = 'Timeout.$' in m.def ? evaluate(m.name, 'Timeout.$', m.def['Timeout.$'], input, context) : m.def.Timeout;
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new StepFailure('FnF.InvalidArgument', engineText('smBadTimeout', m.name, JSON.stringify(v)));
  return n > 0 ? n : undefined;
}

/**
 * What the invokers read of an invocation's parameters: `InvocationType` Async for
 * WaitForSystemCallback (the docs' asynchronous invocation), else as `Parameters.invocationType` says.
 */
function invocationParams(pattern: Pattern, parameters: JsonObject): JsonObject {
  const written = typeof parameters.invocationType === 'string' ? parameters.invocationType : undefined;
  const type = pattern === 'sync' ? 'Async' : (written ?? 'Sync');
  // Absent means Sync to every invoker (invoker.ts asyncRequested): the common case copies nothing.
  if (type === 'Sync' && parameters.InvocationType === undefined) return parameters;
  return { ...parameters, InvocationType: type };
}

/** A function's result as JSON when it is JSON text (FC returns bytes), else as it came. */
function parsed(output: unknown): unknown {
  if (typeof output !== 'string') return output;
  try {
    return JSON.parse(output) as unknown;
  } catch {
    return output;
  }
}

/**
 * A clear refusal naming the state, before anything is invoked. Only a mock claims an Action other
 * than FC:InvokeFunction (local code and Function Compute claim function ARNs), so the message for
 * those says to add a mock.
 */
function requireInvoker(stateName: string, resource: string, fc: boolean, sr: StepRun): void {
  if (sr.run.invokers.some((i) => i.canInvoke({ stepName: stateName, resource }))) return;
  throw new ExecutionEnd('fail', 'Local.NoInvoker', fc ? engineText('smNoInvoker', stateName, resource) : engineText('smNoMock', stateName, resource));
}
