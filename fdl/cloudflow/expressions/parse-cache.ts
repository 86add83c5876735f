/**
 * Parsed expressions by their text, for evaluating the same expression again and again: a run
 * evaluates a state's constructors and conditions at every visit (a Map's processor once per
 * item), and parsing cost more than evaluating. A parse result is never mutated (the evaluator
 * and the checks only read it), so one can be shared. Bounded, so a long-lived process (the
 * language server, `fdl serve`) running many flows keeps at most MAX_ENTRIES results and
 * MAX_CHARS characters of text; the oldest go first.
 */
import type { SmExpression } from './ast';
import type { SmParseResult } from './errors';
import { parseSmExpression } from './parse';

const MAX_ENTRIES = 4096;
const MAX_CHARS = 1 << 20;

const parsed = new Map<string, SmParseResult<SmExpression>>();
let chars = 0;

/** parseSmExpression(text), remembered: the same result object for the same text while it is held. */
export function parseSmExpressionCached(text: string): SmParseResult<SmExpression> {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const result = parseSmExpression(text);
  // Longer than the whole budget: parsed each time rather than evicting everything else.
  if (text.length > MAX_CHARS) return result;
  for (const oldest of parsed.keys()) {
    if (parsed.size < MAX_ENTRIES && chars + text.length <= MAX_CHARS) break;
    parsed.delete(oldest);
    chars -= oldest.length;
  }
  parsed.set(text, result);
  chars += text.length;
  return result;
}
