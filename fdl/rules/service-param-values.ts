/**
 * What the docs say about serviceParams values (catalogue and sources: ./service-params-catalog.ts):
 * - `missing-service-param` (warning): a key the integration's page marks required is absent
 *   (MNS queues: `MessageBody`, `Priority`; MNS topics: `MessageBody`). A warning, not an error:
 *   the flow deploys, the send fails or falls back at run time, and the docs do not say which.
 * - `invalid-service-param-value` (error): a constant the integration refuses on every call — an
 *   MNS `Priority` outside 1–16 or `DelaySeconds` outside 0–604800, `MessageAttributes` that is not
 *   a JSON object, a `StatefulAsyncInvocationID` / `ExecutionName` that breaks the naming rules.
 *   The step can never succeed with it, so we report it as an error although the flow deploys.
 * - `service-param-not-unique` (warning): a constant `StatefulAsyncInvocationID` or
 *   `ExecutionName`. The docs require each to be unique (per function / per flow); a constant is
 *   the same in every execution, so from the second execution on the call is refused
 *   (ExecutionAlreadyExists for child flows). Use a `$.` reference to a per-execution value.
 * `$…` references are only known at run time and are not judged; `action:` tasks neither.
 */
import { integrationKind } from '../arn';
import type { Check, CheckContext } from '../check';
import { defineMessages, formatMessage } from '../messages';
import { isMapNode, isScalarNode, mapValue, nodeSpan, scalarKeyText, type YNode } from '../yaml/tree';
import { keySpan } from '../yaml/tree-read';
import { report } from './finding';
import { SERVICE_PARAM_SPECS, type ServiceParamSpec } from './service-params-catalog';
import { KIND_LABELS } from './task-pattern';
import { taskArn } from './task-integration';

const messages = defineMessages({
  missing: 'serviceParams lacks `{0}`, which the docs mark required for {1}; add it, e.g. `{0}: {2}`.',
  integer: '`{0}` must be a whole number from {1} to {2} (or a `$.` reference to the step input); it is `{3}`.',
  jsonObject: '`{0}` must be a JSON object (a mapping, JSON text or a `$.` reference); it is `{1}`.',
  badId: '`{0}` is refused by the service: it must start with a letter or `_`, contain only letters, digits, `_` and `-`, and be at most {1} characters; it is `{2}`.',
  notUnique: '`{0}` must be unique, but this constant is the same in every execution: from the second run on the call is refused. Use a `$.` reference to a per-execution value.',
});

const EXAMPLE_VALUES: Record<string, string> = { MessageBody: '$', Priority: '8' };

export const SERVICE_PARAM_VALUE_CODES = ['missing-service-param', 'invalid-service-param-value', 'service-param-not-unique'] as const;

export const checkServiceParamValues: Check = {
  name: 'service-param-values',
  reach: 'item',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      if (step.type !== 'task' || step.action) continue;
      const arn = taskArn(step);
      const kind = arn && integrationKind(arn);
      if (!kind) continue;
      const stepMap = step.node;
      const params = mapValue(stepMap, 'serviceParams');
      const specs = SERVICE_PARAM_SPECS[kind];
      const present = new Set<string>();
      const items = isMapNode(params) ? params.items : [];
      for (let i = 0; i < items.length; i += 2) {
        const name = scalarKeyText(items[i]);
        if (name === undefined) continue;
        present.add(name);
        const spec = specs.find((s) => s.name === name);
        const value = items[i + 1];
        if (spec && value) checkValue(ctx, spec, value);
      }
      for (const spec of specs) {
        if (!spec.required || present.has(spec.name)) continue;
        const at = keySpan(stepMap, 'serviceParams') ?? step.resourceArn?.span ?? step.nameSpan;
        report(ctx, {
          code: 'missing-service-param',
          severity: 'warning',
          text: messages.missing,
          args: [spec.name, formatMessage(KIND_LABELS[kind], ctx.locale), EXAMPLE_VALUES[spec.name] ?? '$.value'],
          span: at,
          data: { key: spec.name, kind },
        });
      }
    }
  },
};

function isReference(v: unknown): boolean {
  return typeof v === 'string' && v.trim().startsWith('$');
}

function shown(node: YNode): string {
  if (isMapNode(node)) return '{…}';
  if (!isScalarNode(node)) return '[…]';
  const s = String(node.value);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

function checkValue(ctx: CheckContext, spec: ServiceParamSpec, node: YNode): void {
  const v = isScalarNode(node) ? node.value : undefined;
  if (isReference(v)) return;
  const span = nodeSpan(node);
  const rule = spec.value;
  switch (rule.kind) {
    case 'integer': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
      if (Number.isInteger(n) && n >= rule.min && n <= rule.max) return;
      report(ctx, {
        code: 'invalid-service-param-value',
        severity: 'error',
        text: messages.integer,
        args: [spec.name, rule.min, rule.max, shown(node)],
        span,
        data: { key: spec.name },
      });
      return;
    }
    case 'json-object': {
      if (isMapNode(node) || (typeof v === 'string' && parsesAsObject(v))) return;
      report(ctx, { code: 'invalid-service-param-value', severity: 'error', text: messages.jsonObject, args: [spec.name, shown(node)], span, data: { key: spec.name } });
      return;
    }
    case 'unique-id': {
      const text = isScalarNode(node) && v !== null && typeof v !== 'object' ? String(v) : undefined;
      if (text === undefined || !rule.pattern.test(text) || text.length > rule.maxLength) {
        report(ctx, {
          code: 'invalid-service-param-value',
          severity: 'error',
          text: messages.badId,
          args: [spec.name, rule.maxLength, shown(node)],
          span,
          data: { key: spec.name },
        });
        return;
      }
      report(ctx, { code: 'service-param-not-unique', severity: 'warning', text: messages.notUnique, args: [spec.name], span, data: { key: spec.name } });
      return;
    }
    default:
      // `enum` (InvocationType) is judged by service-params.ts; `any` takes anything.
      return;
  }
}

function parsesAsObject(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith('{')) return false;
  try {
    const parsed: unknown = JSON.parse(t);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
