/** pass: shapes data with its mappings only; "this step does not generate data, its $local is empty" (docs). */
import type { PassStep } from '../../../fdl/model';
import type { StepRunner } from '../run-context';

export const runPass: StepRunner<PassStep> = () => ({ local: {} });
