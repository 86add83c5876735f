/**
 * A loopback stand-in for the cloud FnF service, for what the local API does not answer (its
 * flows are the workspace's files): CreateFlow, UpdateFlow, DescribeFlow and ListFlows over flows
 * kept here with their Type, ExecutionMode and RoleArn, and StartSyncExecution for Express flows.
 * Every request is signed by the unmodified SDK and verified here (signature v1, the same check as
 * the local API); the execution actions are passed on as they came to the local FnF API over the
 * engine, which verifies them again and runs the flows deployed here.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorResponse } from '../../../engine/api/fnf-api-errors';
import { FnfApiServer } from '../../../engine/api/fnf-api-server';
import type { FlowSource, NamedFlow } from '../../../engine/api/flow-directory';
import { signatureMatches } from '../../../engine/api/fnf-rpc-signature';
import { loadOrCreateLocalAccessKey, type LocalAccessKey } from '../../../engine/api/local-api-key';
import { FnfApiError } from '../../../engine/errors';
import type { TaskInvoker } from '../../../engine/invoker';
import { LocalBackend } from '../../../engine/local-backend';

interface DeployedFlow {
  name: string;
  definition: string;
  description: string;
  type: string;
  roleArn: string;
  executionMode: 'Standard' | 'Express';
  createdTime: string;
  lastModifiedTime: string;
  flowPath: string;
}

export interface FnfCloudStandIn {
  endpoint: string;
  key: LocalAccessKey;
  /** Every action received, in order (signature verified). */
  actions: string[];
  flows: Map<string, DeployedFlow>;
  close(): Promise<void>;
}

const acceptingInvoker: TaskInvoker = { name: 'accepting', canInvoke: () => true, invoke: async () => ({ kind: 'accepted' }) };

export async function startFnfCloudStandIn(): Promise<FnfCloudStandIn> {
  const dir = mkdtempSync(join(tmpdir(), 'fnf-cloud-'));
  const engine = new LocalBackend({ storeDir: join(dir, 'store'), invokers: [acceptingInvoker] });
  await engine.open();
  const key = loadOrCreateLocalAccessKey(join(dir, 'store'));
  const flows = new Map<string, DeployedFlow>();
  const source: FlowSource = {
    get: (name) => named(flows.get(name)),
    list: () => [...flows.values()].map((f) => named(f)!),
  };
  const inner = await new FnfApiServer({ backend: engine, key, flows: source }).start();
  const actions: string[] = [];

  const handlers: Record<string, (p: Record<string, string>) => Promise<Record<string, unknown>>> = {
    CreateFlow: async (p) => {
      const name = required(p, 'Name');
      for (const k of ['Definition', 'Description', 'Type']) required(p, k, true);
      if (flows.has(name)) throw new FnfApiError('FlowAlreadyExists', `Flow ${name} already exists.`, 409);
      if (p.Type !== 'FDL') throw new FnfApiError('InvalidArgument', `Type ${p.Type} is not supported; use FDL.`);
      const mode = p.ExecutionMode ?? 'Standard';
      if (mode !== 'Standard' && mode !== 'Express') throw new FnfApiError('InvalidArgument', `ExecutionMode ${mode} is not supported.`);
      const now = new Date().toISOString();
      const flow: DeployedFlow = {
        name,
        definition: p.Definition,
        description: p.Description,
        type: p.Type,
        roleArn: p.RoleArn ?? '',
        executionMode: mode,
        createdTime: now,
        lastModifiedTime: now,
        flowPath: join(dir, `${name}.flow.yaml`),
      };
      writeFileSync(flow.flowPath, flow.definition);
      flows.set(name, flow);
      return body(flow);
    },
    UpdateFlow: async (p) => {
      const flow = existing(required(p, 'Name'));
      if (p.Definition !== undefined) writeFileSync(flow.flowPath, (flow.definition = p.Definition));
      if (p.Description !== undefined) flow.description = p.Description;
      if (p.RoleArn !== undefined) flow.roleArn = p.RoleArn;
      flow.lastModifiedTime = new Date().toISOString();
      return body(flow);
    },
    DescribeFlow: async (p) => body(existing(required(p, 'Name'))),
    ListFlows: async () => ({ Flows: [...flows.values()].map(body) }),
    StartSyncExecution: async (p) => {
      const flow = existing(required(p, 'FlowName'));
      if (flow.executionMode !== 'Express') throw new FnfApiError('ActionNotSupported', 'Standard execution is not supported', 400);
      const started = await engine.startExecution({ flowName: flow.name, definition: flow.definition, flowPath: flow.flowPath, executionName: p.ExecutionName, input: p.Input });
      let e = started;
      for (let i = 0; i < 500 && (e.status === 'Running' || e.status === 'Starting'); i++) {
        await new Promise((r) => setTimeout(r, 10));
        e = await engine.describeExecution(flow.name, started.name);
      }
      return {
        FlowName: flow.name,
        Name: e.name,
        Status: e.status,
        StartedTime: e.startedTime,
        ...(e.stoppedTime ? { StoppedTime: e.stoppedTime } : {}),
        ...(e.output !== undefined ? { Output: e.output } : {}),
        ...(e.error ? { ErrorCode: e.error, ErrorMessage: e.cause ?? '' } : {}),
      };
    },
  };

  function existing(name: string): DeployedFlow {
    const f = flows.get(name);
    if (!f) throw new FnfApiError('FlowNotExists', `Flow ${name} does not exist.`, 404);
    return f;
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const params: Record<string, string> = {};
    new URL(req.url ?? '/', 'http://x').searchParams.forEach((v, k) => (params[k] = v));
    new URLSearchParams(raw.toString('utf8')).forEach((v, k) => (params[k] = v));
    const handler = Object.prototype.hasOwnProperty.call(handlers, params.Action) ? handlers[params.Action] : undefined;
    if (!handler) return forward(req, raw, res);
    try {
      if (params.AccessKeyId !== key.accessKeyId) throw new FnfApiError('InvalidAccessKeyID', `The AccessKey ID ${params.AccessKeyId} is invalid.`, 403);
      if (!signatureMatches(req.method ?? 'GET', params, key.accessKeySecret))
        throw new FnfApiError('SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
      if (params.Version !== '2019-03-15') throw new FnfApiError('APIVersionNotSupported', `Version ${params.Version} is not supported.`);
      actions.push(params.Action);
      send(res, 200, { ...(await handler(params)), RequestId: 'standin-request' });
    } catch (e) {
      const { status, body: b } = errorResponse(e, 'standin-request', '127.0.0.1');
      send(res, status, b);
    }
  }

  function forward(req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const out = httpRequest(`${inner.endpoint}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => send(res, 502, { Code: 'BadGateway', Message: 'the local API did not answer' }));
    out.end(raw);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    key,
    actions,
    flows,
    close: async () => {
      for (const r of engine.running()) await engine.stopExecution(r.flowName, r.executionName).catch(() => undefined);
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await inner.stop();
      engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function named(f: DeployedFlow | undefined): NamedFlow | undefined {
  if (!f) return undefined;
  statSync(f.flowPath);
  return { name: f.name, definition: f.definition, flowPath: f.flowPath, createdTime: f.createdTime, lastModifiedTime: f.lastModifiedTime };
}

/** DescribeFlow's body (the SDK models' field names). */
function body(f: DeployedFlow): Record<string, unknown> {
  return {
    Name: f.name,
    Id: `id-${f.name}`,
    Definition: f.definition,
    Description: f.description,
    Type: f.type,
    RoleArn: f.roleArn,
    ExecutionMode: f.executionMode,
    CreatedTime: f.createdTime,
    LastModifiedTime: f.lastModifiedTime,
  };
}

function required(p: Record<string, string>, key: string, emptyAllowed = false): string {
  const v = p[key];
  if (v === undefined || (!emptyAllowed && v === '')) throw new FnfApiError('MissingRequiredParams', `The parameter ${key} is required.`);
  return v;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, b: unknown): void {
  const text = JSON.stringify(b);
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
