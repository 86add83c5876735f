/**
 * foreach: `iterationMapping.collection` (`$.x`, an array in the step input) drives one iteration
 * per element; each iteration's input is the step input plus `item` (the element) and, when
 * given, `index` (its position). Iterations run concurrently, at most `maxConcurrency` at once
 * (the service caps concurrency at 100, which is also our default). The step's $local is the
 * array of iteration locals in collection order; default output is empty.
 */
import type { ForeachStep } from '../../../fdl/model';
import type { PlanScope } from '../../../fdl/plan/plan';
import { iterationInput, readInputReference, stepDataBytes } from '../data-mapping';
import { StepFailure } from '../../errors';
import { andThen } from '../maybe-async';
import type { StepRun, StepRunner } from '../run-context';
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
  const limit = Math.max(1, Math.min(step.maxConcurrency?.value ?? FOREACH_MAX_CONCURRENCY, FOREACH_MAX_CONCURRENCY));
  const visit = new ForeachVisit(step, input, sr, collection);
  return andThen(
    runConcurrently(collection.length, limit, sr.signal, (i, signal) => visit.iteration(i, signal)),
    (local) => ({ local }),
  );
};

/**
 * What every iteration of one foreach visit shares, worked out once per visit (the body's plan,
 * the member names, the step input's size), and one iteration's run as a method: no closures
 * per iteration.
 */
class ForeachVisit {
  private readonly body: PlanScope;
  private readonly item: string;
  private readonly indexKey: string | undefined;
  private readonly inputBytes: number;

  constructor(
    private readonly step: ForeachStep,
    private readonly input: JsonObject,
    private readonly sr: StepRun,
    private readonly collection: unknown[],
  ) {
    this.body = classicPlan(step.body);
    this.item = step.iterationMapping?.item?.value ?? 'item';
    this.indexKey = step.iterationMapping?.index?.value || undefined;
    this.inputBytes = collection.length > 0 ? stepDataBytes(input) : 0;
  }

  iteration(i: number, signal: AbortSignal): JsonObject | Promise<JsonObject> {
    const { sr, step } = this;
    const key = `${sr.attemptKey}/i${i}`;
    const input = iterationInput(this.input, this.inputBytes, this.item, this.collection[i], this.indexKey, i);
    const entered = sr.run.journal.recordAt('IterationEntered', key, { index: i, input }, step.name, sr.startedEventId);
    const local = sr.runScope(this.body, input, key, signal, entered.eventId);
    return local instanceof Promise ? local.then((l) => this.exited(key, i, l, entered.eventId)) : this.exited(key, i, local, entered.eventId);
  }

  private exited(key: string, i: number, local: JsonObject, enteredEventId: number): JsonObject {
    this.sr.run.journal.recordAt('IterationExited', key, { index: i, local }, this.step.name, enteredEventId);
    return local;
  }
}
