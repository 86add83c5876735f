/**
 * serviceParams of a task, by integration (docs pages cited in ./service-params-catalog.ts:
 * 集成函数计算异步调用, child flows, MNS queues and topics):
 * - `unknown-service-param` (warning): a key the integration does not document; with a
 *   did-you-mean. Cloud-API (`action:`) tasks take the API's own parameters and are not judged.
 * - `invalid-invocation-type` (error): FC `InvocationType` is `Sync` or `Async` (or a `$` reference).
 * - `stateful-async-without-async` (warning): `StatefulAsyncInvocationID` only takes effect with
 *   `InvocationType: Async`; data tells the quick fix to add it.
 */
import { integrationKind, type ResourceArnKind } from '../arn';
import type { Check } from '../check';
import { defineMessages, formatMessage } from '../messages';
import { closestMatch } from '../schema/did-you-mean';
import { isMapNode, isScalarNode, mapValue, nodeSpan, scalarKeyText, type YNode } from '../yaml/tree';
import { report } from './finding';
import { serviceParamNames } from './service-params-catalog';
import { KIND_LABELS } from './task-pattern';
import { taskArn } from './task-integration';

export const SERVICE_PARAMS_BY_KIND: Record<ResourceArnKind, readonly string[]> = {
  fc: serviceParamNames('fc'),
  'fnf-flow': serviceParamNames('fnf-flow'),
  'mns-queue': serviceParamNames('mns-queue'),
  'mns-topic': serviceParamNames('mns-topic'),
};

export const INVOCATION_TYPES = ['Sync', 'Async'] as const;

const messages = defineMessages({
  unknown: '`{0}` is not a serviceParams key for {1} (known: {2}).{3}',
  didYouMean: ' Did you mean `{0}`?',
  invocationType: '`InvocationType` must be `Sync` or `Async`, not `{0}`.',
  statefulWithoutAsync: '`StatefulAsyncInvocationID` only takes effect with `InvocationType: Async` (a stateful asynchronous invocation); add it.',
});

export const SERVICE_PARAM_CODES = ['unknown-service-param', 'invalid-invocation-type', 'stateful-async-without-async'] as const;

export const checkServiceParams: Check = {
  name: 'service-params',
  reach: 'item',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      if (step.type !== 'task' || step.action) continue;
      const spNode = mapValue(step.node, 'serviceParams');
      if (!isMapNode(spNode)) continue;
      const arn = taskArn(step);
      const kind = arn && integrationKind(arn);
      if (!kind) continue;
      const known = SERVICE_PARAMS_BY_KIND[kind];
      let invocationType: unknown;
      let statefulKey: YNode | undefined;
      for (let i = 0; i < spNode.items.length; i += 2) {
        const keyNode = spNode.items[i]!;
        const value = spNode.items[i + 1];
        const key = scalarKeyText(keyNode);
        if (key === undefined) continue;
        if (!known.includes(key)) {
          const guess = closestMatch(key, known);
          report(ctx, {
            code: 'unknown-service-param',
            severity: 'warning',
            text: messages.unknown,
            args: [key, formatMessage(KIND_LABELS[kind], ctx.locale), known.map((k) => `\`${k}\``).join(', '), guess ? formatMessage(messages.didYouMean, ctx.locale, guess) : ''],
            span: nodeSpan(keyNode),
            data: { key, kind, known: [...known], ...(guess ? { replacement: guess } : {}) },
          });
          continue;
        }
        if (key === 'InvocationType') {
          invocationType = isScalarNode(value) ? value.value : undefined;
          const v = invocationType;
          const isRef = typeof v === 'string' && v.startsWith('$');
          if (!isRef && !(INVOCATION_TYPES as readonly unknown[]).includes(v)) {
            const guess = typeof v === 'string' ? closestMatch(v, INVOCATION_TYPES) : undefined;
            report(ctx, {
              code: 'invalid-invocation-type',
              severity: 'error',
              text: messages.invocationType,
              args: [isMapNode(value) ? '{…}' : String(v)],
              span: nodeSpan(value ?? keyNode),
              data: guess ? { replacement: guess } : undefined,
            });
          }
        }
        if (key === 'StatefulAsyncInvocationID') statefulKey = keyNode;
      }
      const async = invocationType === 'Async' || (typeof invocationType === 'string' && invocationType.startsWith('$'));
      if (statefulKey && !async) {
        report(ctx, {
          code: 'stateful-async-without-async',
          severity: 'warning',
          text: messages.statefulWithoutAsync,
          span: nodeSpan(statefulKey),
          data: { insert: { key: 'InvocationType', value: 'Async' }, serviceParamsSpan: nodeSpan(spNode), hasInvocationType: invocationType !== undefined },
        });
      }
    }
  },
};
