/**
 * parallel: every branch runs concurrently on the step input; the step's $local is the array of
 * branch outputs in branch order (a branch's output is its local: a branch has no mappings of its
 * own). Default output is empty. A failing branch aborts the others and fails the step (then the
 * step's retry/catch apply).
 */
import type { ParallelStep } from '../../../fdl/model';
import { andThen } from '../maybe-async';
import type { StepRun, StepRunner } from '../run-context';
import type { JsonObject } from '../../history/events';
import { classicPlan } from '../../../fdl/plan/classic';
import { runConcurrently } from './concurrent';

export const runParallel: StepRunner<ParallelStep> = (step, input, sr) => {
  const visit = new ParallelVisit(step, input, sr);
  return andThen(
    runConcurrently(step.branches.length, step.branches.length, sr.signal, (i, signal) => visit.branch(i, signal)),
    (local) => ({ local }),
  );
};

/** One parallel visit; a branch's run is a method, so no closures per branch. */
class ParallelVisit {
  constructor(
    private readonly step: ParallelStep,
    private readonly input: JsonObject,
    private readonly sr: StepRun,
  ) {}

  branch(i: number, signal: AbortSignal): JsonObject | Promise<JsonObject> {
    const { sr, step } = this;
    const key = `${sr.attemptKey}/b${i}`;
    const entered = sr.run.journal.recordAt('BranchEntered', key, { index: i }, step.name, sr.startedEventId);
    const local = sr.runScope(classicPlan(step.branches[i].scope), this.input, key, signal, entered.eventId);
    return local instanceof Promise ? local.then((l) => this.exited(key, i, l, entered.eventId)) : this.exited(key, i, local, entered.eventId);
  }

  private exited(key: string, i: number, output: JsonObject, enteredEventId: number): JsonObject {
    this.sr.run.journal.recordAt('BranchExited', key, { index: i, output }, this.step.name, enteredEventId);
    return output;
  }
}
