/**
 * resourceArn parsing for the integrations the docs describe (shared by rules, engine and server).
 *
 * Forms (docs "Service integration", "Task steps", "Integrate MNS queues/topics", "集成函数计算异步调用"):
 * - Function Compute: `acs:fc:{region}:{account}:services/{service}[.{qualifier}]/functions/{function}`;
 *   region and account may be empty (`acs:fc:::…`), meaning the flow's own.
 *   We also accept the FC 3.0 shape `acs:fc:{region}:{account}:functions/{function}[/{qualifier}]`
 *   used by CloudFlow pages (our choice: a flow may call an FC 3.0 function; `service` is then absent).
 * - Child flow: `acs:fnf:::flow/{name}`.
 * - MNS queue: `acs:mns:{region}:{account}:/queues/{queue}/messages`.
 * - MNS topic: `acs:mns:{region}:{account}:/topics/{topic}/messages`.
 *
 * Published flows hold deploy-time placeholders (`{region}`, `<name>`, `${x.ARN}`, `{{jinja}}`,
 * masked accounts like `1234****5678`) or unresolved `!Ref service/function` values; those parse
 * as `placeholder` (a warning for the editor, a mock for the engine), never as invalid.
 * Service, function, flow, queue and topic names follow fdl/resource-name.ts (charset and the
 * documented length of each kind); a name that breaks it is `invalid` with reason `bad-name`.
 * A well-formed `acs:{product}:…` ARN of a product we do not know is `other` (the docs list more
 * integrations over time); anything else is `invalid` with a reason.
 */
import type { Span } from './span';
import { FC_FUNCTION_NAME_PATTERN, MNS_NAME_PATTERN, RESOURCE_NAME_PATTERN } from './resource-name';

export type ResourceArnKind = 'fc' | 'fnf-flow' | 'mns-queue' | 'mns-topic';

interface ArnBase {
  text: string;
  region: string;
  account: string;
}

export type ResourceArn =
  | (ArnBase & { kind: 'fc'; service?: string; qualifier?: string; function: string })
  | (ArnBase & { kind: 'fnf-flow'; flow: string })
  | (ArnBase & { kind: 'mns-queue'; queue: string })
  | (ArnBase & { kind: 'mns-topic'; topic: string })
  | { kind: 'other'; text: string; product: string; region: string; account: string; resource: string }
  | { kind: 'placeholder'; text: string; placeholders: { text: string; span: Span }[]; likelyKind?: ResourceArnKind; fromDeployTag: boolean }
  | { kind: 'invalid'; text: string; reason: InvalidArnReason; span: Span };

export type InvalidArnReason = 'too-long' | 'not-acs' | 'too-few-parts' | 'bad-region' | 'bad-account' | 'bad-fc-resource' | 'bad-fnf-resource' | 'bad-mns-resource' | 'bad-name';

/**
 * Integrations and the patterns the docs allow for each: FC — 集成函数计算异步调用 (357640, all
 * three); child flows — "Integrate with Serverless Workflow" / child flows page (149829, all
 * three); MNS queues — "Integrate Simple Message Queue (formerly MNS) queues" (159864) and topics —
 * "... topics" (157027): requestResponse and waitForCallback only.
 */
export const PATTERNS_BY_KIND: Record<ResourceArnKind, readonly string[]> = {
  fc: ['requestResponse', 'sync', 'waitForCallback'],
  'fnf-flow': ['requestResponse', 'sync', 'waitForCallback'],
  'mns-queue': ['requestResponse', 'waitForCallback'],
  'mns-topic': ['requestResponse', 'waitForCallback'],
};

// Bounded repetitions keep matching linear on hostile text (a placeholder name is short).
const PLACEHOLDER = /\$\{[^}]{0,200}\}?|\{\{[^}]{0,200}\}\}|\{[^}]{0,200}\}|<[^>]{0,200}>|\*{2,}/g;
/** Real ARNs are well under this; longer text is rejected before any pattern runs. */
export const MAX_ARN_LENGTH = 1024;
const QUALIFIER = /^[A-Za-z0-9_$-]+$/;
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const ACCOUNT = /^\d+$/;

/**
 * Parses a resourceArn. `fromDeployTag` says the YAML value carried `!Ref`/`!GetAtt`/…, so the
 * text is a deploy-time reference (e.g. `svc/fn`), not an ARN yet.
 */
export function parseResourceArn(text: string, fromDeployTag = false): ResourceArn {
  const t = text.trim();
  if (t.length > MAX_ARN_LENGTH) return { kind: 'invalid', text: t, reason: 'too-long', span: { start: 0, end: t.length } };
  const placeholders = [...t.matchAll(PLACEHOLDER)].map((m) => ({ text: m[0], span: { start: m.index!, end: m.index! + m[0].length } }));
  if (fromDeployTag || placeholders.length > 0) {
    return { kind: 'placeholder', text: t, placeholders, likelyKind: guessKind(t, fromDeployTag), fromDeployTag };
  }
  const whole = { start: 0, end: t.length };
  if (!t.startsWith('acs:')) return { kind: 'invalid', text: t, reason: 'not-acs', span: whole };
  const parts = t.split(':');
  if (parts.length < 5) return { kind: 'invalid', text: t, reason: 'too-few-parts', span: whole };
  const [, product, region, account] = parts;
  const resource = parts.slice(4).join(':');
  let offset = 4 + product.length + 1;
  const regionSpan = { start: offset, end: offset + region.length };
  offset += region.length + 1;
  const accountSpan = { start: offset, end: offset + account.length };
  offset += account.length + 1;
  const resourceSpan = { start: offset, end: t.length };
  if (region !== '' && !REGION.test(region)) return { kind: 'invalid', text: t, reason: 'bad-region', span: regionSpan };
  if (account !== '' && !ACCOUNT.test(account)) return { kind: 'invalid', text: t, reason: 'bad-account', span: accountSpan };
  const base = { text: t, region, account };
  const bad = (reason: InvalidArnReason): ResourceArn => ({ kind: 'invalid', text: t, reason, span: resourceSpan });

  switch (product) {
    case 'fc': {
      let m = /^services\/([^/]+)\/functions\/([^/]+)$/.exec(resource);
      if (m) {
        const dot = m[1].indexOf('.');
        const service = dot < 0 ? m[1] : m[1].slice(0, dot);
        const qualifier = dot < 0 ? undefined : m[1].slice(dot + 1);
        if (!RESOURCE_NAME_PATTERN.test(service) || !FC_FUNCTION_NAME_PATTERN.test(m[2]) || (qualifier !== undefined && !QUALIFIER.test(qualifier))) return bad('bad-name');
        return { ...base, kind: 'fc', service, qualifier, function: m[2] };
      }
      m = /^functions\/([^/]+)(?:\/([^/]+))?$/.exec(resource);
      if (m) {
        if (!FC_FUNCTION_NAME_PATTERN.test(m[1]) || (m[2] !== undefined && !QUALIFIER.test(m[2]))) return bad('bad-name');
        return { ...base, kind: 'fc', function: m[1], qualifier: m[2] };
      }
      return bad('bad-fc-resource');
    }
    case 'fnf': {
      const m = /^flow\/([^/]+)$/.exec(resource);
      if (!m) return bad('bad-fnf-resource');
      if (!RESOURCE_NAME_PATTERN.test(m[1])) return bad('bad-name');
      return { ...base, kind: 'fnf-flow', flow: m[1] };
    }
    case 'mns': {
      const m = /^\/(queues|topics)\/([^/]+)\/messages$/.exec(resource);
      if (!m) return bad('bad-mns-resource');
      if (!MNS_NAME_PATTERN.test(m[2])) return bad('bad-name');
      return m[1] === 'queues' ? { ...base, kind: 'mns-queue', queue: m[2] } : { ...base, kind: 'mns-topic', topic: m[2] };
    }
    default:
      if (!/^[a-z][a-z0-9-]*$/.test(product) || resource === '') return { kind: 'invalid', text: t, reason: 'too-few-parts', span: whole };
      return { kind: 'other', text: t, product, region, account, resource };
  }
}

function guessKind(t: string, fromDeployTag: boolean): ResourceArnKind | undefined {
  if (t.startsWith('acs:fc:')) return 'fc';
  if (t.startsWith('acs:fnf:')) return 'fnf-flow';
  if (t.startsWith('acs:mns:')) return t.includes('/topics/') ? 'mns-topic' : 'mns-queue';
  // Funcraft's `!Ref Service/function` names an FC function.
  if (fromDeployTag && /^[^/\s]+\/[^/\s]+$/.test(t)) return 'fc';
  return undefined;
}

/** The integration a task talks to: its ARN's kind, with placeholders resolved to their likely kind. */
export function integrationKind(arn: ResourceArn): ResourceArnKind | undefined {
  if (arn.kind === 'placeholder') return arn.likelyKind;
  if (arn.kind === 'other' || arn.kind === 'invalid') return undefined;
  return arn.kind;
}
