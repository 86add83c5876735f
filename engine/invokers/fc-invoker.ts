/**
 * Runs a task on real Function Compute 2.0 (API 2021-04-06, `services/{service}[.{qualifier}]/
 * functions/{function}` ARNs) with the official `@alicloud/fc-open20210406` client, the way
 * Serverless Workflow does (FC.md §1, §4). The patterns, error mapping and timeouts are
 * `fc-task-run.ts`'s, shared with FC 3.0 (`fc3-invoker.ts`); here are the 2.0 calls: InvokeFunction
 * with `x-fc-stateful-async-invocation-id`, Get/StopStatefulAsyncInvocation.
 */
import FC, * as $FC from '@alicloud/fc-open20210406';
import * as $OpenApi from '@alicloud/openapi-client';
import * as $Util from '@alicloud/tea-util';
import type { FunctionArnParts } from '../../fdl/serverless-devs';
import type { TaskInvocation } from '../invoker';
import { FcInvokerBase, type FcClientConfig, type FcTarget } from './fc-invoker-base';
import type { FcCalls } from './fc-task-run';

export type { FcCredentials, FcInvokerOptions } from './fc-invoker-base';
export { statefulInvocationId } from './fc-task-run';

export class FcInvoker extends FcInvokerBase<FC> {
  readonly name = 'fc';
  protected readonly generation = '2.0';

  protected ownsArn(arn: FunctionArnParts): boolean {
    return arn.serviceName !== undefined;
  }

  protected createClient(config: FcClientConfig): FC {
    return new FC(new $OpenApi.Config(config));
  }

  protected calls(client: FC, target: FcTarget, inv: TaskInvocation, timeoutMs: number): FcCalls {
    const runtime = new $Util.RuntimeOptions({ readTimeout: timeoutMs, connectTimeout: timeoutMs, autoretry: false });
    const serviceName = target.serviceName ?? '';
    const { functionName, qualifier } = target;
    return {
      asyncNoun: 'stateful async invocation',
      asyncIdHeader: 'x-fc-stateful-async-invocation-id',
      async invoke(invocationType, asyncId) {
        const resp = await client.invokeFunctionWithOptions(
          serviceName,
          functionName,
          new $FC.InvokeFunctionRequest({ body: Buffer.from(JSON.stringify(inv.input ?? {})), qualifier }),
          // Tail: a synchronous answer carries the last 4 KB of the function's log (x-fc-log-result), for the step log.
          new $FC.InvokeFunctionHeaders({ xFcInvocationType: invocationType, xFcStatefulAsyncInvocationId: asyncId, xFcLogType: invocationType === 'Sync' ? 'Tail' : undefined }),
          runtime,
        );
        return { headers: resp.headers ?? {}, body: Buffer.from(resp.body ?? Buffer.alloc(0)).toString('utf8') };
      },
      async getAsync(id) {
        const got = await client.getStatefulAsyncInvocationWithOptions(
          serviceName,
          functionName,
          id,
          new $FC.GetStatefulAsyncInvocationRequest({ qualifier }),
          new $FC.GetStatefulAsyncInvocationHeaders({}),
          runtime,
        );
        const r = got.body;
        return {
          status: r?.status ?? '',
          returnPayload: r?.returnPayload,
          errorMessage: r?.invocationErrorMessage,
          eventDetails: (r?.events ?? []).map((e) => e.eventDetail ?? ''),
        };
      },
      async stopAsync(id) {
        await client.stopStatefulAsyncInvocationWithOptions(
          serviceName,
          functionName,
          id,
          new $FC.StopStatefulAsyncInvocationRequest({ qualifier }),
          new $FC.StopStatefulAsyncInvocationHeaders({}),
          runtime,
        );
      },
    };
  }
}
