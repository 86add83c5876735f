/**
 * The account's real Function Compute functions, cached for a while, so the language server can
 * complete `resourceArn` and warn about functions that do not exist: FC 2.0 (API 2021-04-06,
 * ListServices + ListFunctions through `@alicloud/fc-open20210406`) and FC 3.0 (API 2023-03-30,
 * ListFunctions through `@alicloud/fc20230330`, functions without services), every page.
 * No vscode here; the command layer owns credentials and sends the list to the server.
 */
import type Credential from '@alicloud/credentials';
import { credentialsSdk, fc2Sdk, fc3Sdk, openApiClientSdk, openApiCoreSdk } from './cloud-sdks';
import { isSupplier, type CloudKey } from './fnf-client';

import type { CloudFunction } from '../../fdl/cloud-functions-notification';

export type { CloudFunction };

/** The two list calls, page by page (an interface so tests and other transports can stand in). */
export interface FcListApi {
  listServices(nextToken?: string): Promise<{ names: string[]; nextToken?: string }>;
  listFunctions(serviceName: string, nextToken?: string): Promise<{ names: string[]; nextToken?: string }>;
}

/** FC 3.0's one list call, page by page. */
export interface Fc3ListApi {
  listFunctions(nextToken?: string): Promise<{ names: string[]; nextToken?: string }>;
}

export interface CloudFunctionCatalogOptions {
  api: FcListApi;
  /** FC 3.0 functions too, when given. */
  fc3Api?: Fc3ListApi;
  region: string;
  accountId: string;
  /** How long a listing is reused (default 5 minutes). */
  ttlMs?: number;
  now?: () => number;
}

/** Caps so a huge account cannot stall the editor: services listed, functions per service. */
const MAX_SERVICES = 500;
const MAX_FUNCTIONS_PER_SERVICE = 1000;
const MAX_FC3_FUNCTIONS = 5000;
const PAGE = 100;

export class CloudFunctionCatalog {
  private cached?: { at: number; functions: CloudFunction[] };
  private pending?: Promise<CloudFunction[]>;

  constructor(private readonly o: CloudFunctionCatalogOptions) {}

  /** The functions, from the cache while it is fresh; concurrent callers share one listing. */
  async list(force = false): Promise<CloudFunction[]> {
    const now = (this.o.now ?? Date.now)();
    if (!force && this.cached && now - this.cached.at < (this.o.ttlMs ?? 5 * 60_000)) return this.cached.functions;
    if (this.pending) return this.pending;
    this.pending = this.fetchAll().then(
      (functions) => {
        this.cached = { at: (this.o.now ?? Date.now)(), functions };
        this.pending = undefined;
        return functions;
      },
      (e) => {
        this.pending = undefined;
        throw e;
      },
    );
    return this.pending;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  /**
   * Both generations; one that fails (an account without FC 3.0 access, say) leaves the other's
   * list standing, and the server checks each generation's ARNs only against its own list.
   */
  private async fetchAll(): Promise<CloudFunction[]> {
    if (!this.o.fc3Api) return this.fetchFc2();
    const [fc2, fc3] = await Promise.allSettled([this.fetchFc2(), this.fetchFc3()]);
    if (fc2.status === 'rejected' && fc3.status === 'rejected') throw fc2.reason;
    return [...(fc2.status === 'fulfilled' ? fc2.value : []), ...(fc3.status === 'fulfilled' ? fc3.value : [])];
  }

  private async fetchFc3(): Promise<CloudFunction[]> {
    const api = this.o.fc3Api;
    if (!api) return [];
    const names = await pages((t) => api.listFunctions(t), MAX_FC3_FUNCTIONS);
    return names.map((functionName) => ({ region: this.o.region, accountId: this.o.accountId, functionName }));
  }

  private async fetchFc2(): Promise<CloudFunction[]> {
    const services = await pages((t) => this.o.api.listServices(t), MAX_SERVICES);
    const out: CloudFunction[] = [];
    for (const serviceName of services) {
      const functions = await pages((t) => this.o.api.listFunctions(serviceName, t), MAX_FUNCTIONS_PER_SERVICE);
      for (const functionName of functions) out.push({ region: this.o.region, accountId: this.o.accountId, serviceName, functionName });
    }
    return out;
  }
}

async function pages(fetch: (token?: string) => Promise<{ names: string[]; nextToken?: string }>, max: number): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    names.push(...page.names);
    token = page.nextToken || undefined;
  } while (token && names.length < max);
  return names.slice(0, max);
}

/** `<accountId>.<region>.fc.aliyuncs.com`: every FC endpoint names the account (FC.md §1.2). */
export function fcEndpointFor(accountId: string, region: string): string {
  return `${accountId}.${region}.fc.aliyuncs.com`;
}

export interface FcListApiOptions {
  /** Host[:port] only, e.g. `123.cn-hangzhou.fc.aliyuncs.com` or `127.0.0.1:9123`. */
  endpoint: string;
  protocol?: 'http' | 'https';
  credentials: CloudKey;
  timeoutMs?: number;
}

export function createFcListApi(o: FcListApiOptions): FcListApi {
  const timeout = o.timeoutMs ?? 10_000;
  const $FC = fc2Sdk();
  const client = new $FC.default(
    new (openApiClientSdk().Config)({
      ...openApiKey(o.credentials),
      endpoint: o.endpoint,
      protocol: o.protocol ?? 'https',
      // Both, or the SDK still gives up after 3 s (FC.md §1.9).
      readTimeout: timeout,
      connectTimeout: timeout,
    }),
  );
  return {
    async listServices(nextToken) {
      const r = await client.listServices(new $FC.ListServicesRequest({ limit: PAGE, ...(nextToken ? { nextToken } : {}) }));
      return { names: (r.body.services ?? []).map((s) => s.serviceName ?? '').filter(Boolean), nextToken: r.body.nextToken || undefined };
    },
    async listFunctions(serviceName, nextToken) {
      const r = await client.listFunctions(serviceName, new $FC.ListFunctionsRequest({ limit: PAGE, ...(nextToken ? { nextToken } : {}) }));
      return { names: (r.body.functions ?? []).map((f) => f.functionName ?? '').filter(Boolean), nextToken: r.body.nextToken || undefined };
    },
  };
}

/** FC 3.0 ListFunctions (GET /2023-03-30/functions) on the same endpoint as FC 2.0. */
export function createFc3ListApi(o: FcListApiOptions): Fc3ListApi {
  const timeout = o.timeoutMs ?? 10_000;
  const $FC3 = fc3Sdk();
  const client = new $FC3.default(
    new (openApiCoreSdk().$OpenApiUtil.Config)({
      ...openApiKey(o.credentials),
      endpoint: o.endpoint,
      protocol: o.protocol ?? 'https',
      readTimeout: timeout,
      connectTimeout: timeout,
    }),
  );
  return {
    async listFunctions(nextToken) {
      const r = await client.listFunctions(new $FC3.ListFunctionsRequest({ limit: PAGE, ...(nextToken ? { nextToken } : {}) }));
      return { names: (r.body?.functions ?? []).map((f) => f.functionName ?? '').filter(Boolean), nextToken: r.body?.nextToken || undefined };
    },
  };
}

/** The tea SDKs' key options: a fixed key, or a Credential over the supplier (asked per request). */
export function openApiKey(key: CloudKey): { accessKeyId?: string; accessKeySecret?: string; securityToken?: string; credential?: Credential } {
  if (!isSupplier(key)) return { accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, ...(key.securityToken ? { securityToken: key.securityToken } : {}) };
  const provider = { getProviderName: () => 'flow_studio', getCredentials: async () => ({ ...(await key.getCredentials()), providerName: 'flow_studio' }) };
  return { credential: new (credentialsSdk().default)(null, provider) };
}

/** An FC SDK error (FC 2.0 bodies use ErrorCode/ErrorMessage; the tea SDK keeps them in `data`). */
export function fcErrorCode(e: unknown): string {
  const err = e as { code?: unknown; data?: Record<string, unknown> };
  const d = err?.data ?? {};
  const code = d.Code ?? d.ErrorCode ?? d.errorCode ?? err?.code;
  return typeof code === 'string' && code !== 'undefined' ? code : 'NetworkError';
}
