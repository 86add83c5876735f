/**
 * How a Function Compute task's `pattern` and `serviceParams.InvocationType` combine.
 *
 * Docs: "Introduction to integrations" / 集成简介 (document 149828) define the patterns — request/
 * response proceeds as soon as the call returns; sync calls the service's *asynchronous*
 * interface and waits until the task finishes; waitForCallback waits for a report with the task
 * token. "Integrate Serverless Workflow with asynchronous Function Compute invocation" /
 * 集成函数计算异步调用 (document 357640) applies the three patterns to asynchronous FC
 * invocation: requestResponse for long tasks whose result is not needed, sync for long or
 * throttled tasks (FC reports completion back, hence the fnf:ReportTask* permission),
 * waitForCallback for tasks continued by a report (e.g. a manual audit).
 *
 * What the docs do not say, and we therefore do not check: that `sync` *requires* an explicit
 * `InvocationType: Async` (the stored pages cut off before their sync example), or what the
 * service does with `sync` + `Sync`. waitForCallback + Async is a documented combination.
 * Both checks below are warnings: the flow deploys; it just does not do what it seems to say.
 * - `sync-pattern-with-sync-invocation`: `pattern: sync` with `InvocationType: Sync` — sync waits
 *   for an asynchronous invocation to finish, a synchronous call contradicts it. Quick fix: Async.
 * - `async-result-not-awaited`: requestResponse (the default) with `InvocationType: Async` whose
 *   outputMappings read `$local` — the step ends when FC accepts the call, so `$local` never
 *   holds the function's result.
 */
import { integrationKind } from '../arn';
import type { Check } from '../check';
import { isPathSource } from '../expressions/mapping-source';
import { defineMessages } from '../messages';
import type { Located, TaskStep } from '../model';
import { isScalarNode, mapValue, nodeSpan } from '../yaml/tree';
import { report } from './finding';
import { spanInside } from './scalar-spans';
import { taskArn } from './task-integration';
import { parsedPath } from './parsed-expressions';

const messages = defineMessages({
  syncWithSync:
    '`pattern: sync` waits for an asynchronous invocation to finish (Function Compute reports back to the flow), but `InvocationType: Sync` asks for a synchronous call. Use `Async`, or remove `pattern: sync` for a plain synchronous call.',
  notAwaited:
    'With `requestResponse` and `InvocationType: Async` the step ends as soon as Function Compute accepts the invocation, so `$local` never holds the function result. Use `pattern: sync` to wait for it.',
});

/** The constant InvocationType of a task with its value span, if written as a plain string. */
function invocationType(step: TaskStep): Located<string> | undefined {
  const node = mapValue(mapValue(step.node, 'serviceParams'), 'InvocationType');
  if (!isScalarNode(node) || typeof node.value !== 'string') return undefined;
  return { value: node.value, span: nodeSpan(node) };
}

export const FC_INVOCATION_PATTERN_CODES = ['sync-pattern-with-sync-invocation', 'async-result-not-awaited'] as const;

export const checkFcInvocationPattern: Check = {
  name: 'fc-invocation-pattern',
  reach: 'item',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      if (step.type !== 'task' || step.action) continue;
      const arn = taskArn(step);
      if (!arn || integrationKind(arn) !== 'fc') continue;
      const type = invocationType(step);
      if (!type) continue;
      const pattern = step.pattern?.value ?? 'requestResponse';
      if (pattern === 'sync' && type.value === 'Sync') {
        report(ctx, { code: 'sync-pattern-with-sync-invocation', severity: 'warning', text: messages.syncWithSync, span: type.span, data: { replacement: 'Async' } });
      }
      if (pattern === 'requestResponse' && type.value === 'Async') {
        for (const m of step.outputMappings ?? []) {
          const src = m.source;
          if (!src || !isPathSource(src.value)) continue;
          const r = parsedPath(src.value);
          if (!r.ok || r.ast.root !== '$local') continue;
          report(ctx, {
            code: 'async-result-not-awaited',
            severity: 'warning',
            text: messages.notAwaited,
            span: spanInside(ctx.parsed.text, src as Located<string>, r.ast.rootSpan),
          });
        }
      }
    }
  },
};
