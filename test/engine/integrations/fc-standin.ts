/**
 * A loopback stand-in for Function Compute 2.0 (API 2021-04-06) that speaks the wire protocol
 * the unmodified `@alicloud/fc-open20210406` SDK uses (FC.md §1, §7): paths, `x-fc-*` headers,
 * 2xx + `x-fc-error-type` function errors, JSON service errors, stateful async invocations, and
 * ACS3-HMAC-SHA256 signatures verified per FC.md §1.8 / Appendix A.
 *
 * Functions are JavaScript callbacks registered per `service/function`.
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

interface AsyncRecord {
  invocationId: string;
  serviceName: string;
  functionName: string;
  qualifier: string;
  status: string;
  startedTime: number;
  endTime?: number;
  durationMs?: number;
  alreadyRetriedTimes: number;
  invocationErrorMessage?: string;
  invocationPayload: string;
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

export class FcStandin {
  readonly requests: RecordedRequest[] = [];
  private readonly functions = new Map<string, StandinFunction>();
  private readonly invocations = new Map<string, AsyncRecord>();
  private server?: Server;
  port = 0;

  constructor(private readonly keys: Record<string, string>) {}

  define(serviceName: string, functionName: string, fn: StandinFunction): this {
    this.functions.set(`${serviceName}/${functionName}`, fn);
    return this;
  }

  invocation(serviceName: string, functionName: string, id: string): AsyncRecord | undefined {
    return this.invocations.get(`${serviceName}/${functionName}/${id}`);
  }

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

  private async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const auth = verifyAcs3(req, body, (ak) => this.keys[ak]);
    if (auth !== 'ok')
      return this.serviceError(
        res,
        403,
        auth,
        auth === 'InvalidAccessKeyID' ? 'The access key id is not valid.' : 'The request signature we calculated does not match the signature you provided.',
      );
    if (req.headers['x-acs-version'] !== '2021-04-06') return this.serviceError(res, 400, 'MissingRequiredHeader', 'x-acs-version is required');
    const url = new URL(req.url ?? '/', 'http://local');
    // Path segments stay percent-encoded on the wire; decode for lookup. `svc.qualifier` (older REST form) is accepted too.
    const parts = url.pathname.split('/').map(decodeURIComponent);
    const [, version, services, svcQ, functions, fn, kind, id] = parts;
    if (version !== '2021-04-06' || services !== 'services' || functions !== 'functions')
      return this.serviceError(res, 404, 'PathNotSupported', `${url.pathname} is not supported`);
    const dot = svcQ.indexOf('.');
    const serviceName = dot < 0 ? svcQ : svcQ.slice(0, dot);
    const qualifier = url.searchParams.get('qualifier') ?? (dot < 0 ? 'LATEST' : svcQ.slice(dot + 1));
    const handler = this.functions.get(`${serviceName}/${fn}`);
    if (!handler) return this.serviceError(res, 404, 'FunctionNotFound', `function '${fn}' does not exist in service '${serviceName}'`);

    if (kind === 'invocations' && req.method === 'POST' && parts.length === 7) {
      const requestId = randomUUID();
      if (String(req.headers['x-fc-invocation-type'] ?? 'Sync').toLowerCase() === 'async') {
        const invocationId = String(req.headers['x-fc-stateful-async-invocation-id'] ?? '') || randomUUID();
        const key = `${serviceName}/${fn}/${invocationId}`;
        if (this.invocations.has(key)) return this.serviceError(res, 409, 'InvocationAlreadyExists', `invocation '${invocationId}' already exists`);
        const record: AsyncRecord = {
          invocationId,
          serviceName,
          functionName: fn,
          qualifier,
          status: 'Enqueued',
          startedTime: Date.now(),
          alreadyRetriedTimes: 0,
          invocationPayload: body.toString('utf8'),
          requestId,
          events: [],
        };
        this.addEvent(record, 'Enqueued', '');
        this.invocations.set(key, record);
        res.writeHead(202, { 'x-fc-request-id': requestId, 'x-fc-stateful-async-invocation-id': invocationId });
        res.end();
        setImmediate(() => void this.runAsync(record, handler, body, req));
        return;
      }
      const answer = await handler(body, req);
      if (answer.serviceError) return this.serviceError(res, answer.serviceError.status, answer.serviceError.code, answer.serviceError.message, requestId);
      const headers: Record<string, string> = { 'x-fc-request-id': requestId, 'content-type': 'application/octet-stream' };
      if (answer.errorType) headers['x-fc-error-type'] = answer.errorType;
      if (req.headers['x-fc-log-type'] === 'Tail') {
        headers['x-fc-log-result'] = Buffer.from(`FC Invoke Start RequestId: ${requestId}\nhello from ${fn}\nFC Invoke End RequestId: ${requestId}\n`).toString('base64');
      }
      res.writeHead(200, headers);
      res.end(toBody(answer.body));
      return;
    }

    if (kind === 'stateful-async-invocations' && id && parts.length === 8) {
      const record = this.invocations.get(`${serviceName}/${fn}/${id}`);
      if (!record) return this.serviceError(res, 404, 'StatefulAsyncInvocationNotFound', `invocation '${id}' does not exist`);
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-fc-request-id': randomUUID() });
        res.end(JSON.stringify(record));
        return;
      }
      if (req.method === 'PUT') {
        if (['Enqueued', 'Running'].includes(record.status)) this.finish(record, 'Stopped');
        res.writeHead(200, { 'x-fc-request-id': randomUUID() });
        res.end();
        return;
      }
    }
    this.serviceError(res, 404, 'PathNotSupported', `${req.method} ${url.pathname} is not supported`);
  }

  private async runAsync(record: AsyncRecord, handler: StandinFunction, body: Buffer, req: IncomingMessage): Promise<void> {
    if (record.status !== 'Enqueued') return;
    record.status = 'Running';
    this.addEvent(record, 'Running', '');
    const answer = await handler(body, req);
    if (record.status !== 'Running') return; // stopped meanwhile
    if (answer.errorType || answer.serviceError) {
      record.invocationErrorMessage = answer.errorType ?? answer.serviceError!.code;
      record.returnPayload = toBody(answer.body);
      this.finish(record, 'Failed', JSON.stringify({ Error: record.invocationErrorMessage }));
    } else {
      record.returnPayload = toBody(answer.body);
      this.finish(record, 'Succeeded');
    }
  }

  private finish(record: AsyncRecord, status: string, detail = ''): void {
    record.status = status;
    record.endTime = Date.now();
    record.durationMs = record.endTime - record.startedTime;
    this.addEvent(record, status, detail);
  }

  private addEvent(record: AsyncRecord, status: string, eventDetail: string): void {
    record.events.push({ eventId: record.events.length + 1, status, timestamp: Date.now(), eventDetail });
  }

  /** Error body with every spelling the SDK generations read (FC.md §1.7). */
  private serviceError(res: ServerResponse, status: number, code: string, message: string, requestId = randomUUID()): void {
    res.writeHead(status, { 'content-type': 'application/json', 'x-fc-request-id': requestId });
    res.end(JSON.stringify({ Code: code, Message: message, RequestId: requestId, ErrorCode: code, ErrorMessage: message, errorCode: code, errorMessage: message }));
  }
}

function toBody(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
