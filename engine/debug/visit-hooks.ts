/**
 * What a debugger sees of a run and may change in it: the scheduler (run/scheduler.ts) calls these
 * hooks at each state visit's pause points when an execution runs under a debugger. A hook
 * answers at once, or with a promise that settles when the person continues; the visit waits for
 * it. Edits come back from `beforeStart` and are recorded by the scheduler as a `DataEdited`
 * event before anything uses them, so replay makes the same edits and the history says what was
 * changed (SEMANTICS.md "Debugging").
 */
import type { PlanState } from '../../fdl/plan/plan';
import type { DataEdit, JsonObject } from '../history/events';
import type { MaybePromise } from '../run/maybe-async';
import type { Catch } from '../../fdl/model';
import type { Clock } from '../clock';
import type { FunctionDebugging } from '../invoker';

/** A state visit as a debugger reads it (the scheduler's StepVisit). */
export interface DebugVisit {
  readonly state: PlanState;
  /** The state's dialect (run/dialects/dialect.ts): its event names, its catches. */
  readonly dialect: { readonly events: { readonly entered: string }; catches(state: PlanState): readonly Catch[] };
  /** The eventId of the visit's entered event (classic `$context.step.eventId`). */
  readonly enteredEventId: number;
  /** The visit's replay key (`<scope key>/<name>#<visit>`). */
  readonly key: string;
  /** What the debugger reads of the run (run/run-context.ts RunContext; not imported, which would make a cycle). */
  readonly run: {
    readonly flowName: string;
    readonly executionName: string;
    readonly contextHeads: { execution: { name: string; input: JsonObject }; flow: { name: string } };
    readonly clock: Pick<Clock, 'hold'>;
  };
  /** The input of the scope the state is in (classic `$input`). */
  readonly scopeInput: JsonObject;
  /** What the scope carries to the state (classic `$local`; StateMachine the input before its InputConstructor). */
  readonly carry: JsonObject;
  /** The state's input, once built (classic: after inputMappings; StateMachine `$Input`). */
  readonly input: JsonObject;
  /** The visit's task token, if it has one. */
  readonly token?: string;
  /** The mocked result a debugger set for the visit's task, if any. */
  readonly debugResult?: JsonObject;
}

export interface VisitEnd {
  /** The state's output (classic: after outputMappings; StateMachine: after its OutputConstructor). */
  output: JsonObject;
  /** What the state's runner answered (a task's result; classic outputMappings' `$local`, StateMachine `$Output`). */
  result: unknown;
  /** What the scope carries on (classic `$local` after the merge). */
  local: JsonObject;
}

export interface VisitFailure {
  error: string;
  cause: string;
  /** A Catch of the state itself matches the error. */
  caught: boolean;
  /** The error as thrown: the same object when it goes up through enclosing steps (a debugger stops once for it). */
  thrown: object;
}

export interface VisitHooks {
  /** The visit's input is built and its started event not yet written: the edits made while paused, if any. */
  beforeStart(visit: DebugVisit): MaybePromise<DataEdit | undefined>;
  /** The visit succeeded and its events are written; the transition is not yet taken. */
  afterEnd(visit: DebugVisit, end: VisitEnd): MaybePromise<void>;
  /** The visit failed (its failed event written); its catch, or the error going up, comes next. */
  afterFailure(visit: DebugVisit, failure: VisitFailure): MaybePromise<void>;
  /** A task visit of a debugged execution started a child flow, which runs under the same hooks. */
  childStarted?(child: ChildExecution): void;
  /**
   * A task visit is about to invoke its function (or to answer with a result set while paused,
   * `result-set`): how to debug the function's code when a person stepped into the task, else
   * undefined.
   */
  functionDebugging?(visit: VisitRef, answer?: 'result-set'): FunctionDebugging | undefined;
  /** An execution running under these hooks (the debugged one, or a child flow of it) has ended, or stopped running here. */
  executionEnded?(execution: { flowName: string; executionName: string }): void;
}

/** Which visit: its execution and its replay key. */
export interface VisitRef {
  readonly key: string;
  readonly run: { readonly executionName: string };
}

export interface ChildExecution {
  flowName: string;
  executionName: string;
  definition: string;
  flowPath?: string;
  parent: { executionName: string; visitKey: string };
}
