/**
 * The serviceParams each integration documents, with what the docs say about their values.
 * One place for the `unknown-service-param`, `missing-service-param`,
 * `invalid-service-param-value` and `service-param-not-unique` checks and for completion
 * (server/vocabulary/service-params.ts reads the key lists through fdl/rules/service-params.ts).
 *
 * Sources (Serverless Workflow / CloudFlow docs, FDL v1 pages unless noted):
 * - Function Compute: "Integrate Serverless Workflow with asynchronous Function Compute
 *   invocation" / 集成函数计算异步调用 (document 357640): `InvocationType` is `Sync` or `Async`;
 *   optional `StatefulAsyncInvocationID`, which makes the asynchronous invocation stateful when
 *   `InvocationType` is `Async` and "must be unique within the function". Its format comes from the
 *   Function Compute API page "InvokeFunction" (header X-Fc-Stateful-Async-Invocation-Id): starts
 *   with a letter or `_`, then letters, digits, `_` and `-`, at most 128 characters.
 * - Child flows: "Integrate with Serverless Workflow" / "Child flows of Serverless Workflow"
 *   (document 149829): optional `Input` (`$` = the mapped step input) and `ExecutionName`
 *   (without it a random name is used). The name rules and uniqueness come from the API page
 *   "StartExecution" and "Introduction to executions": unique within the flow, letters, digits,
 *   `_`, `-`, starting with a letter or `_`, 1–128 characters; a name whose execution has ended
 *   is refused with ExecutionAlreadyExists.
 * - MNS queues: "Integrate Simple Message Queue (formerly MNS) queues" / 集成轻量消息队列(原 MNS)队列
 *   (document 159864): `MessageBody` (required), `Priority` (required), `DelaySeconds` (optional);
 *   patterns requestResponse and waitForCallback. Value ranges from the CloudFlow page
 *   集成轻量消息队列(原 MNS) (document 2593184, the MNS SendMessage parameters): priority 1–16,
 *   delay 0–604800 seconds; the message tag is for topics only.
 * - MNS topics: "Integrate Simple Message Queue (formerly MNS) topics" / 集成轻量消息队列(原 MNS)主题
 *   (document 157027): `MessageBody`, optional `MessageTag`, optional `MessageAttributes`
 *   ("must be JSON"); patterns requestResponse and waitForCallback.
 *
 * Every value may instead be a `$…` reference to the step input, which is only known at run time.
 */
import type { ResourceArnKind } from '../arn';
import { MAX_RESOURCE_NAME_LENGTH, RESOURCE_NAME_PATTERN } from '../resource-name';

export type ServiceParamValue =
  | { kind: 'any' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'integer'; min: number; max: number }
  /** A name the service stores and must not see twice (constant ⇒ the same in every execution). */
  | { kind: 'unique-id'; pattern: RegExp; maxLength: number }
  /** A JSON object, written as a mapping or as JSON text. */
  | { kind: 'json-object' };

export interface ServiceParamSpec {
  name: string;
  /** The docs mark it required for this integration. */
  required: boolean;
  value: ServiceParamValue;
}

/** FC async IDs and execution names alike follow the shared name rule, 1–128 characters (fdl/resource-name.ts). */
const uniqueId: ServiceParamValue = { kind: 'unique-id', pattern: RESOURCE_NAME_PATTERN, maxLength: MAX_RESOURCE_NAME_LENGTH };

export const SERVICE_PARAM_SPECS: Record<ResourceArnKind, readonly ServiceParamSpec[]> = {
  fc: [
    { name: 'InvocationType', required: false, value: { kind: 'enum', values: ['Sync', 'Async'] } },
    { name: 'StatefulAsyncInvocationID', required: false, value: uniqueId },
  ],
  'fnf-flow': [
    { name: 'Input', required: false, value: { kind: 'any' } },
    { name: 'ExecutionName', required: false, value: uniqueId },
  ],
  'mns-queue': [
    { name: 'MessageBody', required: true, value: { kind: 'any' } },
    { name: 'Priority', required: true, value: { kind: 'integer', min: 1, max: 16 } },
    { name: 'DelaySeconds', required: false, value: { kind: 'integer', min: 0, max: 604800 } },
  ],
  'mns-topic': [
    { name: 'MessageBody', required: true, value: { kind: 'any' } },
    { name: 'MessageTag', required: false, value: { kind: 'any' } },
    { name: 'MessageAttributes', required: false, value: { kind: 'json-object' } },
  ],
};

/** The keys of each integration, in the docs' order. */
export function serviceParamNames(kind: ResourceArnKind): string[] {
  return SERVICE_PARAM_SPECS[kind].map((s) => s.name);
}
