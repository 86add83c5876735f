/** One runner per step type. */
import type { StepType } from '../../../fdl/model';
import type { StepRunner } from '../run-context';
import { runChoice } from './choice';
import { runFail } from './fail';
import { runForeach } from './foreach';
import { runParallel } from './parallel';
import { runPass } from './pass';
import { runSucceed } from './succeed';
import { runTask } from './task';
import { runWait } from './wait';

export const STEP_RUNNERS: Record<StepType, StepRunner<never>> = {
  task: runTask,
  pass: runPass,
  wait: runWait,
  choice: runChoice,
  parallel: runParallel,
  foreach: runForeach,
  succeed: runSucceed,
  fail: runFail,
};
