/**
 * Paths and conditions parsed once per text for all rules: a flow writes the same few sources
 * (`$input.orderId`, `$local.result`, …) in many steps, and several rules read each. A parse
 * depends on the text alone (its offsets are relative to it), so results are shared read-only.
 */
import { parseCondition } from '../expressions/condition';
import { parsePath } from '../expressions/path';

const MAX_TEXTS = 5000;
const paths = new Map<string, ReturnType<typeof parsePath>>();
const conditions = new Map<string, ReturnType<typeof parseCondition>>();

function memo<T>(cache: Map<string, T>, text: string, parse: (t: string) => T): T {
  let r = cache.get(text);
  if (r === undefined) {
    if (cache.size >= MAX_TEXTS) cache.clear();
    r = parse(text);
    cache.set(text, r);
  }
  return r;
}

export function parsedPath(text: string): ReturnType<typeof parsePath> {
  return memo(paths, text, parsePath);
}

export function parsedCondition(text: string): ReturnType<typeof parseCondition> {
  return memo(conditions, text, parseCondition);
}
