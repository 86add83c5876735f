/**
 * A loopback stand-in for Function Compute 3.0 (API 2023-03-30) that speaks the wire protocol
 * the unmodified `@alicloud/fc20230330` SDK uses (FC.md §2): functions without services,
 * `POST /2023-03-30/functions/{function}/invocations?qualifier=…` (body as
 * application/octet-stream), async tasks (`x-fc-async-task-id`, 202 / 409,
 * `GET …/async-tasks/{id}`, `PUT …/async-tasks/{id}/stop`) and the 3.0 error body
 * `{Code, Message, RequestId}` (API reference, struct Error). Signature, InvokeFunction and async
 * runs: `fc-standin-core.ts`.
 *
 * Functions are JavaScript callbacks registered by function name.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FcStandinCore, type AsyncRun, type StandinFunction } from './fc-standin-core';

export class Fc3Standin extends FcStandinCore {
  constructor(
    keys: Record<string, string>,
    /** For AsyncTask.functionArn. */
    private readonly arnPrefix = 'acs:fc:cn-hangzhou:1234',
  ) {
    super(keys, '2023-03-30');
  }

  define(functionName: string, fn: StandinFunction): this {
    this.functions.set(functionName, fn);
    return this;
  }

  /** An async task as GetAsyncTask returns it. */
  task(functionName: string, taskId: string): Record<string, unknown> | undefined {
    const run = this.runs.get(`${functionName}/${taskId}`);
    return run && this.wireTask(run);
  }

  protected async route(req: IncomingMessage, body: Buffer, res: ServerResponse, url: URL, parts: string[]): Promise<void> {
    const [, , functions, fn, kind, id, action] = parts;
    if (functions !== 'functions' || !fn) return this.notSupported(res, req, url);
    if (!this.functions.has(fn)) return this.serviceError(res, 404, 'FunctionNotFound', `function '${fn}' does not exist`);
    const qualifier = url.searchParams.get('qualifier') ?? 'LATEST';
    if (kind === 'invocations' && req.method === 'POST' && parts.length === 5) {
      return this.invoke(req, body, res, fn, qualifier, 'x-fc-async-task-id', 'AsyncTaskAlreadyExists');
    }
    if (kind === 'async-tasks' && id) {
      const run = this.runs.get(`${fn}/${id}`);
      if (!run) return this.serviceError(res, 404, 'AsyncTaskNotFound', `async task '${id}' does not exist`);
      if (req.method === 'GET' && parts.length === 6) return this.sendJson(res, this.wireTask(run));
      if (req.method === 'PUT' && action === 'stop' && parts.length === 7) {
        this.stopRun(run);
        res.writeHead(200, { 'x-fc-request-id': run.requestId });
        return void res.end();
      }
    }
    this.notSupported(res, req, url);
  }

  protected errorBody(code: string, message: string, requestId: string): Record<string, unknown> {
    return { Code: code, Message: message, RequestId: requestId };
  }

  /** FC 3.0's AsyncTask fields (FC.md §2: the 2.0 record renamed). */
  private wireTask(run: AsyncRun): Record<string, unknown> {
    const { id, errorMessage, payload, fn, ...rest } = run;
    return { ...rest, taskId: id, functionArn: `${this.arnPrefix}:functions/${fn}`, taskErrorMessage: errorMessage, taskPayload: payload };
  }
}
