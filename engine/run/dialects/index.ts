/** The run-time side of each dialect, by the plan's dialect. */
import type { PlanDialect } from '../../../fdl/plan/plan';
import { CLASSIC } from './classic';
import type { DialectRuntime } from './dialect';
import { STATEMACHINE } from './statemachine';

const DIALECTS: Record<PlanDialect, DialectRuntime> = { classic: CLASSIC, statemachine: STATEMACHINE };

export function dialectOf(d: PlanDialect): DialectRuntime {
  return DIALECTS[d];
}
