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
 * - `sm-state-data-too-large` (error): a constructor whose literal part alone (every entry but
 *   those under a `.$` key, as compact JSON in UTF-8, the engine's measure) is over the 64 KiB a
 *   state input or output may hold ("Input and output",
 *   https://www.alibabacloud.com/help/en/serverless-workflow/latest/inputs-and-outputs): whatever
 *   its expressions yield, the state's data is larger, so the execution fails there. Read for
 *   `InputConstructor`, `OutputConstructor`, a Map's `ItemConstructor` and a Catch's
 *   `OutputConstructor`, each of which is a state's whole input or output. Only a lower bound is
 *   knowable statically, so nothing is said below the limit.
 * - `sm-state-name-too-long`: a state `Name` longer than 128 characters (a warning) or than an event
 *   holds (an error), as the classic `step-name-too-long` (fdl/rules/step-name-length.ts, which says why).
 */
import type { Check, CheckContext } from '../check';
import { defineMessages, message } from '../messages';
import { report } from '../rules/finding';
import { isMapNode, isScalarNode, isSeqNode, mapKey, mapValue, nodeSpan, scalarKeyText, type YNode } from '../yaml/tree';
import { MAX_EVENT_DATA_BYTES, MAX_STEP_NAME_LENGTH, stepNameOverLimit } from '../resource-name';
import { stateMachineOf } from './statemachine-model';

export const SM_LIMIT_CODES = [
  'sm-map-concurrency',
  'sm-map-concurrency-keys',
  'sm-retry-backoff-below-interval',
  'sm-error-rule-shadowed',
  'sm-state-data-too-large',
  'sm-state-name-too-long',
] as const;

/** A state input or output holds at most 64 KiB (docs "Input and output"; engine/run/dialects/sm-data.ts enforces it at run time). */
export const MAX_STATE_DATA_BYTES = 64 * 1024;

export const MAX_INLINE_MAP_CONCURRENCY = 40;
export const MAX_DISTRIBUTED_MAP_CONCURRENCY = 100;

const messages = defineMessages({
  nameLong: 'This state name is {0} characters long. No limit on state names is documented, but the service holds flow and execution names to {1}: it may refuse a longer one.',
  nameTooLong: 'This state name is {0} characters long ({1} bytes); every event of the state carries its name, and an event holds at most {2} bytes. Shorten it.',
  concurrency: 'An {1} Map runs at most {2} items at once; `{0}` asks for more.',
  inline: 'inline',
  distributed: 'distributed',
  bothKeys: "Both `MaxConcuccency` (the docs' field tables) and `MaxConcurrency` (the Limits page) are written: the docs do not say which one CloudFlow reads. Keep one.",
  backoff: '`MaxBackoffSeconds` ({0}) is below `IntervalSeconds` ({1}): the interval can never grow, and may be cut below what you asked for.',
  tooLarge:
    '`{0}` builds at least {1} bytes from its literal values alone, more than the 64 KiB ({2} bytes) a state input or output may hold: the execution fails here. Keep large data in OSS and pass references.',
  shadowed: '`{0}` is already matched by an earlier rule of this list (`{1}`): the first matching rule wins, so this entry never applies.',
});

const numberOf = (n: YNode | null | undefined): number | undefined => (isScalarNode(n) && typeof n.value === 'number' ? n.value : undefined);

export const checkStateMachineLimits: Check = {
  name: 'statemachine-limits',
  reach: 'item',
  run(ctx) {
    for (const state of stateMachineOf(ctx.parsed).states) {
      const map = state.node;
      const over = stepNameOverLimit(state.name);
      if (over?.tooLong)
        report(ctx, { code: 'sm-state-name-too-long', severity: 'error', text: messages.nameTooLong, args: [over.chars, over.bytes, MAX_EVENT_DATA_BYTES], span: state.nameSpan });
      else if (over) report(ctx, { code: 'sm-state-name-too-long', severity: 'warning', text: messages.nameLong, args: [over.chars, MAX_STEP_NAME_LENGTH], span: state.nameSpan });
      if (state.type === 'Map') checkMapConcurrency(ctx, map);
      for (const key of ['InputConstructor', 'OutputConstructor', 'ItemConstructor']) checkDataSize(ctx, map, key);
      for (const list of ['Retry', 'Catch']) {
        const rules = mapValue(map, list);
        if (!isSeqNode(rules)) continue;
        checkShadowed(ctx, rules);
        if (list === 'Catch') for (const r of rules.items) checkDataSize(ctx, r, 'OutputConstructor');
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
      text: messages.concurrency,
      args: [`${key}: ${value}`, message(messages[distributed ? 'distributed' : 'inline']), max],
      span: nodeSpan(node),
      data: { replacement: String(max) },
    });
  }
}

function checkDataSize(ctx: CheckContext, owner: YNode | null, key: string): void {
  const node = mapValue(owner, key);
  if (!isMapNode(node)) return;
  const bytes = literalBytes(node, 0);
  if (bytes <= MAX_STATE_DATA_BYTES) return;
  report(ctx, { code: 'sm-state-data-too-large', severity: 'error', text: messages.tooLarge, args: [key, bytes, MAX_STATE_DATA_BYTES], span: nodeSpan(mapKey(owner, key)) });
}

/** Deeper than any real constructor; a hostile text is not walked further (counted as what it has so far). */
const MAX_SIZE_DEPTH = 64;

/**
 * A lower bound of the compact JSON size, in UTF-8 bytes, of what a constructor builds: its
 * literal entries as written, each `.$` entry left out (its value is not known before the run).
 */
function literalBytes(n: YNode | null, depth: number): number {
  if (!n) return 4; // null
  const items = n.items;
  if (!items) return utf8Bytes(JSON.stringify(n.value) ?? 'null');
  if (depth > MAX_SIZE_DEPTH) return 2;
  let total = 2; // the brackets
  let count = 0;
  if (isSeqNode(n)) {
    for (const item of items) total += literalBytes(item, depth + 1) + (count++ ? 1 : 0);
    return total;
  }
  for (let i = 0; i < items.length; i += 2) {
    const k = scalarKeyText(items[i]);
    if (k === undefined || k.endsWith('.$')) continue;
    total += utf8Bytes(JSON.stringify(k)) + 1 + literalBytes(items[i + 1], depth + 1) + (count++ ? 1 : 0);
  }
  return total;
}

/** UTF-8 length of a string without a Node built-in (fdl/ does no I/O and imports none). */
function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
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
