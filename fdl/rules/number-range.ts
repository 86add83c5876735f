/**
 * `number-out-of-range` (error): a number written in the flow that no JSON number the engine or the
 * service holds can be: beyond a double's range (`9` written 400 times, `1e999`), or YAML's `.inf`
 * and `.nan`. Read as a double it is Infinity or NaN, which JSON has no text for: written to the
 * history or passed to a task it silently became `null`. The service's documentation is silent on
 * such numbers; a JSON parser that reads numbers as doubles refuses them, so the flow is refused
 * here too, at the number, rather than run with a value nobody wrote (engine/SEMANTICS.md
 * "Numbers"). Both dialects: the whole located tree is read, frame keys included.
 */
import type { Check } from '../check';
import { defineMessages } from '../messages';
import { NodeKind, type YNode } from '../yaml/tree';
import { report } from './finding';

const messages = defineMessages({
  outOfRange:
    '{0} is beyond the range of a JSON number (a double, about ±1.8e308), or infinity or NaN: JSON has no text for it, and it would become null. Write a number within that range, or quote it to keep it as text.',
});

export const NUMBER_RANGE_CODES = ['number-out-of-range'] as const;

export const checkNumberRange: Check = {
  name: 'number-out-of-range',
  reach: 'item',
  run(ctx) {
    const root = ctx.parsed.tree;
    if (!root) return;
    // Iterative: the tree may nest as deep as the input limits allow.
    const stack: YNode[] = [root];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.kind === NodeKind.Scalar) {
        if (typeof n.value === 'number' && !Number.isFinite(n.value)) {
          const written = n.source ?? String(n.value);
          report(ctx, {
            code: 'number-out-of-range',
            severity: 'error',
            text: messages.outOfRange,
            args: [written.length > 24 ? `${written.slice(0, 12)}…${written.slice(-4)}` : written],
            span: { start: n.s, end: n.e },
          });
        }
        continue;
      }
      const items = n.items;
      if (items) for (let i = items.length - 1; i >= 0; i--) if (items[i]) stack.push(items[i]!);
    }
  },
};
