/**
 * The Serverless Workflow 2019-03-15 API through the official `@alicloud/fnf-2019-03-15` client
 * (pop-core RPC, HMAC-SHA1 signature v1), with the response shapes this extension reads typed.
 * The package has no typings; this is the one place that touches it (required on first use).
 */
import { fnfSdk } from './cloud-sdks';

export interface CloudCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token, when the key pair is temporary. */
  securityToken?: string;
}

/** A key asked for on each request (the credential chain, whose temporary keys are refreshed). */
export interface CredentialSupplier {
  getCredentials(): Promise<CloudCredentials>;
}

/** A fixed key (Sign In) or a supplier. */
export type CloudKey = CloudCredentials | CredentialSupplier;

export function isSupplier(key: CloudKey): key is CredentialSupplier {
  return typeof (key as Partial<CredentialSupplier>).getCredentials === 'function';
}

export interface FnfExecution {
  Name: string;
  FlowName: string;
  Status: string;
  StartedTime: string;
  StoppedTime?: string;
  Input?: string;
  Output?: string;
  FlowDefinition?: string;
  /** Not in every answer; the local engine adds them. */
  Error?: string;
  Cause?: string;
}

export interface FnfEvent {
  EventId: number;
  ScheduleEventId?: number;
  Type: string;
  StepName?: string;
  Time: string;
  EventDetail?: string;
}

export interface FnfFlow {
  Name: string;
  Definition?: string;
  Description?: string;
  Type?: string;
  RoleArn?: string;
  /** `Standard` or `Express` (DescribeFlow / ListFlows of flows created with an ExecutionMode). */
  ExecutionMode?: string;
  CreatedTime?: string;
  LastModifiedTime?: string;
}

type Params = Record<string, string | number | undefined>;

interface RawFnfClient {
  startExecution(p: Params): Promise<FnfExecution>;
  describeExecution(p: Params): Promise<FnfExecution>;
  stopExecution(p: Params): Promise<FnfExecution>;
  listExecutions(p: Params): Promise<{ Executions?: FnfExecution[]; NextToken?: string }>;
  getExecutionHistory(p: Params): Promise<{ Events?: FnfEvent[]; NextToken?: string }>;
  reportTaskSucceeded(p: Params): Promise<{ EventId?: number }>;
  reportTaskFailed(p: Params): Promise<{ EventId?: number }>;
  describeFlow(p: Params): Promise<FnfFlow>;
  listFlows(p: Params): Promise<{ Flows?: FnfFlow[]; NextToken?: string }>;
  createFlow(p: Params): Promise<FnfFlow>;
  updateFlow(p: Params): Promise<FnfFlow>;
  /** pop-core's generic signed call, for actions this SDK version has no method for (StartSyncExecution). */
  request<T = unknown>(action: string, p: Params, options?: { method?: 'GET' | 'POST' }): Promise<T>;
}

/** StartSyncExecution's answer (Express flows): the execution ran to its end. */
export interface FnfSyncExecution {
  Name: string;
  FlowName: string;
  Status: string;
  Output?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
  StartedTime?: string;
  StoppedTime?: string;
}

export type FnfClient = RawFnfClient;

export interface FnfClientOptions {
  /** `https://cn-hangzhou.fnf.aliyuncs.com` or a local `http://127.0.0.1:port`. */
  endpoint: string;
  credentials: CloudKey;
  timeoutMs?: number;
}

export function fnfEndpointFor(region: string): string {
  return `https://${region}.fnf.aliyuncs.com`;
}

export function createFnfClient(o: FnfClientOptions): FnfClient {
  const key = o.credentials;
  const FnFClient = fnfSdk() as new (config: Record<string, unknown>) => RawFnfClient;
  return new FnFClient({
    endpoint: o.endpoint,
    // pop-core asks a credentialsProvider before signing each request.
    ...(isSupplier(key)
      ? { credentialsProvider: key }
      : { accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, ...(key.securityToken ? { securityToken: key.securityToken } : {}) }),
    opts: { timeout: o.timeoutMs ?? 15_000 },
  });
}

/** pop-core sends every parameter it is given, `undefined` included (as the text "undefined"): drop them. */
export function defined(p: Params): Params {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined && v !== ''));
}
