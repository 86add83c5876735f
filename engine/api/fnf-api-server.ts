/**
 * The local FnF-compatible HTTP API: the Serverless Workflow 2019-03-15 RPC protocol on
 * 127.0.0.1 only (FC.md §6), so the unmodified `@alicloud/fnf-2019-03-15` client (and tea-style
 * clients) can drive the embedded engine: a workspace function reports its task token back here.
 *
 * Protocol: `GET /?Action=…` or `POST /` with a form body (query and form merged); common
 * parameters Action, Version=2019-03-15, AccessKeyId, SignatureMethod=HMAC-SHA1,
 * SignatureVersion=1.0, SignatureNonce, Timestamp, Signature. Every request is signed with the
 * store's local AccessKey (local-api-key.ts) and verified; nonces cannot be replayed
 * (nonce-memory.ts) and timestamps must be within 15 minutes, as the gateway enforces. The nonce
 * memory lives in this process only, so a request timestamped before this server started (less
 * STARTUP_SKEW_MS) is refused as a possible replay: its nonce may have been used with the server
 * before a restart. The local clients are on this machine and sign each request as they send it,
 * so only the Timestamp's whole seconds (truncated) need the allowance. Answers are JSON with RequestId;
 * errors are `{RequestId, HostId, Code, Message}` with a 4xx/5xx status.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Backend } from '../backend';
import { FnfApiError } from '../errors';
import { ACTIONS, type Params } from './fnf-actions';
import { errorResponse } from './fnf-api-errors';
import type { FlowSource } from './flow-directory';
import { flowDirectory } from './flow-directory';
import { signatureMatches } from './fnf-rpc-signature';
import type { LocalAccessKey } from './local-api-key';
import { NonceMemory } from './nonce-memory';

export const FNF_API_VERSION = '2019-03-15';
const MAX_BODY_BYTES = 1024 * 1024;
const CLOCK_SKEW_MS = 15 * 60 * 1000;
/** How far before this server's start a Timestamp may lie: its truncation to whole seconds, and a margin. */
export const STARTUP_SKEW_MS = 2000;

export interface FnfApiServerOptions {
  backend: Backend;
  key: LocalAccessKey;
  /** Flows by name for StartExecution / DescribeFlow / ListFlows (default: none). */
  flows?: FlowSource;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Called for every request (action, outcome) — for the serve CLI's log. */
  onRequest?: (line: string) => void;
  /** The wall clock Timestamps are checked against (tests move it). */
  now?: () => number;
}

export class FnfApiServer {
  private server?: Server;
  private readonly now: () => number;
  private readonly nonces: NonceMemory;
  private startedAt: number;
  private readonly hostId = '127.0.0.1';

  constructor(private readonly options: FnfApiServerOptions) {
    this.now = options.now ?? Date.now;
    this.nonces = new NonceMemory(undefined, this.now);
    this.startedAt = this.now();
  }

  /** `http://127.0.0.1:<port>`: what clients pass as `endpoint` (scheme required by pop-core). */
  endpoint = '';
  port = 0;

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    this.startedAt = this.now();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Loopback only: this API runs workspace flows and must not be reachable from the network.
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.endpoint = `http://127.0.0.1:${this.port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID().toUpperCase();
    let action = '?';
    try {
      const params = await this.readParams(req);
      action = params.Action ?? '?';
      this.authenticate(req.method ?? 'GET', params);
      if (!params.Action) throw new FnfApiError('MissingRequiredParams', 'The parameter Action is required.');
      if (params.Version !== FNF_API_VERSION) throw new FnfApiError('APIVersionNotSupported', `Version ${params.Version ?? '(none)'} is not supported; use ${FNF_API_VERSION}.`);
      const run = Object.prototype.hasOwnProperty.call(ACTIONS, params.Action) ? ACTIONS[params.Action] : undefined;
      if (!run) throw new FnfApiError('ActionNotSupported', `The action ${params.Action} is not supported by the local engine.`);
      const result = await run(params, { backend: this.options.backend, flows: this.options.flows ?? flowDirectory([]) });
      this.send(res, 200, { ...result, RequestId: requestId });
      this.options.onRequest?.(`${action} 200`);
    } catch (e) {
      const { status, body } = errorResponse(e, requestId, this.hostId);
      this.send(res, status, body);
      this.options.onRequest?.(`${action} ${status} ${body.Code}`);
    }
  }

  private readParams(req: IncomingMessage): Promise<Params> {
    return new Promise((resolve, reject) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/') {
        req.resume();
        reject(new FnfApiError('PathNotSupported', `Path ${url.pathname} is not supported; RPC requests go to /.`, 404));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_BODY_BYTES) chunks.push(c);
      });
      req.on('error', reject);
      req.on('end', () => {
        if (size > MAX_BODY_BYTES) return reject(new FnfApiError('EntityTooLarge', `The request body exceeds ${MAX_BODY_BYTES} bytes.`, 413));
        const params: Params = {};
        url.searchParams.forEach((v, k) => {
          params[k] = v;
        });
        const type = String(req.headers['content-type'] ?? '');
        if (chunks.length && (type === '' || type.startsWith('application/x-www-form-urlencoded'))) {
          new URLSearchParams(Buffer.concat(chunks).toString('utf8')).forEach((v, k) => {
            params[k] = v;
          });
        }
        resolve(params);
      });
    });
  }

  /** Gateway checks, in the gateway's order and with its error codes. */
  private authenticate(method: string, p: Params): void {
    if (!p.Signature || !p.AccessKeyId || !p.SignatureNonce || !p.Timestamp) {
      throw new FnfApiError(
        'IncompleteSignature',
        'The request signature does not conform to Aliyun standards (AccessKeyId, Signature, SignatureNonce and Timestamp are required).',
      );
    }
    if (p.SignatureMethod && p.SignatureMethod !== 'HMAC-SHA1')
      throw new FnfApiError('InvalidSignatureMethod', `SignatureMethod ${p.SignatureMethod} is not supported; use HMAC-SHA1.`);
    // The service's own code and status (its error-code page), not a generic gateway page's.
    if (p.AccessKeyId !== this.options.key.accessKeyId) throw new FnfApiError('InvalidAccessKeyID', `The AccessKey ID ${p.AccessKeyId} is invalid.`, 403);
    if (!signatureMatches(method, p, this.options.key.accessKeySecret)) {
      throw new FnfApiError('SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    }
    const t = Date.parse(p.Timestamp);
    const now = this.now();
    if (!Number.isFinite(t) || Math.abs(now - t) > CLOCK_SKEW_MS) throw new FnfApiError('InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    if (t < this.startedAt - STARTUP_SKEW_MS) {
      throw new FnfApiError('SignatureNonceUsed', 'Specified signature nonce may have been used already: the request was signed before this local API started; sign it again.');
    }
    if (!this.nonces.use(p.SignatureNonce)) throw new FnfApiError('SignatureNonceUsed', 'Specified signature nonce was used already.');
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }
}
