/**
 * parallel: every branch runs concurrently on the step input; the step's $local is the array of
 * branch outputs in branch order (a branch's output is its local: a branch has no mappings of its
 * own). Default output is empty. A failing branch aborts the others and fails the step (then the
 * step's retry/catch apply).
 */
import type { ParallelStep } from '../../../fdl/model';
import { andThen } from '../maybe-async';
import type { StepRunner } from '../run-context';
import { classicPlan } from '../../../fdl/plan/classic';
import { runConcurrently } from './concurrent';

export const runParallel: StepRunner<ParallelStep> = (step, input, sr) => {
  const { journal } = sr.run;
  const outputs = runConcurrently(step.branches.length, step.branches.length, sr.signal, (i, signal) => {
    const key = `${sr.attemptKey}/b${i}`;
    const entered = journal.recordAt('BranchEntered', key, { index: i }, step.name, sr.startedEventId);
    return andThen(sr.runScope(classicPlan(step.branches[i].scope), input, key, signal, entered.eventId), (local) => {
      journal.recordAt('BranchExited', key, { index: i, output: local }, step.name, entered.eventId);
      return local;
    });
  });
  return andThen(outputs, (local) => ({ local }));
};
