/**
 * succeed: ends its series of steps early, "similar to return" (docs "Succeed steps"; CloudFlow:
 * "ends all states in the scope to which the Succeed state belongs", "a Pass state whose End
 * attribute is true"). Its output joins the local of its sequence like any step's; the scheduler
 * then ends that sequence and every enclosing choice body up to the nearest parallel branch,
 * foreach iteration or the flow itself, whose output is that local (scheduler.ts `afterStep`).
 * At the top level that ends the execution.
 */
import type { SucceedStep } from '../../../fdl/model';
import { EMPTY_DATA } from '../data-mapping';
import type { StepRunner } from '../run-context';

/** One outcome for every succeed visit, as a pass has (steps/pass.ts). */
const SUCCEED_OUTCOME = Object.freeze({ local: EMPTY_DATA });

export const runSucceed: StepRunner<SucceedStep> = () => SUCCEED_OUTCOME;
