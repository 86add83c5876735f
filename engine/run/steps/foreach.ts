/**
 * foreach: `iterationMapping.collection` (`$.x`, an array in the step input) drives one iteration
 * per element; each iteration's input is the step input plus `item` (the element) and, when
 * given, `index` (its position). Iterations run concurrently, at most `maxConcurrency` at once
 * (the service caps concurrency at 100, which is also our default). The step's $local is the
 * array of iteration locals in collection order; default output is empty.
 */
import type { ForeachStep } from '../../../fdl/model';
import { readInputReference } from '../data-mapping';
import { StepFailure } from '../../errors';
import { andThen } from '../maybe-async';
import type { StepRunner } from '../run-context';
import type { JsonObject } from '../../history/events';
import { classicPlan } from '../../../fdl/plan/classic';
import { runConcurrently } from './concurrent';
import { engineText } from '../../messages';

export const FOREACH_MAX_CONCURRENCY = 100;

export const runForeach: StepRunner<ForeachStep> = (step, input, sr) => {
  const mapping = step.iterationMapping;
  const collection = readInputReference(mapping?.collection?.value, input);
  if (!Array.isArray(collection)) {
    throw new StepFailure('FnF.InvalidCollection', engineText('notACollection', step.name, mapping?.collection?.value ?? '(missing)', JSON.stringify(collection) ?? 'missing'));
  }
  const item = mapping?.item?.value ?? 'item';
  const indexKey = mapping?.index?.value;
  const limit = Math.max(1, Math.min(step.maxConcurrency?.value ?? FOREACH_MAX_CONCURRENCY, FOREACH_MAX_CONCURRENCY));
  const { journal } = sr.run;
  const locals = runConcurrently(collection.length, limit, sr.signal, (i, signal) => {
    const key = `${sr.attemptKey}/i${i}`;
    const iterationInput = withMember(input, item, collection[i], indexKey, i);
    const entered = journal.recordAt('IterationEntered', key, { index: i, input: iterationInput }, step.name, sr.startedEventId);
    return andThen(sr.runScope(classicPlan(step.body), iterationInput, key, signal, entered.eventId), (local) => {
      journal.recordAt('IterationExited', key, { index: i, local }, step.name, entered.eventId);
      return local;
    });
  });
  return andThen(locals, (local) => ({ local }));
};

/**
 * `{ ...input, [item]: value, [indexKey]: index }`, with the members set on a copy: a computed
 * key after a spread, and the spread of a conditional `{}`, take V8's slow path and cost an extra
 * object per iteration. `__proto__` as a key keeps the literal (an assignment would set the prototype).
 */
function withMember(input: JsonObject, item: string, value: unknown, indexKey: string | undefined, index: number): JsonObject {
  if (item === '__proto__' || indexKey === '__proto__') return { ...input, [item]: value, ...(indexKey ? { [indexKey]: index } : {}) };
  const out: JsonObject = { ...input };
  out[item] = value;
  if (indexKey) out[indexKey] = index;
  return out;
}
