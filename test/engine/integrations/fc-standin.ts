/**
 * A loopback stand-in for Function Compute 2.0 (API 2021-04-06) that speaks the wire protocol
 * the unmodified `@alicloud/fc-open20210406` SDK uses (FC.md §1, §7): paths
 * `/2021-04-06/services/{service}/functions/{function}/invocations` (`?qualifier`, or the older
 * `service.qualifier` form), stateful async invocations, error bodies with every spelling the SDK
 * generations read. Signature, InvokeFunction and async runs: `fc-standin-core.ts`.
 *
 * Functions are JavaScript callbacks registered per `service/function`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FcStandinCore, type AsyncRun, type StandinFunction } from './fc-standin-core';

export { verifyAcs3, type RecordedRequest, type StandinAnswer, type StandinFunction } from './fc-standin-core';

export class FcStandin extends FcStandinCore {
  constructor(keys: Record<string, string>) {
    super(keys, '2021-04-06');
  }

  define(serviceName: string, functionName: string, fn: StandinFunction): this {
    this.functions.set(`${serviceName}/${functionName}`, fn);
    return this;
  }

  /** A stateful async invocation as GetStatefulAsyncInvocation returns it. */
  invocation(serviceName: string, functionName: string, id: string): Record<string, unknown> | undefined {
    const run = this.runs.get(`${serviceName}/${functionName}/${id}`);
    return run && wireRecord(run);
  }

  protected async route(req: IncomingMessage, body: Buffer, res: ServerResponse, url: URL, parts: string[]): Promise<void> {
    const [, , services, svcQ, functions, fn, kind, id] = parts;
    if (services !== 'services' || functions !== 'functions') return this.notSupported(res, req, url);
    const dot = svcQ.indexOf('.');
    const serviceName = dot < 0 ? svcQ : svcQ.slice(0, dot);
    const qualifier = url.searchParams.get('qualifier') ?? (dot < 0 ? 'LATEST' : svcQ.slice(dot + 1));
    const key = `${serviceName}/${fn}`;
    if (!this.functions.has(key)) return this.serviceError(res, 404, 'FunctionNotFound', `function '${fn}' does not exist in service '${serviceName}'`);

    if (kind === 'invocations' && req.method === 'POST' && parts.length === 7) {
      return this.invoke(req, body, res, key, qualifier, 'x-fc-stateful-async-invocation-id', 'InvocationAlreadyExists');
    }
    if (kind === 'stateful-async-invocations' && id && parts.length === 8) {
      const run = this.runs.get(`${key}/${id}`);
      if (!run) return this.serviceError(res, 404, 'StatefulAsyncInvocationNotFound', `invocation '${id}' does not exist`);
      if (req.method === 'GET') return this.sendJson(res, wireRecord(run));
      if (req.method === 'PUT') {
        this.stopRun(run);
        return this.sendJson(res, {});
      }
    }
    this.notSupported(res, req, url);
  }

  /** Every spelling the SDK generations read (FC.md §1.7). */
  protected errorBody(code: string, message: string, requestId: string): Record<string, unknown> {
    return { Code: code, Message: message, RequestId: requestId, ErrorCode: code, ErrorMessage: message, errorCode: code, errorMessage: message };
  }
}

/** FC 2.0's StatefulAsyncInvocation fields. */
function wireRecord(run: AsyncRun): Record<string, unknown> {
  const [serviceName, functionName] = run.fn.split('/');
  const { id, errorMessage, payload, fn: _fn, ...rest } = run;
  return { ...rest, invocationId: id, serviceName, functionName, invocationErrorMessage: errorMessage, invocationPayload: payload };
}
