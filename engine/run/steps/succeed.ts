/**
 * succeed: ends its series of steps early, "similar to return" (docs "Succeed steps"; CloudFlow:
 * "ends all states in the scope to which the Succeed state belongs", "a Pass state whose End
 * attribute is true"). Its output joins the local of its sequence like any step's; the scheduler
 * then ends that sequence and every enclosing choice body up to the nearest parallel branch,
 * foreach iteration or the flow itself, whose output is that local (scheduler.ts `afterStep`).
 * At the top level that ends the execution.
 */
import type { SucceedStep } from '../../../fdl/model';
import type { StepRunner } from '../run-context';

export const runSucceed: StepRunner<SucceedStep> = () => ({ local: {} });
