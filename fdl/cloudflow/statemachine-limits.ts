/**
 * Limits and orderings the StateMachine schema cannot say on its own (ranges of single fields,
 * e.g. Wait `Seconds` 1–300, `Timeout` 0–604800, Parallel ≤ 50 branches, Retry `IntervalSeconds`
 * and `MaxBackoffSeconds` ≤ 86400, are the schema's):
 * - `sm-map-concurrency` (warning): a Map's concurrency above what the docs allow: 40 for an inline
 *   Map ("最大并发数可达到40", inline mode, https://help.aliyun.com/document_detail/2851868.html),
 *   100 for a distributed one (MaxConcurrency quota, https://www.alibabacloud.com/help/en/serverless-workflow/latest/limits).
 *   A Map is distributed when it has `ItemReader` or `ProcessorConfig` (the distributed page's fields).
 *   The service caps or refuses it; we do not know which, hence a warning.
 * - `sm-map-concurrency-keys` (warning): both `MaxConcuccency` (the docs' field tables, every
 *   edition) and `MaxConcurrency` (the Limits page and prose) written: which one the service reads
 *   is not documented (docs/cloudflow-schema-notes.md), so one of them is ignored.
 * - `sm-retry-backoff-below-interval` (warning): `MaxBackoffSeconds` below `IntervalSeconds`: the
 *   cap is below the first interval, so the interval never grows (error handling,
 *   https://www.alibabacloud.com/help/doc-detail/2500862.html).
 * - `sm-error-rule-shadowed` (warning, faded): an error name in a Retry or Catch rule that an
 *   earlier rule of the same list already matches (`FnF.ALL` matches every error): "the first
 *   rule matching an error wins" (same page), so it never applies.
 */
import type { Check, CheckContext } from '../check';
import { defineMessages } from '../messages';
import { report } from '../rules/finding';
import { isMapNode, isScalarNode, isSeqNode, mapKey, mapValue, nodeSpan, type YNode } from '../yaml/tree';
import { stateMachineOf } from './statemachine-model';

export const SM_LIMIT_CODES = ['sm-map-concurrency', 'sm-map-concurrency-keys', 'sm-retry-backoff-below-interval', 'sm-error-rule-shadowed'] as const;

export const MAX_INLINE_MAP_CONCURRENCY = 40;
export const MAX_DISTRIBUTED_MAP_CONCURRENCY = 100;

const messages = defineMessages({
  concurrency: {
    en: 'An {1} Map runs at most {2} items at once; `{0}` asks for more.',
    'zh-cn': '{1} Map 最多同时处理 {2} 项；`{0}` 超出了这一上限。',
  },
  inline: { en: 'inline', 'zh-cn': '内联模式的' },
  distributed: { en: 'distributed', 'zh-cn': '分布式模式的' },
  bothKeys: {
    en: "Both `MaxConcuccency` (the docs' field tables) and `MaxConcurrency` (the Limits page) are written: the docs do not say which one CloudFlow reads. Keep one.",
    'zh-cn': '同时写了 `MaxConcuccency`（文档字段表的拼写）和 `MaxConcurrency`（使用限制页面的拼写）：文档未说明云工作流读取哪一个。请只保留一个。',
  },
  backoff: {
    en: '`MaxBackoffSeconds` ({0}) is below `IntervalSeconds` ({1}): the interval can never grow, and may be cut below what you asked for.',
    'zh-cn': '`MaxBackoffSeconds`（{0}）小于 `IntervalSeconds`（{1}）：重试间隔无法增长，还可能被截短到低于所设的值。',
  },
  shadowed: {
    en: '`{0}` is already matched by an earlier rule of this list (`{1}`): the first matching rule wins, so this entry never applies.',
    'zh-cn': '`{0}` 已被本列表中更早的规则（`{1}`）匹配：只有第一个匹配的规则生效，此项永远不会起作用。',
  },
});

const numberOf = (n: YNode | null | undefined): number | undefined => (isScalarNode(n) && typeof n.value === 'number' ? n.value : undefined);

export const checkStateMachineLimits: Check = {
  name: 'statemachine-limits',
  run(ctx) {
    for (const state of stateMachineOf(ctx.parsed).states) {
      const map = state.node;
      if (state.type === 'Map') checkMapConcurrency(ctx, map);
      for (const list of ['Retry', 'Catch']) {
        const rules = mapValue(map, list);
        if (!isSeqNode(rules)) continue;
        checkShadowed(ctx, rules);
        if (list === 'Retry') for (const r of rules.items) checkBackoff(ctx, r);
      }
    }
  },
};

function checkMapConcurrency(ctx: CheckContext, map: YNode): void {
  const docsKey = mapValue(map, 'MaxConcuccency');
  const limitsKey = mapValue(map, 'MaxConcurrency');
  if (docsKey && limitsKey) report(ctx, { code: 'sm-map-concurrency-keys', severity: 'warning', text: messages.bothKeys, span: nodeSpan(mapKey(map, 'MaxConcurrency')) });
  const distributed = !!mapValue(map, 'ItemReader') || !!mapValue(map, 'ProcessorConfig');
  const max = distributed ? MAX_DISTRIBUTED_MAP_CONCURRENCY : MAX_INLINE_MAP_CONCURRENCY;
  for (const [key, node] of [
    ['MaxConcuccency', docsKey],
    ['MaxConcurrency', limitsKey],
  ] as const) {
    const value = numberOf(node);
    if (value === undefined || value <= max) continue;
    report(ctx, {
      code: 'sm-map-concurrency',
      severity: 'warning',
      text: {
        en: messages.concurrency.en
          .replace('{0}', `${key}: ${value}`)
          .replace('{1}', messages[distributed ? 'distributed' : 'inline'].en)
          .replace('{2}', String(max)),
        'zh-cn': messages.concurrency['zh-cn']
          .replace('{0}', `${key}: ${value}`)
          .replace('{1}', messages[distributed ? 'distributed' : 'inline']['zh-cn'])
          .replace('{2}', String(max)),
      },
      span: nodeSpan(node),
      data: { replacement: String(max) },
    });
  }
}

function checkBackoff(ctx: CheckContext, rule: YNode | null): void {
  if (!isMapNode(rule)) return;
  const cap = mapValue(rule, 'MaxBackoffSeconds');
  const capValue = numberOf(cap);
  const interval = numberOf(mapValue(rule, 'IntervalSeconds'));
  if (capValue === undefined || interval === undefined || capValue >= interval) return;
  report(ctx, { code: 'sm-retry-backoff-below-interval', severity: 'warning', text: messages.backoff, args: [capValue, interval], span: nodeSpan(cap) });
}

function checkShadowed(ctx: CheckContext, rules: YNode & { items: (YNode | null)[] }): void {
  const seen = new Map<string, string>();
  let all: string | undefined;
  for (const rule of rules.items) {
    const errors = mapValue(rule, 'Errors');
    const names = isSeqNode(errors) ? errors.items.filter((n): n is YNode => isScalarNode(n) && typeof n.value === 'string') : [];
    const mine: [string, YNode][] = [];
    for (const n of names) {
      const name = n.value as string;
      const by = all ?? seen.get(name);
      if (by) report(ctx, { code: 'sm-error-rule-shadowed', severity: 'warning', text: messages.shadowed, args: [name, by], span: nodeSpan(n), unnecessary: true });
      else mine.push([name, n]);
    }
    // Names of one rule shadow the rules after it, not each other.
    for (const [name] of mine) {
      if (!seen.has(name)) seen.set(name, name);
      if (name === 'FnF.ALL') all = name;
    }
  }
}
