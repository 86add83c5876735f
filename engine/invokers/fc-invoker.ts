/**
 * Runs a task on real Function Compute (FC 2.0 API 2021-04-06) with the official
 * `@alicloud/fc-open20210406` client, the way Serverless Workflow does (FC.md §1, §4):
 *
 * - requestResponse: InvokeFunction, `x-fc-invocation-type` from serviceParams.InvocationType
 *   (Sync by default). Sync → the result, or a function error read from `x-fc-error-type`;
 *   Async → accepted.
 * - sync: an Async stateful invocation (`x-fc-stateful-async-invocation-id` from
 *   serviceParams.StatefulAsyncInvocationID, or generated), then GetStatefulAsyncInvocation is
 *   polled until it ends (Succeeded → returnPayload; Failed/Stopped/Expired/Invalid → failed).
 *   An attempt resubmitted after a restart with the same user-given id gets 409 from FC: that is
 *   FC's de-duplication of a resubmitted task (its docs: resubmit with the same id when a submit's
 *   outcome is unknown), so the step follows the existing invocation (an async requestResponse or
 *   waitForCallback counts as accepted).
 * - waitForCallback: an Async invocation; the function reports back with the task token.
 *
 * Service errors (4xx/5xx) become `FC.<ErrorCode>` (FC.ResourceThrottled, FC.FunctionNotFound…);
 * transport failures become FC.Unknown. Timeouts: the SDK's 3 s default is replaced by the step's
 * timeoutSeconds (+ margin) or `requestTimeoutMs`, set on BOTH connect and read (FC.md §1.9).
 */
import FC, * as $FC from '@alicloud/fc-open20210406';
import * as $OpenApi from '@alicloud/openapi-client';
import * as $Util from '@alicloud/tea-util';
import { randomUUID } from 'node:crypto';
import { parseFunctionArn } from '../../fdl/serverless-devs';
import { isAsyncRequestResponse, type TaskInvocation, type TaskInvoker, type TaskOutcome } from '../invoker';
import { engineText } from '../messages';
import { outcomeFromFunctionBody, outcomeFromFunctionError } from './fc-function-result';

export interface FcCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface FcInvokerOptions {
  credentials: FcCredentials;
  /** Used when the ARN leaves them empty (`acs:fc:::services/…`). */
  accountId: string;
  region: string;
  /** Host[:port] without scheme; default `{accountId}.{region}.fc.aliyuncs.com`. */
  endpoint?: string;
  protocol?: 'http' | 'https';
  /** HTTP timeout when the step has no timeoutSeconds (default 10 minutes, FC's longest common limit). */
  requestTimeoutMs?: number;
  /** Between GetStatefulAsyncInvocation polls for the `sync` pattern (default 1000 ms, growing to 5 s). */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
}

/** Stateful async invocation end states (FC.md §1.5). */
const END_STATES = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired', 'Invalid']);

export class FcInvoker implements TaskInvoker {
  readonly name = 'fc';
  private readonly clients = new Map<string, FC>();

  constructor(private readonly options: FcInvokerOptions) {}

  canInvoke(inv: Pick<TaskInvocation, 'stepName' | 'resource'>): boolean {
    return parseFunctionArn(inv.resource)?.serviceName !== undefined;
  }

  async invoke(inv: TaskInvocation): Promise<TaskOutcome> {
    const arn = parseFunctionArn(inv.resource);
    if (!arn?.serviceName) return { kind: 'failed', error: 'FC.InvalidArgument', cause: `not an FC 2.0 function ARN: ${inv.resource}` };
    const region = arn.region || this.options.region;
    const accountId = arn.accountId || this.options.accountId;
    // The default endpoint is {account}.{region}.fc.aliyuncs.com: without an account there is none to call.
    if (!this.options.endpoint && !accountId) return { kind: 'failed', error: 'FC.InvalidArgument', cause: engineText('fcNoAccount', inv.stepName, inv.resource) };
    const client = this.client(region, accountId);
    const runtime = this.runtimeOptions(inv);
    const target = { serviceName: arn.serviceName, functionName: arn.functionName, qualifier: arn.qualifier };
    const params = inv.serviceParams ?? {};

    try {
      if (inv.pattern === 'sync') return await this.invokeAndPoll(inv, client, runtime, target, params);
      const async = inv.pattern === 'waitForCallback' || isAsyncRequestResponse(inv);
      const statefulId = typeof params.StatefulAsyncInvocationID === 'string' ? params.StatefulAsyncInvocationID : undefined;
      let resp: $FC.InvokeFunctionResponse;
      try {
        resp = await this.invokeFunction(inv, client, runtime, target, async ? 'Async' : 'Sync', statefulId);
      } catch (e) {
        // As for `sync` below: the attempt resubmitted after a restart; FC accepted it before.
        if (!(async && statefulId && inv.resumed && isInvocationAlreadyExists(e))) throw e;
        inv.log(`fc: stateful async invocation ${statefulId} already exists (submitted before a restart): accepted`);
        return { kind: 'accepted' };
      }
      const requestId = resp.headers?.['x-fc-request-id'];
      if (async) {
        inv.log(`fc: accepted, request id ${requestId ?? '?'}`);
        return { kind: 'accepted', requestId };
      }
      const text = Buffer.from(resp.body ?? Buffer.alloc(0)).toString('utf8');
      const errorType = resp.headers?.['x-fc-error-type'];
      inv.log(`fc: request id ${requestId ?? '?'}${errorType ? `, ${errorType}` : ''}`);
      logTail(inv, resp.headers?.['x-fc-log-result']);
      return errorType ? outcomeFromFunctionError(errorType, text) : outcomeFromFunctionBody(text);
    } catch (e) {
      const failed = serviceFailure(e);
      inv.log(`fc: ${failed.error}: ${failed.cause}`);
      return failed;
    }
  }

  private async invokeAndPoll(
    inv: TaskInvocation,
    client: FC,
    runtime: $Util.RuntimeOptions,
    target: { serviceName: string; functionName: string; qualifier?: string },
    params: Record<string, unknown>,
  ): Promise<TaskOutcome> {
    const wanted = typeof params.StatefulAsyncInvocationID === 'string' && params.StatefulAsyncInvocationID ? params.StatefulAsyncInvocationID : statefulInvocationId(inv);
    let invocationId = wanted;
    try {
      const resp = await this.invokeFunction(inv, client, runtime, target, 'Async', wanted);
      invocationId = resp.headers?.['x-fc-stateful-async-invocation-id'] || wanted;
      inv.log(`fc: stateful async invocation ${invocationId} submitted (request id ${resp.headers?.['x-fc-request-id'] ?? '?'})`);
    } catch (e) {
      // At-least-once: an attempt interrupted by a crash is invoked again after the restart, with
      // the same user-given StatefulAsyncInvocationID, and FC refuses the id it already holds
      // (409). That invocation is this attempt's, submitted before the crash: follow it instead of
      // failing the step. Only then: a fresh attempt meeting an id FC holds (a constant id used by
      // two executions) fails as it does in the cloud. (Generated ids carry a random part, so
      // only a user-given id can meet this; FC.md §1.4.)
      if (!(inv.resumed && isInvocationAlreadyExists(e))) throw e;
      inv.log(`fc: stateful async invocation ${wanted} already exists (submitted before a restart): polling it`);
    }
    let interval = this.options.pollIntervalMs ?? 1000;
    const maxInterval = this.options.maxPollIntervalMs ?? 5000;
    for (;;) {
      if (await sleep(interval, inv.signal)) {
        // The engine gave up on the step (timeout/stop): stop the invocation too, best effort.
        await client
          .stopStatefulAsyncInvocationWithOptions(
            target.serviceName,
            target.functionName,
            invocationId,
            new $FC.StopStatefulAsyncInvocationRequest({ qualifier: target.qualifier }),
            new $FC.StopStatefulAsyncInvocationHeaders({}),
            runtime,
          )
          .catch(() => undefined);
        return { kind: 'failed', error: 'FC.Stopped', cause: `stateful async invocation ${invocationId} stopped` };
      }
      interval = Math.min(maxInterval, Math.round(interval * 1.5));
      const got = await client.getStatefulAsyncInvocationWithOptions(
        target.serviceName,
        target.functionName,
        invocationId,
        new $FC.GetStatefulAsyncInvocationRequest({ qualifier: target.qualifier }),
        new $FC.GetStatefulAsyncInvocationHeaders({}),
        runtime,
      );
      const record = got.body;
      const status = record?.status ?? '';
      if (!END_STATES.has(status)) continue;
      inv.log(`fc: stateful async invocation ${invocationId} ${status}`);
      if (status === 'Succeeded') return outcomeFromFunctionBody(record?.returnPayload ?? '');
      const errorName = record?.invocationErrorMessage || (status === 'Failed' ? 'UnhandledInvocationError' : `FC.${status}`);
      const payload = record?.returnPayload ?? '';
      if (payload.trim().startsWith('{')) return outcomeFromFunctionError(errorName, payload);
      const detail = record?.events
        ?.map((e) => e.eventDetail)
        .filter(Boolean)
        .pop();
      return { kind: 'failed', error: errorName, cause: detail || `stateful async invocation ${invocationId} ${status}` };
    }
  }

  private invokeFunction(
    inv: TaskInvocation,
    client: FC,
    runtime: $Util.RuntimeOptions,
    target: { serviceName: string; functionName: string; qualifier?: string },
    invocationType: 'Sync' | 'Async',
    statefulId: string | undefined,
  ): Promise<$FC.InvokeFunctionResponse> {
    return client.invokeFunctionWithOptions(
      target.serviceName,
      target.functionName,
      new $FC.InvokeFunctionRequest({ body: Buffer.from(JSON.stringify(inv.input ?? {})), qualifier: target.qualifier }),
      // Tail: a synchronous answer carries the last 4 KB of the function's log (x-fc-log-result), for the step log.
      new $FC.InvokeFunctionHeaders({ xFcInvocationType: invocationType, xFcStatefulAsyncInvocationId: statefulId, xFcLogType: invocationType === 'Sync' ? 'Tail' : undefined }),
      runtime,
    );
  }

  private runtimeOptions(inv: TaskInvocation): $Util.RuntimeOptions {
    const timeout = inv.timeoutSeconds ? inv.timeoutSeconds * 1000 + 5000 : (this.options.requestTimeoutMs ?? 600_000);
    return new $Util.RuntimeOptions({ readTimeout: timeout, connectTimeout: timeout, autoretry: false });
  }

  private client(region: string, accountId: string): FC {
    const endpoint = this.options.endpoint ?? `${accountId}.${region}.fc.aliyuncs.com`;
    let c = this.clients.get(endpoint);
    if (!c) {
      const { accessKeyId, accessKeySecret, securityToken } = this.options.credentials;
      c = new FC(
        new $OpenApi.Config({
          accessKeyId,
          accessKeySecret,
          securityToken: securityToken || undefined,
          endpoint,
          protocol: this.options.protocol ?? 'https',
          regionId: region,
          readTimeout: this.options.requestTimeoutMs ?? 600_000,
          connectTimeout: this.options.requestTimeoutMs ?? 600_000,
        }),
      );
      this.clients.set(endpoint, c);
    }
    return c;
  }
}

/**
 * Letters, digits, `_` and `-`, starting with a letter or `_`, ≤ 128 chars (FC.md §1.4); unique per
 * attempt so a retry is a new invocation.
 */
export function statefulInvocationId(inv: Pick<TaskInvocation, 'executionName' | 'stepName' | 'attempt'>): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  const id = `fnf_${clean(inv.executionName)}_${clean(inv.stepName)}_${inv.attempt}_${randomUUID().slice(0, 8)}`;
  return id.length <= 128 ? id : `fnf_${randomUUID().replace(/-/g, '')}`;
}

/**
 * FC's refusal of an InvokeFunction whose stateful async invocation id it already holds: HTTP 409
 * (FC.md §2: "duplicate task id ⇒ 409"; the 2.0 reference names no code, the stand-in answers
 * InvocationAlreadyExists). 409 ConcurrentUpdateError is about configuration updates, not this.
 */
function isInvocationAlreadyExists(e: unknown): boolean {
  const data = ((e ?? {}) as { data?: Record<string, unknown> }).data ?? {};
  const code = [data.Code, data.ErrorCode, data.errorCode, data.code].find((v) => typeof v === 'string' && v) as string | undefined;
  if (code && /AlreadyExist/i.test(code)) return true;
  return data.statusCode === 409 && code !== 'ConcurrentUpdateError';
}

/** A thrown SDK error → `FC.<code>` (error bodies vary by generation: Code / ErrorCode / errorCode). */
function serviceFailure(e: unknown): TaskOutcome & { kind: 'failed' } {
  const err = (e ?? {}) as { code?: string; message?: string; data?: Record<string, unknown> };
  const data = err.data ?? {};
  const status = typeof data.statusCode === 'number' ? data.statusCode : undefined;
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
