/**
 * What a dialect supplies to the one interpreter (scheduler.ts): its history event names, how a
 * state's input is built from what its scope carries, how its output is built and carried on,
 * its retry and catch rules in one shape, and a runner per state kind. Classic: mappings and
 * `$local` merging (classic.ts); StateMachine: constructors, each state's output the next one's
 * input (statemachine.ts). Everything else (visits, keys, replay, retry timers, tokens, patterns,
 * invokers) is the scheduler's and the same for both.
 */
import type { Catch, Retry } from '../../../fdl/model';
import type { PlanState, StateKind } from '../../../fdl/plan/plan';
import type { JsonObject } from '../../history/events';
import type { StepFailure } from '../../errors';
import type { RunContext, StepRunner } from '../run-context';

/** The visit a dialect's data functions read: the state, what its scope handed it, its input once built. */
export interface VisitData {
  readonly state: PlanState;
  /** The input of the scope the state is in. */
  readonly scopeInput: JsonObject;
  /** What the scope carries to this state (classic: its `$local`; StateMachine: the previous state's output). */
  readonly carry: JsonObject;
  /** The state's input (set once built). */
  readonly input: JsonObject;
  /** The attempt the state's runner last made (1 + its retries so far). */
  readonly attempts: number;
  readonly run: RunContext;
  /** The task token of the visit's first attempt, if the state has one. */
  readonly token?: string;
  /** The classic `$context` of this visit with that task token (classic mappings read it). */
  contextFor(token?: string): unknown;
}

/** A catch rule: the errors it matches, where it leads, and (StateMachine) the data it hands on. */
export interface PlanCatch extends Catch {
  outputConstructor?: unknown;
}

export interface DialectRuntime {
  readonly events: {
    entered: 'StepEntered' | 'StateEntered';
    started: 'StepStarted' | 'StateStarted';
    succeeded: 'StepSucceeded' | 'StateSucceeded';
    failed: 'StepFailed' | 'StateFailed';
    /** StateMachine: a visit whose task's own timeout fired ends with StateTimedOut instead of failed. */
    timedOut?: 'StateTimedOut';
    /** StateMachine: a visit cut short from outside (its scope aborted) ends with StateAborted. */
    aborted?: 'StateAborted';
    /** Classic records StepExited with the scope's new local; StateMachine has no exit event. */
    exited?: 'StepExited';
  };
  /** What a scope carries to its first state. */
  initialCarry(scopeInput: JsonObject): JsonObject;
  /** The entered event's detail. */
  enteredDetail(scopeInput: JsonObject, carry: JsonObject): JsonObject;
  /** Whether the state's visit issues a task token before its input is built. */
  needsToken(state: PlanState): boolean;
  /** What a catch reads as the state's input when its input could not be built. */
  unbuiltInput(scopeInput: JsonObject, carry: JsonObject): JsonObject;
  /** The state's input; a StepFailure fails the state (its catch applies). */
  input(v: VisitData, token: string | undefined): JsonObject;
  /** The state's output from its runner's result; then checked against the dialect's size limit. */
  output(v: VisitData, result: unknown): JsonObject;
  checkSize(v: VisitData, output: JsonObject, result: unknown): void;
  /**
   * Replayed: what the scope carried to the state, from its recorded entered event. For a dialect
   * whose data functions are not all deterministic (StateMachine's uuid(), randomInt()); classic
   * recomputes it.
   */
  recordedCarry?(enteredDetail: JsonObject, computed: JsonObject): JsonObject;
  /** What the scope carries on after the state. */
  carryAfter(carry: JsonObject, output: JsonObject): JsonObject;
  retries(state: PlanState): readonly Retry[];
  catches(state: PlanState): readonly PlanCatch[];
  /** The data a matching catch hands on (classic: errorMappings merged into `$local`; StateMachine: the next state's input). */
  caught(v: VisitData, rule: PlanCatch, e: StepFailure): JsonObject;
  runners: Record<StateKind, StepRunner<never>>;
}
