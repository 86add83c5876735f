/** What the interpreter's pieces share while one execution runs. */
import type { PlanScope } from '../../fdl/plan/plan';
import type { Clock } from '../clock';
import { EngineSignal } from './engine-signal';
import type { JsonObject } from '../history/events';
import type { MaybePromise } from './maybe-async';
import type { TaskInvoker } from '../invoker';
import type { Journal } from './journal';
import type { TaskTokenRegistry } from '../task-tokens';
import type { VisitHooks } from '../debug/visit-hooks';

export interface ChildOutcome {
  status: 'Succeeded' | 'Failed' | 'Stopped' | 'TimedOut';
  output?: JsonObject;
  error?: string;
  cause?: string;
}

/** Nested flows (`acs:fnf:::flow/<name>`) run as child executions of the same backend. */
export interface ChildFlows {
  /** Starts the child unless an execution of that name exists already (replay). */
  /** `parent.visitKey`: the key of the task visit starting it (a debugger shows the child under it). */
  start(req: {
    flowName: string;
    executionName: string;
    input: JsonObject;
    parent: { flowName: string; executionName: string; flowPath?: string; visitKey?: string };
  }): Promise<void>;
  /** Resolves when the child execution has finished. */
  wait(flowName: string, executionName: string, signal: AbortSignal): Promise<ChildOutcome>;
}

export interface RunContext {
  flowName: string;
  executionName: string;
  flowPath?: string;
  /** `$context.execution` and `$context.flow`: the same for every mapping of the run, built once. */
  contextHeads: ContextHeads;
  journal: Journal;
  clock: Clock;
  tokens: TaskTokenRegistry;
  invokers: readonly TaskInvoker[];
  children: ChildFlows;
  /** Aborted when the execution stops, times out or ends from a nested fail. */
  signal: AbortSignal;
  log(stepName: string, line: string): void;
  /** The most service events one execution may record (0: no limit): patterns/event-limit.ts. */
  maxEvents: number;
  /** Set when the execution runs under a debugger (engine/debug/): its pause points. */
  debug?: VisitHooks;
}

/**
 * `$context` as mappings see it (SEMANTICS.md "Data flow"): execution.name, execution.input,
 * flow.name, step.name, step.eventId, task.token. `execution.input` is the StartExecution input
 * before the flow's inputMappings (CloudFlow documents it as `$Context.Execution.Input`; the FDL v1
 * pages never print the whole object, and the editor's fdl/context-fields.ts offers it).
 */
export interface ContextHeads {
  execution: { name: string; input: JsonObject };
  flow: { name: string };
}

export interface ContextObject extends ContextHeads {
  step: { name: string; eventId: number };
  task?: { token: string };
}

export interface StepOutcome {
  /** The step's local: what outputMappings read as $local. */
  local: unknown;
  /** A goto chosen by the step (choice branches); resolved among the step's siblings. */
  goto?: string;
  /** A succeed ended the choice branch this step ran: its own sequence ends too (no goto). */
  returned?: boolean;
}

/** What one attempt of one step visit receives. */
export interface StepRun {
  run: RunContext;
  /** Identifies this step visit in the history (scope path + name + visit number). */
  key: string;
  /** `key` plus the attempt number: inner events of a retried step are new facts. */
  attemptKey: string;
  /** `<attemptKey>|TaskScheduled` and `<attemptKey>|TaskResult`: a task attempt's keys. */
  scheduledKey: string;
  resultKey: string;
  attempt: number;
  signal: AbortSignal;
  context: ContextObject;
  /** Task steps: the step input re-mapped with another task token (a retry gets a fresh token). */
  inputWithToken(token: string): JsonObject;
  /** A task's result a debugger set for the visit (its first attempt answers with it instead of invoking). */
  debugResult?: JsonObject;
  /** eventId of this step visit's StepStarted (what its first inner events link to). */
  startedEventId: number;
  /** Runs a nested scope of the plan (branch, iteration, choice body, Map processor): what it carries at its end (classic: its local; StateMachine: its last output), at once when none of its states blocked. */
  runScope(scope: PlanScope, input: JsonObject, scopeKey: string, signal: AbortSignal, openedBy?: number): MaybePromise<JsonObject>;
  /** runScope, saying also whether a succeed ended the sequence (a choice body passes it on). */
  runSequence(scope: PlanScope, input: JsonObject, scopeKey: string, signal: AbortSignal, openedBy?: number): MaybePromise<{ local: JsonObject; returned: boolean }>;
}

/** A runner answers synchronously when its step cannot block (pass, succeed, fail, a choice without a body). */
export type StepRunner<S = unknown> = (step: S, input: JsonObject, run: StepRun) => StepOutcome | Promise<StepOutcome>;

/** A signal aborted when `parent` is, or when it is aborted itself (engine-signal.ts: no AbortController). */
export function childSignal(parent: AbortSignal): EngineSignal {
  const child = new EngineSignal();
  if (parent.aborted) child.abort(parent.reason);
  else parent.addEventListener('abort', () => child.abort(parent.reason), { once: true });
  return child;
}
