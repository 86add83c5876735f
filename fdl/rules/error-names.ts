/**
 * `unknown-error-name` (warning, never an error): retry/catch error names that look like a
 * built-in but are not one (`FnF.Timout`, `fnf.ALL`, `FC.ResourceThrotled`). Names a function or
 * caller raises itself are never flagged; the exact reading is in fdl/errors-catalog.ts.
 * A lower-case `fnf.X` that is no slip of a built-in (`fnf.ExecutionAlreadyExists`) on a step
 * that is not an `action: fnf:…` task is only a hint: it is how the FnF API spells its own
 * errors, which something the step calls may raise.
 */
import type { Check } from '../check';
import { judgeErrorName } from '../errors-catalog';
import { defineMessages, formatMessage } from '../messages';
import type { Located } from '../model';
import { carriesCatch } from '../step-kinds';
import { report } from './finding';
import { actionProduct } from './task-integration';

const messages = defineMessages({
  unknownFnf: '`{0}` is not a built-in Serverless Workflow error, so it never matches.{1}',
  near: '`{0}` looks like the built-in error `{1}` but is spelled differently, so it matches only an error raised with exactly this name.',
  didYouMean: ' Did you mean `{0}`?',
  fnfApiSpelling:
    '`{0}` is spelled like an error of the Serverless Workflow API (raised by `action: fnf:…` tasks); this step is not such a task, so it matches only if what the step calls raises exactly this name.',
});

export const ERROR_NAME_CODES = ['unknown-error-name'] as const;

export const checkErrorNames: Check = {
  name: 'unknown-error-name',
  reach: 'item',
  run(ctx) {
    // The same few names repeat across a flow: judge each (name, product) once.
    const verdicts = new Map<string, ReturnType<typeof judgeErrorName>>();
    const judge = (name: string, product: string | undefined) => {
      const key = `${product ?? ''}\u0000${name}`;
      let v = verdicts.get(key);
      if (!v) verdicts.set(key, (v = judgeErrorName(name, product)));
      return v;
    };
    for (const step of ctx.parsed.steps) {
      if (!carriesCatch(step)) continue;
      const product = step.type === 'task' ? actionProduct(step) : undefined;
      const names: Located<string>[] = [...step.retry.flatMap((r) => r.errors), ...step.catch.flatMap((c) => c.errors)];
      for (const n of names) {
        const verdict = judge(n.value, product);
        if (verdict.known) continue;
        const s = verdict.suggestion;
        if (verdict.reason === 'fnf-api-spelling') {
          report(ctx, { code: 'unknown-error-name', severity: 'hint', text: messages.fnfApiSpelling, args: [n.value], span: n.span });
        } else if (verdict.reason === 'unknown-fnf-error') {
          report(ctx, {
            code: 'unknown-error-name',
            severity: 'warning',
            text: messages.unknownFnf,
            args: [n.value, s ? formatMessage(messages.didYouMean, ctx.locale, s) : ''],
            span: n.span,
            data: s ? { replacement: s } : undefined,
          });
        } else if (s) {
          report(ctx, { code: 'unknown-error-name', severity: 'warning', text: messages.near, args: [n.value, s], span: n.span, data: { replacement: s } });
        }
      }
    }
  },
};
