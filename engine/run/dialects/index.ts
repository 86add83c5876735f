/**
 * The run-time side of each dialect, by the plan's dialect. Each is required when a flow of that
 * dialect first runs: a classic run does not evaluate the StateMachine states and CloudFlow's
 * expression language, nor a StateMachine run the classic steps (docs/cold-start.md).
 */
import type { PlanDialect } from '../../../fdl/plan/plan';
import type * as Classic from './classic';
import type { DialectRuntime } from './dialect';
import type * as StateMachine from './statemachine';

/* eslint-disable @typescript-eslint/no-require-imports -- required on first use (above) */
const LOAD: Record<PlanDialect, () => DialectRuntime> = {
  classic: () => (require('./classic') as typeof Classic).CLASSIC,
  statemachine: () => (require('./statemachine') as typeof StateMachine).STATEMACHINE,
};
/* eslint-enable @typescript-eslint/no-require-imports */

const loaded: Partial<Record<PlanDialect, DialectRuntime>> = {};

export function dialectOf(d: PlanDialect): DialectRuntime {
  return (loaded[d] ??= LOAD[d]());
}
