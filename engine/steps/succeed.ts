/**
 * succeed: ends the execution successfully from anywhere (SPEC.md). Its own output still joins
 * its parent's local first (it is an ordinary step until it ends the run); see execution-run.ts
 * for how the execution output is formed when it is nested.
 */
import type { SucceedStep } from '../../fdl/model';
import type { StepRunner } from '../run-context';

export const runSucceed: StepRunner<SucceedStep> = () => ({ local: {} });
