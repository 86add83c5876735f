/**
 * The analysis of a StateMachine document (`Type: StateMachine`): the checks `analyze` runs
 * instead of the classic schema and rules when dialect.ts says the document is in that format.
 */
import type { Check } from '../check';

export const STATEMACHINE_CHECKS: Check[] = [];
