/**
 * errorMappings of a task step (docs "Task steps", help.aliyun.com 122494, and "Error handling",
 * 214310): "this attribute takes effect only when an error occurs while the step runs and `catch`
 * is specified"; "`$local.error` and `$local.cause` are reserved by the system: the source of an
 * errorMappings entry must be one of these two values".
 * - `error-mappings-without-catch` (warning): errorMappings on a task without `catch` are never
 *   applied (an uncaught error fails the step before any mapping).
 * - `error-mapping-source` (warning): a source other than `$local.error` / `$local.cause`. The
 *   local engine maps it anyway (over the step input and `{error, cause}`, SEMANTICS.md
 *   "Errors"); what the service does with it is not documented, so this is not an error.
 */
import type { Check } from '../check';
import { defineMessages } from '../messages';
import { keySpan } from '../yaml/tree-read';
import { report } from './finding';

const messages = defineMessages({
  withoutCatch: 'These errorMappings are never applied: errorMappings take effect only when the step has a `catch` that handles the error. Add a `catch`, or remove them.',
  source: 'An errorMappings source must be `$local.error` or `$local.cause` (the error and its cause); `{0}` is not one of them, and the service documents no other.',
});

/** The two reserved values the docs allow as an errorMappings source. */
export const ERROR_MAPPING_SOURCES: readonly string[] = ['$local.error', '$local.cause'];

export const ERROR_MAPPING_CODES = ['error-mappings-without-catch', 'error-mapping-source'] as const;

export const checkErrorMappings: Check = {
  name: 'error-mappings',
  reach: 'item',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      if (step.type !== 'task' || !step.errorMappings) continue;
      if (step.catch.length === 0) {
        report(ctx, { code: 'error-mappings-without-catch', severity: 'warning', text: messages.withoutCatch, span: keySpan(step.node, 'errorMappings') ?? step.nameSpan });
      }
      for (const m of step.errorMappings) {
        const source = m.source;
        if (!source) continue; // a missing source is the schema's finding
        if (typeof source.value === 'string' && ERROR_MAPPING_SOURCES.includes(source.value.trim())) continue;
        const shown = typeof source.value === 'string' ? source.value : JSON.stringify(source.value);
        report(ctx, { code: 'error-mapping-source', severity: 'warning', text: messages.source, args: [shown], span: source.span });
      }
    }
  },
};
