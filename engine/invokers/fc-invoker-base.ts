/**
 * What the FC 2.0 and FC 3.0 invokers share: options, credentials, one SDK client per endpoint,
 * the account check and the step's HTTP timeout. A generation says which ARNs are its own and
 * makes its calls (`fc-task-run.ts` FcCalls) with its SDK.
 */
import { parseFunctionArn, type FunctionArnParts } from '../../fdl/serverless-devs';
import type { TaskInvocation, TaskInvoker, TaskOutcome } from '../invoker';
import { engineText } from '../messages';
import { callTimeoutMs, runFcTask, type FcCalls } from './fc-task-run';

export interface FcCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface FcInvokerOptions {
  credentials: FcCredentials;
  /** Used when the ARN leaves them empty (`acs:fc:::services/…`, `acs:fc:::functions/…`). */
  accountId: string;
  region: string;
  /** Host[:port] without scheme; default `{accountId}.{region}.fc.aliyuncs.com`. */
  endpoint?: string;
  protocol?: 'http' | 'https';
  /** HTTP timeout when the step has no timeoutSeconds (default 10 minutes, FC's longest common limit). */
  requestTimeoutMs?: number;
  /** Between polls of an asynchronous invocation for the `sync` pattern (default 1000 ms, growing to 5 s). */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
}

/** The plain fields both SDKs' Config classes take. */
export interface FcClientConfig {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  endpoint: string;
  protocol: 'http' | 'https';
  regionId: string;
  readTimeout: number;
  connectTimeout: number;
}

/** The function a task names, with its qualifier (version or alias) if any. */
export type FcTarget = Pick<FunctionArnParts, 'serviceName' | 'functionName' | 'qualifier'>;

export abstract class FcInvokerBase<Client> implements TaskInvoker {
  abstract readonly name: string;
  private readonly clients = new Map<string, Client>();

  constructor(protected readonly options: FcInvokerOptions) {}

  /** True for the ARN forms of this generation. */
  protected abstract ownsArn(arn: FunctionArnParts): boolean;
  /** `2.0` or `3.0`, for the refusal of another generation's ARN (invoke() without canInvoke). */
  protected abstract readonly generation: string;
  protected abstract createClient(config: FcClientConfig): Client;
  protected abstract calls(client: Client, target: FcTarget, inv: TaskInvocation, timeoutMs: number): FcCalls;

  canInvoke(inv: Pick<TaskInvocation, 'stepName' | 'resource'>): boolean {
    const arn = parseFunctionArn(inv.resource);
    return arn !== undefined && this.ownsArn(arn);
  }

  async invoke(inv: TaskInvocation): Promise<TaskOutcome> {
    const arn = parseFunctionArn(inv.resource);
    if (!arn || !this.ownsArn(arn)) return { kind: 'failed', error: 'FC.InvalidArgument', cause: engineText('fcNotThisGeneration', inv.stepName, inv.resource, this.generation) };
    const region = arn.region || this.options.region;
    const accountId = arn.accountId || this.options.accountId;
    // The default endpoint is {account}.{region}.fc.aliyuncs.com: without an account there is none to call.
    if (!this.options.endpoint && !accountId) return { kind: 'failed', error: 'FC.InvalidArgument', cause: engineText('fcNoAccount', inv.stepName, inv.resource) };
    const client = this.client(region, accountId);
    const target = { serviceName: arn.serviceName, functionName: arn.functionName, qualifier: arn.qualifier };
    return runFcTask(inv, this.calls(client, target, inv, callTimeoutMs(inv, this.options.requestTimeoutMs)), this.options);
  }

  private client(region: string, accountId: string): Client {
    const endpoint = this.options.endpoint ?? `${accountId}.${region}.fc.aliyuncs.com`;
    let c = this.clients.get(endpoint);
    if (!c) {
      const { accessKeyId, accessKeySecret, securityToken } = this.options.credentials;
      const timeout = this.options.requestTimeoutMs ?? 600_000;
      c = this.createClient({
        accessKeyId,
        accessKeySecret,
        securityToken: securityToken || undefined,
        endpoint,
        protocol: this.options.protocol ?? 'https',
        regionId: region,
        readTimeout: timeout,
        connectTimeout: timeout,
      });
      this.clients.set(endpoint, c);
    }
    return c;
  }
}
