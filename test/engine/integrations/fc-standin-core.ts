/**
 * What the loopback Function Compute stand-ins share (FC 2.0 `fc-standin.ts`, FC 3.0
 * `fc3-standin.ts`): a 127.0.0.1 server that records each request, verifies its ACS3-HMAC-SHA256
 * signature (FC.md §1.8 / Appendix A) and the API version header, answers InvokeFunction the way
 * FC does (2xx + `x-fc-error-type` for function errors, 202 for Async, `x-fc-log-result` for
 * `x-fc-log-type: Tail`, `x-fc-request-id` always), and keeps asynchronous invocations with ids
 * (stateful async invocations / async tasks: the same status machine, FC.md §1.5, §2).
 * A generation routes its paths and writes its error bodies and records.
 *
 * Functions are JavaScript callbacks registered per function key.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandinAnswer {
  /** Function result (object → JSON) or, with errorType, the error payload. */
  body?: unknown;
  /** Makes it a function error: x-fc-error-type value. */
  errorType?: 'HandledInvocationError' | 'UnhandledInvocationError' | 'InitializationError';
  /** A service error instead of an invocation: HTTP status + FC error code. */
  serviceError?: { status: number; code: string; message: string };
}

export type StandinFunction = (event: Buffer, request: IncomingMessage) => StandinAnswer | Promise<StandinAnswer>;

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An asynchronous invocation with an id, in the stand-in's own terms; each generation writes its wire record. */
export interface AsyncRun {
  id: string;
  /** The function key it was invoked on. */
  fn: string;
  qualifier: string;
  status: string;
  startedTime: number;
  endTime?: number;
  durationMs?: number;
  alreadyRetriedTimes: number;
  errorMessage?: string;
  payload: string;
  returnPayload?: string;
  requestId: string;
  events: { eventId: number; status: string; timestamp: number; eventDetail: string }[];
}

const enc = (s: string) => encodeURIComponent(s).replace(/!/g, '%21').replace(/'/g, '%27').replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\*/g, '%2A');

/** Appendix A verifier (ACS3-HMAC-SHA256). */
export function verifyAcs3(req: IncomingMessage, body: Buffer, secretFor: (ak: string) => string | undefined): 'ok' | 'InvalidAccessKeyID' | 'SignatureNotMatch' {
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(String(req.headers['authorization'] ?? ''));
  if (!m) return 'SignatureNotMatch';
  const secret = secretFor(m[1]);
  if (!secret) return 'InvalidAccessKeyID';
  const url = new URL(req.url ?? '/', 'http://local');
  const q: Record<string, string> = {};
  url.searchParams.forEach((v, k) => {
    q[k] = v;
  });
  const canonQuery = Object.keys(q)
    .sort()
    .map((k) => `${k}=${enc(q[k])}`)
    .join('&');
  const signed = m[2].split(';');
  const canonHeaders = signed.map((h) => `${h}:${String(req.headers[h] ?? '').trim()}\n`).join('');
  const payloadHash = createHash('sha256').update(body).digest('hex');
  if (payloadHash !== req.headers['x-acs-content-sha256']) return 'SignatureNotMatch';
  const canonical = [req.method, url.pathname, canonQuery, canonHeaders, signed.join(';'), payloadHash].join('\n');
  const toSign = 'ACS3-HMAC-SHA256\n' + createHash('sha256').update(canonical).digest('hex');
  return createHmac('sha256', secret).update(toSign).digest('hex') === m[3] ? 'ok' : 'SignatureNotMatch';
}

/** The access key id an Authorization header names (for the InvalidAccessKeyID message). */
function accessKeyIdOf(req: IncomingMessage): string {
  return /Credential=([^,]+)/.exec(String(req.headers['authorization'] ?? ''))?.[1] ?? '';
}

export abstract class FcStandinCore {
  readonly requests: RecordedRequest[] = [];
  protected readonly functions = new Map<string, StandinFunction>();
  protected readonly runs = new Map<string, AsyncRun>();
  private server?: Server;
  port = 0;

  constructor(
    private readonly keys: Record<string, string>,
    /** The API version (`x-acs-version` and the first path segment). */
    protected readonly apiVersion: string,
  ) {}

  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: body.toString('utf8') });
        this.handle(req, body, res).catch((e) => this.serviceError(res, 500, 'InternalServerError', String(e)));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Answers a request whose signature and version were checked; `parts` are the decoded path segments. */
  protected abstract route(req: IncomingMessage, body: Buffer, res: ServerResponse, url: URL, parts: string[]): Promise<void>;

  /** The generation's error body (FC.md §1.7, §2). */
  protected abstract errorBody(code: string, message: string, requestId: string): Record<string, unknown>;

  private async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const auth = verifyAcs3(req, body, (ak) => this.keys[ak]);
    // Messages as FC's error code reference words them.
    if (auth === 'InvalidAccessKeyID') return this.serviceError(res, 403, auth, `invalid access key ID '${accessKeyIdOf(req)}'`);
    if (auth !== 'ok')
      return this.serviceError(res, 403, auth, 'The request signature we calculated does not match the signature you provided. Check your access key and signing method');
    if (req.headers['x-acs-version'] !== this.apiVersion) return this.serviceError(res, 400, 'MissingRequiredHeader', 'required HTTP header x-acs-version was not specified');
    const url = new URL(req.url ?? '/', 'http://local');
    // Path segments stay percent-encoded on the wire (they are signed so); decode for lookup.
    const parts = url.pathname.split('/').map(decodeURIComponent);
    if (parts[1] !== this.apiVersion) return this.notSupported(res, req, url);
    await this.route(req, body, res, url, parts);
  }

  protected notSupported(res: ServerResponse, req: IncomingMessage, url: URL): void {
    this.serviceError(res, 400, 'PathNotSupported', `'${req.method} ${url.pathname}' against '${this.apiVersion}' is not supported`);
  }

  /**
   * InvokeFunction of the function `fn`: Async → 202 with the request id and the invocation's id
   * under `idHeader` (409 `alreadyExists` for an id it holds), then run; Sync → the answer.
   */
  protected async invoke(req: IncomingMessage, body: Buffer, res: ServerResponse, fn: string, qualifier: string, idHeader: string, alreadyExists: string): Promise<void> {
    const handler = this.functions.get(fn)!;
    const requestId = randomUUID();
    if (String(req.headers['x-fc-invocation-type'] ?? 'Sync').toLowerCase() === 'async') {
      const id = String(req.headers[idHeader] ?? '') || randomUUID();
      const key = `${fn}/${id}`;
      if (this.runs.has(key)) return this.serviceError(res, 409, alreadyExists, `'${id}' already exists`);
      const run: AsyncRun = { id, fn, qualifier, status: 'Enqueued', startedTime: Date.now(), alreadyRetriedTimes: 0, payload: body.toString('utf8'), requestId, events: [] };
      this.addEvent(run, 'Enqueued', '');
      this.runs.set(key, run);
      res.writeHead(202, { 'x-fc-request-id': requestId, [idHeader]: id });
      res.end();
      setImmediate(() => void this.runAsync(run, handler, body, req));
      return;
    }
    const answer = await handler(body, req);
    if (answer.serviceError) return this.serviceError(res, answer.serviceError.status, answer.serviceError.code, answer.serviceError.message, requestId);
    const headers: Record<string, string> = { 'x-fc-request-id': requestId, 'content-type': 'application/octet-stream' };
    if (answer.errorType) headers['x-fc-error-type'] = answer.errorType;
    if (req.headers['x-fc-log-type'] === 'Tail') {
      const name = fn.split('/').pop();
      headers['x-fc-log-result'] = Buffer.from(`FC Invoke Start RequestId: ${requestId}\nhello from ${name}\nFC Invoke End RequestId: ${requestId}\n`).toString('base64');
    }
    res.writeHead(200, headers);
    res.end(toBody(answer.body));
  }

  /** Stops a run still enqueued or running (Stop… APIs). */
  protected stopRun(run: AsyncRun): void {
    if (['Enqueued', 'Running'].includes(run.status)) this.finish(run, 'Stopped');
  }

  protected sendJson(res: ServerResponse, value: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json', 'x-fc-request-id': randomUUID() });
    res.end(JSON.stringify(value));
  }

  protected serviceError(res: ServerResponse, status: number, code: string, message: string, requestId = randomUUID()): void {
    res.writeHead(status, { 'content-type': 'application/json', 'x-fc-request-id': requestId });
    res.end(JSON.stringify(this.errorBody(code, message, requestId)));
  }

  private async runAsync(run: AsyncRun, handler: StandinFunction, body: Buffer, req: IncomingMessage): Promise<void> {
    if (run.status !== 'Enqueued') return;
    run.status = 'Running';
    this.addEvent(run, 'Running', '');
    const answer = await handler(body, req);
    if (run.status !== 'Running') return; // stopped meanwhile
    run.returnPayload = toBody(answer.body);
    if (answer.errorType || answer.serviceError) {
      run.errorMessage = answer.errorType ?? answer.serviceError!.code;
      this.finish(run, 'Failed', JSON.stringify({ Error: run.errorMessage }));
    } else {
      this.finish(run, 'Succeeded');
    }
  }

  private finish(run: AsyncRun, status: string, detail = ''): void {
    run.status = status;
    run.endTime = Date.now();
    run.durationMs = run.endTime - run.startedTime;
    this.addEvent(run, status, detail);
  }

  private addEvent(run: AsyncRun, status: string, eventDetail: string): void {
    run.events.push({ eventId: run.events.length + 1, status, timestamp: Date.now(), eventDetail });
  }
}

function toBody(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
