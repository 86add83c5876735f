/**
 * One task attempt on Function Compute, whatever the API generation (FC 2.0 `services/…`, FC 3.0
 * `functions/…`): the pattern logic, the error mapping and the log lines both invokers share. A
 * generation supplies its calls (`FcCalls`, made with its official SDK); this module decides what
 * they mean for the step (FC.md §1, §2, §4):
 *
 * - requestResponse: InvokeFunction, `x-fc-invocation-type` from serviceParams.InvocationType
 *   (Sync by default). Sync → the result, or a function error read from `x-fc-error-type`;
 *   Async → accepted.
 * - sync: an Async invocation carrying an id (serviceParams.StatefulAsyncInvocationID, or
 *   generated), then its record is polled until it ends (Succeeded → returnPayload;
 *   Failed/Stopped/Expired/Invalid → failed). FC 2.0 calls it a stateful async invocation, FC 3.0
 *   an async task; same status set. An attempt resubmitted after a restart with the same
 *   user-given id gets 409 from FC: that is FC's de-duplication of a resubmitted task, so the step
 *   follows the existing invocation (an async requestResponse or waitForCallback counts as accepted).
 * - waitForCallback: an Async invocation; the function reports back with the task token.
 *
 * Service errors (4xx/5xx) become `FC.<ErrorCode>` (FC.ResourceThrottled, FC.FunctionNotFound…);
 * transport failures become FC.Unknown.
 */
import { randomUUID } from 'node:crypto';
import { isAsyncRequestResponse, type TaskInvocation, type TaskOutcome } from '../invoker';
import { outcomeFromFunctionBody, outcomeFromFunctionError } from './fc-function-result';

/** An InvokeFunction answer, read to the end. */
export interface FcInvokeAnswer {
  headers: Record<string, string | undefined>;
  body: string;
}

/** An asynchronous invocation's record (FC 2.0 StatefulAsyncInvocation / FC 3.0 AsyncTask). */
export interface FcAsyncRecord {
  status: string;
  returnPayload?: string;
  /** invocationErrorMessage (2.0) / taskErrorMessage (3.0): the function's error type. */
  errorMessage?: string;
  /** The events' details, oldest first. */
  eventDetails: string[];
}

/** The calls of one Function Compute API generation for one function, made with its SDK. */
export interface FcCalls {
  /** What the generation calls an asynchronous invocation with an id, for the step log. */
  readonly asyncNoun: string;
  /** The response header with the id FC gave the asynchronous invocation. */
  readonly asyncIdHeader: string;
  invoke(invocationType: 'Sync' | 'Async', asyncId: string | undefined): Promise<FcInvokeAnswer>;
  getAsync(id: string): Promise<FcAsyncRecord>;
  stopAsync(id: string): Promise<void>;
}

export interface FcPollOptions {
  /** Between polls of an asynchronous invocation for the `sync` pattern (default 1000 ms, growing to 5 s). */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
}

/** Asynchronous invocation end states (FC.md §1.5, §2: the same set for async tasks). */
const END_STATES = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired', 'Invalid']);

/** Runs one attempt; never throws (every failure is a `failed` outcome). */
export async function runFcTask(inv: TaskInvocation, calls: FcCalls, options: FcPollOptions): Promise<TaskOutcome> {
  const params = inv.serviceParams ?? {};
  try {
    if (inv.pattern === 'sync') return await invokeAndPoll(inv, calls, options, params);
    const async = inv.pattern === 'waitForCallback' || isAsyncRequestResponse(inv);
    const asyncId = typeof params.StatefulAsyncInvocationID === 'string' ? params.StatefulAsyncInvocationID : undefined;
    let resp: FcInvokeAnswer;
    try {
      resp = await calls.invoke(async ? 'Async' : 'Sync', asyncId);
    } catch (e) {
      // As for `sync` below: the attempt resubmitted after a restart; FC accepted it before.
      if (!(async && asyncId && inv.resumed && isInvocationAlreadyExists(e))) throw e;
      inv.log(`fc: ${calls.asyncNoun} ${asyncId} already exists (submitted before a restart): accepted`);
      return { kind: 'accepted' };
    }
    const requestId = resp.headers['x-fc-request-id'];
    if (async) {
      inv.log(`fc: accepted, request id ${requestId ?? '?'}`);
      return { kind: 'accepted', requestId };
    }
    const errorType = resp.headers['x-fc-error-type'];
    inv.log(`fc: request id ${requestId ?? '?'}${errorType ? `, ${errorType}` : ''}`);
    logTail(inv, resp.headers['x-fc-log-result']);
    return errorType ? outcomeFromFunctionError(errorType, resp.body) : outcomeFromFunctionBody(resp.body, inv.stepName);
  } catch (e) {
    const failed = serviceFailure(e);
    inv.log(`fc: ${failed.error}: ${failed.cause}`);
    return failed;
  }
}

async function invokeAndPoll(inv: TaskInvocation, calls: FcCalls, options: FcPollOptions, params: Record<string, unknown>): Promise<TaskOutcome> {
  const wanted = typeof params.StatefulAsyncInvocationID === 'string' && params.StatefulAsyncInvocationID ? params.StatefulAsyncInvocationID : statefulInvocationId(inv);
  let id = wanted;
  try {
    const resp = await calls.invoke('Async', wanted);
    id = resp.headers[calls.asyncIdHeader] || wanted;
    inv.log(`fc: ${calls.asyncNoun} ${id} submitted (request id ${resp.headers['x-fc-request-id'] ?? '?'})`);
  } catch (e) {
    // At-least-once: an attempt interrupted by a crash is invoked again after the restart, with
    // the same user-given id, and FC refuses the id it already holds (409). That invocation is
    // this attempt's, submitted before the crash: follow it instead of failing the step. Only
    // then: a fresh attempt meeting an id FC holds (a constant id used by two executions) fails
    // as it does in the cloud. (Generated ids carry a random part, so only a user-given id can
    // meet this; FC.md §1.4.)
    if (!(inv.resumed && isInvocationAlreadyExists(e))) throw e;
    inv.log(`fc: ${calls.asyncNoun} ${wanted} already exists (submitted before a restart): polling it`);
  }
  let interval = options.pollIntervalMs ?? 1000;
  const maxInterval = options.maxPollIntervalMs ?? 5000;
  for (;;) {
    if (await sleep(interval, inv.signal)) {
      // The engine gave up on the step (timeout/stop): stop the invocation too, best effort.
      await calls.stopAsync(id).catch(() => undefined);
      return { kind: 'failed', error: 'FC.Stopped', cause: `${calls.asyncNoun} ${id} stopped` };
    }
    interval = Math.min(maxInterval, Math.round(interval * 1.5));
    const record = await calls.getAsync(id);
    if (!END_STATES.has(record.status)) continue;
    inv.log(`fc: ${calls.asyncNoun} ${id} ${record.status}`);
    const payload = record.returnPayload ?? '';
    if (record.status === 'Succeeded') return outcomeFromFunctionBody(payload, inv.stepName);
    const errorName = record.errorMessage || (record.status === 'Failed' ? 'UnhandledInvocationError' : `FC.${record.status}`);
    if (payload.trim().startsWith('{')) return outcomeFromFunctionError(errorName, payload);
    const detail = record.eventDetails.filter(Boolean).pop();
    return { kind: 'failed', error: errorName, cause: detail || `${calls.asyncNoun} ${id} ${record.status}` };
  }
}

/**
 * The HTTP timeout of one call: the SDKs' 3 s default is replaced by the step's timeoutSeconds
 * (+ margin) or `fallbackMs`, to be set on BOTH connect and read (FC.md §1.9).
 */
export function callTimeoutMs(inv: Pick<TaskInvocation, 'timeoutSeconds'>, fallbackMs: number | undefined): number {
  return inv.timeoutSeconds ? inv.timeoutSeconds * 1000 + 5000 : (fallbackMs ?? 600_000);
}

/**
 * Letters, digits, `_` and `-`, starting with a letter or `_`, ≤ 128 chars (FC.md §1.4; FC 3.0
 * task ids follow the same rule); unique per attempt so a retry is a new invocation.
 */
export function statefulInvocationId(inv: Pick<TaskInvocation, 'executionName' | 'stepName' | 'attempt'>): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  const id = `fnf_${clean(inv.executionName)}_${clean(inv.stepName)}_${inv.attempt}_${randomUUID().slice(0, 8)}`;
  return id.length <= 128 ? id : `fnf_${randomUUID().replace(/-/g, '')}`;
}

/**
 * FC's refusal of an InvokeFunction whose asynchronous invocation id it already holds: HTTP 409
 * (FC.md §2: "duplicate task id ⇒ 409"; the references name no code, the stand-ins answer
 * InvocationAlreadyExists / AsyncTaskAlreadyExists). 409 ConcurrentUpdateError is about
 * configuration updates, not this.
 */
function isInvocationAlreadyExists(e: unknown): boolean {
  const data = ((e ?? {}) as { data?: Record<string, unknown> }).data ?? {};
  const status = (e as { statusCode?: unknown } | undefined)?.statusCode ?? data.statusCode;
  const code = [data.Code, data.ErrorCode, data.errorCode, data.code].find((v) => typeof v === 'string' && v) as string | undefined;
  if (code && /AlreadyExist/i.test(code)) return true;
  return status === 409 && code !== 'ConcurrentUpdateError';
}

/**
 * A thrown SDK error → `FC.<code>`. Error bodies vary by generation (FC 2.0: ErrorCode /
 * errorCode, FC 3.0: Code / Message); the FC 3.0 SDK puts the status on the error itself.
 */
export function serviceFailure(e: unknown): TaskOutcome & { kind: 'failed' } {
  const err = (e ?? {}) as { code?: string; message?: string; statusCode?: number; data?: Record<string, unknown> };
  const data = err.data ?? {};
  const status = typeof data.statusCode === 'number' ? data.statusCode : typeof err.statusCode === 'number' ? err.statusCode : undefined;
  const pick = (...vals: unknown[]) => vals.find((v) => typeof v === 'string' && v && v !== 'undefined') as string | undefined;
  let code = pick(data.Code, data.ErrorCode, data.errorCode, data.code, status ? err.code : undefined);
  if (!code && status) code = status === 429 || status === 503 ? 'ResourceThrottled' : status >= 500 ? 'InternalServerError' : undefined;
  const message = pick(data.Message, data.ErrorMessage, data.errorMessage, data.message) ?? err.message ?? String(e);
  return { kind: 'failed', error: `FC.${code ?? 'Unknown'}`, cause: message };
}

function logTail(inv: TaskInvocation, base64: string | undefined): void {
  if (!base64) return;
  for (const line of Buffer.from(base64, 'base64').toString('utf8').split(/\r?\n/)) if (line) inv.log(line);
}

/** Resolves true if aborted before the delay passed. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(true);
    const onAbort = () => {
      clearTimeout(t);
      resolve(true);
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(false);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
