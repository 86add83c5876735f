/** pass: shapes data with its mappings only; "this step does not generate data, its $local is empty" (docs). */
import type { PassStep } from '../../../fdl/model';
import { EMPTY_DATA } from '../data-mapping';
import type { StepRunner } from '../run-context';

/**
 * One outcome shared by every pass visit: its empty local becomes the visit's output and stays
 * in the history, and the engine never mutates step data, so a fresh `{}` per visit would only be
 * more for the collector to copy (frozen, so a mutation would throw rather than spread).
 */
const PASS_OUTCOME = Object.freeze({ local: EMPTY_DATA });

export const runPass: StepRunner<PassStep> = () => PASS_OUTCOME;
