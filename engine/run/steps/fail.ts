/**
 * fail: ends the execution as failed with the step's `error` and `cause` (both optional; empty
 * when absent, as the published flows without them expect). It is not a catchable step error:
 * SPEC.md says it ends the execution, from anywhere.
 */
import type { FailStep } from '../../../fdl/model';
import { ExecutionEnd } from '../../errors';
import type { StepRunner } from '../run-context';

export const runFail: StepRunner<FailStep> = (step, _input, sr) => {
  const error = step.error?.value ?? '';
  const cause = step.cause?.value ?? '';
  sr.run.journal.recordAt('StepFailed', sr.key, { error, cause }, step.name, sr.startedEventId);
  throw new ExecutionEnd('fail', error, cause);
};
