/**
 * Runs a task on real Function Compute 3.0 (API 2023-03-30) for
 * `acs:fc:{region}:{account}:functions/{function}[/{qualifier}]` ARNs, with the official
 * `@alicloud/fc20230330` client (FC.md §2). FC 3.0 has no services; its asynchronous invocations
 * with an id are async tasks (`x-fc-async-task-id`, GetAsyncTask, StopAsyncTask) where FC 2.0 had
 * stateful async invocations. Patterns, error mapping and timeouts are `fc-task-run.ts`'s, the same
 * as FC 2.0's; serviceParams.StatefulAsyncInvocationID names the async task (SEMANTICS.md,
 * "Function Compute 3.0").
 */
import FC3, * as $FC3 from '@alicloud/fc20230330';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { Readable } from 'node:stream';
import type { FunctionArnParts } from '../../fdl/serverless-devs';
import type { TaskInvocation } from '../invoker';
import { FcInvokerBase, type FcClientConfig, type FcTarget } from './fc-invoker-base';
import type { FcCalls } from './fc-task-run';

export class Fc3Invoker extends FcInvokerBase<FC3> {
  readonly name = 'fc3';
  protected readonly generation = '3.0';

  protected ownsArn(arn: FunctionArnParts): boolean {
    return arn.serviceName === undefined;
  }

  protected createClient(config: FcClientConfig): FC3 {
    return new FC3(new $OpenApiUtil.Config(config));
  }

  protected calls(client: FC3, target: FcTarget, inv: TaskInvocation, timeoutMs: number): FcCalls {
    // No `autoretry` here: openapi-core retries only with retryOptions, which we never set.
    const runtime = new $dara.RuntimeOptions({ readTimeout: timeoutMs, connectTimeout: timeoutMs });
    const { functionName, qualifier } = target;
    return {
      asyncNoun: 'async task',
      asyncIdHeader: 'x-fc-async-task-id',
      async invoke(invocationType, asyncId) {
        const resp = await client.invokeFunctionWithOptions(
          functionName,
          // The 3.0 SDK sends the body as a stream (application/octet-stream).
          new $FC3.InvokeFunctionRequest({ body: Readable.from([Buffer.from(JSON.stringify(inv.input ?? {}))]), qualifier }),
          // Tail: a synchronous answer carries the last 4 KB of the function's log (x-fc-log-result), for the step log.
          new $FC3.InvokeFunctionHeaders({ xFcInvocationType: invocationType, xFcAsyncTaskId: asyncId, xFcLogType: invocationType === 'Sync' ? 'Tail' : undefined }),
          runtime,
        );
        return { headers: resp.headers ?? {}, body: resp.body ? await readText(resp.body) : '' };
      },
      async getAsync(id) {
        const r = (await client.getAsyncTaskWithOptions(functionName, id, new $FC3.GetAsyncTaskRequest({ qualifier }), {}, runtime)).body;
        return { status: r?.status ?? '', returnPayload: r?.returnPayload, errorMessage: r?.taskErrorMessage, eventDetails: (r?.events ?? []).map((e) => e.eventDetail ?? '') };
      },
      async stopAsync(id) {
        await client.stopAsyncTaskWithOptions(functionName, id, new $FC3.StopAsyncTaskRequest({ qualifier }), {}, runtime);
      },
    };
  }
}

async function readText(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}
