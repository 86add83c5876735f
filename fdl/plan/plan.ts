/**
 * The executable plan both dialects compile to (ARCHITECTURE.md "Two dialects, one core"): scopes
 * of states with explicit transitions. A classic sequence is a scope whose states fall through to
 * the next one (a goto is a transition chosen at run time); a StateMachine scope starts at its
 * `StartAt` and follows each state's `Next` until a state with `End`. Each state carries its kind
 * and its dialect's own model, which the dialect's data functions and state runners read (the
 * engine's `engine/run/dialects/`). Pure data: the engine interprets it, the client may draw it.
 */

/** What a state does, whatever its dialect calls it (classic `foreach` is `map`). */
export type StateKind = 'task' | 'pass' | 'wait' | 'choice' | 'parallel' | 'map' | 'succeed' | 'fail';

export type PlanDialect = 'classic' | 'statemachine';

export interface PlanState<M = unknown> {
  name: string;
  kind: StateKind;
  /** The state's index in its scope. */
  index: number;
  /**
   * The state that follows when this one ends without choosing (classic: the next step unless
   * `end: true`; StateMachine: its `Next`). Undefined: the scope ends after it.
   */
  next?: number;
  /** The dialect's model of the state (classic `Step`, StateMachine `SmPlanModel`). */
  model: M;
}

export interface PlanScope<M = unknown> {
  dialect: PlanDialect;
  states: PlanState<M>[];
  /** Index of the first state (classic: 0; StateMachine: `StartAt`); undefined for an empty scope. */
  start?: number;
  /** A state's index by name: where a goto, a Choice branch or a Catch's `Next` leads. */
  byName: ReadonlyMap<string, number>;
}

/** Builds a scope's name index (the first state of a name wins, as the analysis reports duplicates). */
export function nameIndex(states: readonly { name: string }[]): Map<string, number> {
  const m = new Map<string, number>();
  states.forEach((s, i) => {
    if (!m.has(s.name)) m.set(s.name, i);
  });
  return m;
}
