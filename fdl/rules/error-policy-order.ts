/**
 * `error-policy-shadowed` (warning, shown faded): an error name in a retry or catch policy that an
 * earlier policy of the same list already matches — the same name, or anything after `FnF.ALL`.
 *
 * Docs: 错误处理 / "Error handling" (CloudFlow, document 2500862): "if several retry [catch] rules
 * name the same error type, only the first matching rule is applied"; `FnF.ALL` matches every
 * error (also "Error handling", document 214310, for FDL v1). We read the first-match rule as
 * holding for FDL v1 retry/catch lists too (the FDL v1 pages do not say otherwise). The flow runs;
 * the later entry simply never takes effect, hence a warning.
 */
import type { Check, CheckContext } from '../check';
import { defineMessages } from '../messages';
import type { Located } from '../model';
import { carriesCatch } from '../step-kinds';
import { report } from './finding';

const ALL = 'FnF.ALL';

const messages = defineMessages({
  retry: '`{0}` never takes effect here: retry policy #{1} already matches it ({2}), and only the first matching policy applies.',
  catch: '`{0}` never takes effect here: catch policy #{1} already matches it ({2}), and only the first matching policy applies.',
});

export const ERROR_POLICY_ORDER_CODES = ['error-policy-shadowed'] as const;

export const checkErrorPolicyOrder: Check = {
  name: 'error-policy-shadowed',
  reach: 'item',
  run(ctx) {
    for (const step of ctx.parsed.steps) {
      if (!carriesCatch(step)) continue;
      checkList(
        ctx,
        step.retry.map((r) => r.errors),
        'retry',
      );
      checkList(
        ctx,
        step.catch.map((c) => c.errors),
        'catch',
      );
    }
  },
};

function checkList(ctx: CheckContext, policies: Located<string>[][], kind: 'retry' | 'catch'): void {
  /** Error name → 1-based number of the first policy naming it. */
  const first = new Map<string, number>();
  policies.forEach((errors, i) => {
    const all = first.get(ALL);
    for (const e of errors) {
      const by = all ?? first.get(e.value);
      if (by !== undefined && by <= i) {
        report(ctx, {
          code: 'error-policy-shadowed',
          severity: 'warning',
          text: messages[kind],
          args: [e.value, by, `\`${all !== undefined ? ALL : e.value}\``],
          span: e.span,
          unnecessary: true,
        });
      }
    }
    for (const e of errors) if (!first.has(e.value)) first.set(e.value, i + 1);
  });
}
