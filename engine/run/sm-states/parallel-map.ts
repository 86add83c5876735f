/**
 * StateMachine Parallel and inline Map. Parallel runs its branches concurrently on its input; its
 * result is `{Branch0: <output of branch 0>, Branch1: ...}` (docs "Parallel"). An inline Map runs
 * its `Processor` once per element of `ItemsPath` (an expression over `$Input` and `$Context`),
 * the element being the processor's input, at most `MaxConcurrency` (the docs also spell it
 * `MaxConcuccency`) at once, default and cap 100; its result is `{Items: [...]}` in item order
 * (docs "Inline mode"). A branch or processor returns the output of its last state. The events are
 * the classic ones (BranchEntered/Exited, IterationEntered/Exited): the docs list no others.
 */
import type { SmPlanModel } from '../../../fdl/plan/statemachine';
import { StepFailure } from '../../errors';
import { andThen } from '../maybe-async';
import { engineText } from '../../messages';
import type { StepRunner } from '../run-context';
import { runConcurrently } from '../steps/concurrent';
import { evaluate, SM_EXPRESSION_ERROR } from '../dialects/sm-data';
import { currentContext } from './flow-control';
import type { JsonObject } from '../../history/events';

export const SM_MAP_MAX_CONCURRENCY = 100;

export const runSmParallel: StepRunner<SmPlanModel> = (m, input, sr) => {
  const { journal } = sr.run;
  const outputs = runConcurrently(m.branches.length, m.branches.length, sr.signal, (i, signal) => {
    const key = `${sr.attemptKey}/b${i}`;
    const entered = journal.recordAt('BranchEntered', key, { index: i }, m.name, sr.startedEventId);
    return andThen(sr.runScope(m.branches[i], input, key, signal, entered.eventId), (output) => {
      journal.recordAt('BranchExited', key, { index: i, output }, m.name, entered.eventId);
      return output;
    });
  });
  return andThen(outputs, (list) => {
    const local: JsonObject = {};
    list.forEach((o, i) => (local[`Branch${i}`] = o));
    return { local };
  });
};

export const runSmMap: StepRunner<SmPlanModel> = (m, input, sr) => {
  const path = m.def.ItemsPath;
  const items = evaluate(m.name, 'ItemsPath', path, input, currentContext(m, input, sr));
  if (!Array.isArray(items)) throw new StepFailure(SM_EXPRESSION_ERROR, engineText('smItemsNotArray', m.name, String(path), JSON.stringify(items) ?? 'nothing'));
  const written = m.def.MaxConcurrency ?? m.def.MaxConcuccency;
  const limit = typeof written === 'number' && written >= 1 ? Math.min(Math.floor(written), SM_MAP_MAX_CONCURRENCY) : SM_MAP_MAX_CONCURRENCY;
  const { journal } = sr.run;
  const processor = m.processor!;
  const outputs = runConcurrently(items.length, limit, sr.signal, (i, signal) => {
    const key = `${sr.attemptKey}/i${i}`;
    const item = items[i] as JsonObject;
    const entered = journal.recordAt('IterationEntered', key, { index: i, input: item }, m.name, sr.startedEventId);
    return andThen(sr.runScope(processor, item, key, signal, entered.eventId), (local) => {
      journal.recordAt('IterationExited', key, { index: i, local }, m.name, entered.eventId);
      return local;
    });
  });
  return andThen(outputs, (list) => ({ local: { Items: list } }));
};
