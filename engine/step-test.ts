/**
 * Run one step alone (as Step Functions' TestState does for one state): a step or state of a flow,
 * addressed by its path, is visited once by the scheduler's own `runStep` with the dialect's own
 * data functions and runner, on a journal of its own, so what it shows is what a run would do:
 * the mapped input (classic inputMappings, StateMachine InputConstructor), a task's event and
 * parameters, the result, the output (outputMappings and the `$local` it leaves, OutputConstructor),
 * a catch and its data, and where the flow would go next. Nothing else of the flow runs:
 * - a task's result comes from a mocked result or error (through the mock invoker, so its pattern,
 *   retries and shaping apply), a mocks file, or the invokers the caller passes (local code);
 * - a parallel or map/foreach takes a mocked result (classic: the list of branch or iteration
 *   locals; StateMachine: `{Branch0: …}` / `{Items: […]}`) or runs its branches with those invokers;
 * - a classic choice picks its branch with its own runner, whose steps are then the next step
 *   rather than run (its output is shown as if they added nothing);
 * - waits and retry back-offs take no time (a clock that skips, as `--time-scale 0` does).
 * docs/step-test.md has the readings the docs leave open.
 */
import { labelledChildScopes, type ScopeRole } from '../fdl/step-kinds';
import type { Step } from '../fdl/model';
import type { PlanScope, PlanState, StateKind } from '../fdl/plan/plan';
import type { SmPlanModel } from '../fdl/plan/statemachine';
import { classicPlan } from '../fdl/plan/classic';
import { systemClock } from './clock';
import { isJsonObject } from './run/data-mapping';
import type { DialectRuntime } from './run/dialects/dialect';
import { dialectOf } from './run/dialects/index';
import { EngineSignal } from './run/engine-signal';
import { ExecutionEnd, StepFailure } from './errors';
import { FlowCache } from './run/flow-cache';
import type { HistoryEvent } from './backend';
import type { AnyStoredEvent, JsonObject, StoredEvent } from './history/events';
import { expandHistory, type HistoryEntry } from './history/visit-record';
import { TOP_SCOPE } from './history/scope-keys';
import type { TaskInvoker } from './invoker';
import { MockInvoker, type MocksFile } from './invokers/mock-invoker';
import { Journal } from './run/journal';
import { andThen } from './run/maybe-async';
import { engineMessages, engineText } from './messages';
import { formatMessage, type Locale } from '../fdl/messages';
import type { ChildFlows, RunContext, StepOutcome, StepRun, StepRunner } from './run/run-context';
import { runStep, type StepResult } from './run/scheduler';
import { TaskTokenRegistry, type CallbackReport } from './task-tokens';
import { engineClock } from './virtual-clock';

/** A refusal before anything runs: the step is not found, the input is not an object, the flow is invalid. */
export class StepTestError extends Error {
  readonly args: unknown[];
  constructor(
    readonly code: 'UnknownStep' | 'AmbiguousStep' | 'InvalidInput' | 'InvalidDefinition' | 'InvalidMock',
    readonly key: keyof typeof engineMessages,
    ...args: unknown[]
  ) {
    super(engineText(key, ...args));
    this.name = 'StepTestError';
    this.args = args;
  }

  /** The refusal in another language (the CLI's `--json` prints English, its stderr the user's language). */
  textIn(locale: Locale): string {
    return formatMessage(engineMessages[this.key], locale, ...this.args);
  }
}

export interface StepTestOptions {
  /**
   * The data the step starts from. Classic: the `$input` of its sequence (what StepEntered records
   * as `input`); StateMachine: the state's input before its InputConstructor (the previous state's output).
   */
  input: JsonObject;
  /** Classic: the `$local` of its sequence so far (StepEntered's `local`); default `{}`. */
  local?: JsonObject;
  /** A task's (or a parallel's, a map's) result, as a mocks file's `output` would give it. */
  result?: unknown;
  /** The step fails with this error instead (a task through its pattern and retries). */
  error?: { error: string; cause?: string };
  /** Mocked tasks, by step name or resource (the mocks file format). */
  mocks?: MocksFile;
  /**
   * Other invokers (local function code), tried after the mocked result and before `mocks`' catch-all;
   * or a function making them with the step's own report hook (a mock that answers a callback reports to it).
   */
  invokers?: TaskInvoker[] | ((report: (token: string, report: CallbackReport) => void) => TaskInvoker[]);
  flowName?: string;
  flowPath?: string;
  /** `$context.execution.input` / `$Context.Execution.Input`; default `input`. */
  executionInput?: JsonObject;
  /** Real milliseconds before the visit is given up (a local function that never answers); default 5 minutes. */
  timeoutMs?: number;
}

/** Where the flow goes after the step. */
export type StepTestNext =
  /** Another step: by `next`/fall-through, a goto, a choice branch or default, a catch. */
  | { kind: 'step'; name: string; path: string; via: 'next' | 'goto' | 'choice' | 'default' | 'catch' }
  /** The step's sequence ends (`end`, the last step, a succeed): the flow, a branch, an iteration or a choice branch. */
  | { kind: 'end'; scope: ScopeKind; via: 'end' | 'succeed' }
  /** The error is not caught: it goes up to the enclosing step, or fails the execution. */
  | { kind: 'error'; error: string; cause: string }
  /** The execution ends now (a fail step, data too large). */
  | { kind: 'execution-ends'; error: string; cause: string };

export type ScopeKind = 'flow' | 'branch' | 'iteration' | 'choice';

export interface StepTestResult {
  dialect: 'classic' | 'statemachine';
  /** The step's path (`Outer/1/Inner`) and name, its dialect's type word and the plan's kind. */
  path: string;
  name: string;
  type: string;
  kind: StateKind;
  status: 'succeeded' | 'caught' | 'failed';
  /** The step's input after its inputMappings / InputConstructor; absent when it could not be built. */
  mappedInput?: JsonObject;
  /** A task's invocation (its last attempt): the event, the parameters, the attempts made. */
  task?: { resource: string; pattern: string; input: JsonObject; serviceParams?: JsonObject; attempts: number };
  /** What the step's runner produced before its output was built (a task's result, a parallel's list). */
  result?: unknown;
  /** The step's output (outputMappings / OutputConstructor), or a catch's data. */
  output?: JsonObject;
  /** Classic: the sequence's `$local` after the step (its output merged in, or a catch's errorMappings). */
  local?: JsonObject;
  /** The error the step failed with (caught or not). */
  error?: { error: string; cause: string };
  /** A wait's length in seconds (flow time; nothing waited). */
  waitSeconds?: number;
  next: StepTestNext;
  /** The events the visit recorded, as a run's history would hold them. */
  events: AnyStoredEvent[];
  logs: string[];
}

/** A step found by path: its state, the scope it is in, that scope's kind and the path's spelling. */
interface Located {
  state: PlanState;
  scope: PlanScope;
  scopeKind: ScopeKind;
  /** Path of the scope (empty at the top). */
  prefix: string;
}

/** Runs `stepPath` of the flow `definition` (its text) once, alone. */
export async function testStep(definition: string, stepPath: string, options: StepTestOptions): Promise<StepTestResult> {
  const { flow, errors } = new FlowCache().get(definition);
  if (errors.length) {
    const shown = errors.slice(0, 3).map((d) => d.message);
    throw new StepTestError('InvalidDefinition', 'invalidFlow', errors.length, shown.join('; '));
  }
  const at = locateStep(flow.body, stepPath);
  checkOptions(at.state, options);
  const dialect = dialectOf(at.scope.dialect);
  // A visit record is handed over again as it grows: kept once.
  const entries: HistoryEntry[] = [];
  const logs: string[] = [];
  const clock = engineClock(0, systemClock);
  const tokens = new TaskTokenRegistry();
  const signal = new EngineSignal();
  const input = options.input;
  const run: RunContext = {
    flowName: options.flowName ?? 'flow',
    executionName: 'step-test',
    flowPath: options.flowPath,
    contextHeads: { execution: { name: 'step-test', input: options.executionInput ?? input }, flow: { name: options.flowName ?? 'flow' } },
    journal: new Journal([], (e) => void (entries[entries.length - 1] !== e && entries.push(e)), clock),
    clock,
    tokens,
    invokers: invokersFor(at.state, options, (token, report) => tokens.report(token, report)),
    children: childFlows(options),
    signal: signal as unknown as AbortSignal,
    log: (stepName, line) => logs.push(stepName ? `${stepName}: ${line}` : line),
    maxEvents: 0,
  };
  const seen: { result?: unknown; chosen?: { scope: PlanScope; key: string } } = {};
  const carry = at.scope.dialect === 'classic' ? (options.local ?? {}) : input;
  const scopeKey = `${TOP_SCOPE}${at.prefix ? `/${at.prefix}` : ''}`;
  const visit = Promise.resolve().then(() => runStep(withCapture(dialect, at.state, options, seen), at.state, input, carry, scopeKey, 1, run, signal as unknown as AbortSignal));
  // When the time limit wins, the visit's own end comes later and is not awaited.
  visit.catch(() => undefined);
  let outcome: { ok: StepResult } | { failed: StepFailure | ExecutionEnd };
  let timer: NodeJS.Timeout | undefined;
  try {
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const e = new ExecutionEnd('timeout', 'FnF.Timeout', engineText('stepTestTimeout', at.state.name, Math.round((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)));
        signal.abort(e);
        reject(e);
      }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    });
    outcome = { ok: await Promise.race([visit, limit]) };
  } catch (e) {
    if (!(e instanceof StepFailure || e instanceof ExecutionEnd)) throw e;
    outcome = { failed: e };
  } finally {
    clearTimeout(timer);
  }
  return describe(at, dialect, expandHistory(entries), logs, seen, outcome);
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

function describe(
  at: Located,
  dialect: DialectRuntime,
  events: AnyStoredEvent[],
  logs: string[],
  seen: { result?: unknown; chosen?: { scope: PlanScope; key: string } },
  outcome: { ok: StepResult } | { failed: StepFailure | ExecutionEnd },
): StepTestResult {
  const own = (type: string) => events.filter((e) => e.type === type && e.stepName === at.state.name && !e.key.includes(`/${at.state.name}#1/`));
  const last = (type: string) => own(type).at(-1);
  const started = last(dialect.events.started) as StoredEvent<'StepStarted'> | undefined;
  const succeeded = last(dialect.events.succeeded) as StoredEvent<'StepSucceeded'> | undefined;
  const failed = last(dialect.events.failed) as StoredEvent<'StepFailed'> | undefined;
  const exited = dialect.events.exited ? (last(dialect.events.exited) as StoredEvent<'StepExited'> | undefined) : undefined;
  const scheduled = own('TaskScheduled') as StoredEvent<'TaskScheduled'>[];
  const timer = own('TimerStarted').find((e) => (e as StoredEvent<'TimerStarted'>).detail.reason === 'wait') as StoredEvent<'TimerStarted'> | undefined;
  const s = at.state;
  const base: StepTestResult = {
    dialect: at.scope.dialect,
    path: pathOf(at),
    name: s.name,
    type: at.scope.dialect === 'classic' ? (s.model as Step).type : (s.model as SmPlanModel).type,
    kind: s.kind,
    status: 'succeeded',
    next: { kind: 'end', scope: at.scopeKind, via: 'end' },
    events,
    logs,
  };
  if (started) base.mappedInput = started.detail.input;
  const task = scheduled.at(-1);
  if (task) {
    const d = task.detail;
    base.task = { resource: d.resource, pattern: d.pattern, input: d.input, ...(d.serviceParams ? { serviceParams: d.serviceParams } : {}), attempts: scheduled.length };
  }
  if ('result' in seen) base.result = seen.result;
  if (timer) base.waitSeconds = timer.detail.seconds;
  if (failed) base.error = { error: failed.detail.error, cause: failed.detail.cause };
  if ('failed' in outcome) {
    const e = outcome.failed;
    base.status = 'failed';
    base.error = { error: e.error, cause: e.cause };
    base.next = e instanceof ExecutionEnd ? { kind: 'execution-ends', error: e.error, cause: e.cause } : { kind: 'error', error: e.error, cause: e.cause };
    return base;
  }
  const r = outcome.ok;
  if (succeeded) base.output = succeeded.detail.output;
  if (at.scope.dialect === 'classic') base.local = (exited?.detail.local as JsonObject | undefined) ?? r.local;
  else if (!succeeded) base.output = r.local; // a catch's data is the next state's input
  if (failed) base.status = 'caught';
  base.next = nextOf(at, r, failed !== undefined, seen.chosen);
  return base;
}

/** The scheduler's transition (afterState) named: a succeed, a chosen goto, `next`, else the end. */
function nextOf(at: Located, r: StepResult, caught: boolean, chosen: { scope: PlanScope; key: string } | undefined): StepTestNext {
  const { state, scope } = at;
  if (state.kind === 'succeed' || r.returned) return { kind: 'end', scope: at.scopeKind, via: 'succeed' };
  if (chosen && chosen.scope.start !== undefined) {
    const first = chosen.scope.states[chosen.scope.start];
    const label = chosen.key.endsWith('/default') ? 'default' : chosen.key.slice(chosen.key.lastIndexOf('/c') + 2);
    return { kind: 'step', name: first.name, path: `${pathOf(at)}/${label}/${first.name}`, via: label === 'default' ? 'default' : 'choice' };
  }
  if (r.goto !== undefined) {
    const j = scope.byName.get(r.goto);
    if (j === undefined) return { kind: 'execution-ends', error: 'FnF.RuntimeError', cause: engineText('gotoMissing', r.goto, state.name) };
    const via = caught ? 'catch' : state.kind !== 'choice' ? 'goto' : isDefault(state, r.goto) ? 'default' : 'choice';
    return { kind: 'step', name: r.goto, path: join(at.prefix, r.goto), via };
  }
  if (state.next === undefined) return { kind: 'end', scope: at.scopeKind, via: 'end' };
  const name = scope.states[state.next].name;
  return { kind: 'step', name, path: join(at.prefix, name), via: 'next' };
}

/** Whether a choice's goto is its default's (when no branch names the same target first). */
function isDefault(state: PlanState, goto: string): boolean {
  if (isStateMachine(state)) {
    const m = state.model as SmPlanModel;
    return m.default === goto && !m.choices.some((b) => b.next === goto);
  }
  const step = state.model as Step;
  return step.type === 'choice' && step.default?.goto?.value === goto && !step.choices.some((c) => c.goto?.value === goto);
}

/**
 * The dialect with its runners watched: each runner's result is kept (what the output is built
 * from); a parallel or map with a mocked result or error answers with it instead of running its
 * branches; a classic choice's chosen branch is noted and its steps not run.
 */
function withCapture(dialect: DialectRuntime, target: PlanState, options: StepTestOptions, seen: { result?: unknown; chosen?: { scope: PlanScope; key: string } }): DialectRuntime {
  const runners = { ...dialect.runners } as Record<StateKind, StepRunner<unknown>>;
  for (const kind of Object.keys(runners) as StateKind[]) {
    const real = runners[kind];
    runners[kind] = (model, input, sr) => {
      if (model !== target.model) return real(model, input, sr);
      const keep = (o: StepOutcome) => {
        seen.result = o.local;
        return o;
      };
      if ((kind === 'parallel' || kind === 'map') && options.error) throw new StepFailure(options.error.error, options.error.cause ?? '');
      if ((kind === 'parallel' || kind === 'map') && 'result' in options) return keep({ local: options.result });
      if (kind === 'choice' && dialect === dialectOf('classic')) return andThen(real(model, input, choiceBranchNotRun(sr, seen)), keep);
      return andThen(real(model, input, sr), keep);
    };
  }
  return { ...dialect, runners: runners as DialectRuntime['runners'] };
}

/** The choice's StepRun, whose chosen sequence is noted instead of run. */
function choiceBranchNotRun(sr: StepRun, seen: { chosen?: { scope: PlanScope; key: string } }): StepRun {
  const run = Object.create(sr) as StepRun;
  run.runSequence = (scope, _input, key) => {
    seen.chosen = { scope, key };
    return { local: {}, returned: false };
  };
  return run;
}

/** The mocked result or error for the step itself first, then the caller's invokers, then the mocks file. */
function invokersFor(
  state: PlanState,
  options: StepTestOptions,
  report: (token: string, r: { kind: 'succeeded'; output: Record<string, unknown> } | { kind: 'failed'; error: string; cause: string }) => void,
): TaskInvoker[] {
  const list: TaskInvoker[] = [];
  if (state.kind === 'task' && (options.error || 'result' in options)) {
    const entry = options.error ? { error: options.error.error, cause: options.error.cause ?? '' } : { output: options.result as JsonObject };
    list.push(new MockInvoker({ tasks: { [state.name]: [entry] } } as MocksFile, { report }));
  }
  if (options.mocks) list.push(new MockInvoker(options.mocks, { match: 'named', report }));
  const more = options.invokers;
  list.push(...(typeof more === 'function' ? more(report) : (more ?? [])));
  if (options.mocks) list.push(new MockInvoker(options.mocks, { match: 'catch-all', report }));
  return list;
}

/** A child flow task (`acs:fnf:::flow/…`) answers with the mocked result or error; it never starts a child. */
function childFlows(options: StepTestOptions): ChildFlows {
  return {
    start: async () => {},
    wait: async () => {
      if (options.error) return { status: 'Failed', error: options.error.error, cause: options.error.cause ?? '' };
      if ('result' in options && isJsonObject(options.result)) return { status: 'Succeeded', output: options.result };
      return { status: 'Failed', error: 'Local.NoInvoker', cause: engineText('stepTestNoChildResult') };
    },
  };
}

function checkOptions(state: PlanState, options: StepTestOptions): void {
  if (!isJsonObject(options.input)) throw new StepTestError('InvalidInput', 'stepTestInputNotObject', 'input', state.name, kindOf(options.input));
  if (options.local !== undefined && !isJsonObject(options.local)) throw new StepTestError('InvalidInput', 'stepTestInputNotObject', 'local', state.name, kindOf(options.local));
  const mockable = state.kind === 'task' || state.kind === 'parallel' || state.kind === 'map';
  if (!mockable && ('result' in options || options.error)) throw new StepTestError('InvalidMock', 'stepTestNoMockHere', state.name, state.kind);
  if ('result' in options && options.error) throw new StepTestError('InvalidMock', 'stepTestResultAndError', state.name);
  if (options.error && (typeof options.error.error !== 'string' || options.error.error === '')) throw new StepTestError('InvalidMock', 'stepTestErrorName', state.name);
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

// --- Paths -------------------------------------------------------------------------------------

/**
 * A step's path: the names from the flow's top down, `/` between them (`Fan/Worker`). A step
 * holding several sequences (a parallel's branches, a classic choice's branches and default) may
 * be followed by the sequence's index (`Fan/1/Worker`, `Pick/default/Log`) when the next name is
 * in more than one of them. A bare name not at the top is looked up everywhere, when it is unique.
 */
export function locateStep(body: PlanScope, stepPath: string): Located {
  const segments = stepPath
    .split('/')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (segments.length === 0) throw new StepTestError('UnknownStep', 'stepTestNoPath');
  const walked = walk(body, segments, 'flow', '');
  if (walked) return walked;
  if (segments.length === 1) {
    const found = everyStep(body, 'flow', '').filter((l) => l.state.name === segments[0]);
    if (found.length === 1) return found[0];
    if (found.length > 1) throw new StepTestError('AmbiguousStep', 'stepTestAmbiguous', segments[0], found.map(pathOf).join(', '));
  }
  const names = everyStep(body, 'flow', '').map(pathOf);
  throw new StepTestError('UnknownStep', 'stepTestUnknown', stepPath, names.slice(0, 20).join(', ') + (names.length > 20 ? ', …' : ''));
}

function walk(scope: PlanScope, segments: string[], scopeKind: ScopeKind, prefix: string): Located | undefined {
  const [name, ...rest] = segments;
  const i = scope.byName.get(name);
  if (i === undefined) return undefined;
  const here: Located = { state: scope.states[i], scope, scopeKind, prefix };
  if (rest.length === 0) return here;
  const children = nestedScopes(here.state);
  const path = pathOf(here);
  const picked = children.find((c) => c.label === rest[0]);
  if (picked) return rest.length > 1 ? walk(picked.scope, rest.slice(1), picked.kind, `${path}/${picked.label}`) : undefined;
  const matches = children.map((c) => walk(c.scope, rest, c.kind, `${path}/${c.label}`)).filter((l): l is Located => l !== undefined);
  if (matches.length > 1) throw new StepTestError('AmbiguousStep', 'stepTestAmbiguous', segments.join('/'), matches.map(pathOf).join(', '));
  return matches[0];
}

/** The kind of scope a classic step's nested sequence is, by its role. */
const SCOPE_KIND: Record<ScopeRole, ScopeKind> = { choice: 'choice', default: 'choice', branch: 'branch', body: 'iteration' };

/** The sequences a state holds, with the label a path names each by (an index, `default`), and their kind. */
function nestedScopes(state: PlanState): { label: string; scope: PlanScope; kind: ScopeKind }[] {
  if (isStateMachine(state)) {
    const m = state.model as SmPlanModel;
    if (m.processor) return [{ label: '0', scope: m.processor, kind: 'iteration' }];
    return m.branches.map((scope, i) => ({ label: String(i), scope, kind: 'branch' as const }));
  }
  const step = state.model as Step;
  return labelledChildScopes(step).map((c) => ({
    label: c.role === 'default' ? 'default' : String(c.index),
    scope: classicPlan(c.scope),
    kind: SCOPE_KIND[c.role],
  }));
}

/** A StateMachine state's model keeps the state as written (`def`); a classic step has none. */
function isStateMachine(state: PlanState): boolean {
  return typeof (state.model as Partial<SmPlanModel>).def === 'object';
}

function everyStep(scope: PlanScope, scopeKind: ScopeKind, prefix: string): Located[] {
  const out: Located[] = [];
  for (const state of scope.states) {
    const here: Located = { state, scope, scopeKind, prefix };
    out.push(here);
    for (const c of nestedScopes(state)) out.push(...everyStep(c.scope, c.kind, `${pathOf(here)}/${c.label}`));
  }
  return out;
}

function pathOf(l: Pick<Located, 'prefix' | 'state'>): string {
  return join(l.prefix, l.state.name);
}

function join(prefix: string, name: string): string {
  return prefix ? `${prefix}/${name}` : name;
}

/** Every step's path in a flow's text, for pickers (empty for a text that does not parse). */
export function stepPaths(definition: string): { path: string; name: string; kind: StateKind }[] {
  const { flow } = new FlowCache().get(definition);
  return everyStep(flow.body, 'flow', '').map((l) => ({ path: pathOf(l), name: l.state.name, kind: l.state.kind }));
}

/**
 * What a step started from in a recorded execution, to run it alone again: the data of its last
 * entered event (classic StepEntered `{input, local}`, StateEntered `{input}`) and the execution's
 * input. Undefined when the execution never reached a step of that name (the history names steps,
 * not paths: of two steps with one name in different branches, the later visit is taken).
 */
export function stepTestInputFrom(history: readonly HistoryEvent[], stepName: string): { input: JsonObject; local?: JsonObject; executionInput?: JsonObject } | undefined {
  const detail = (e: HistoryEvent | undefined): Record<string, unknown> | undefined => {
    try {
      const v = e?.eventDetail ? (JSON.parse(e.eventDetail) as unknown) : undefined;
      return isJsonObject(v) ? v : undefined;
    } catch {
      return undefined;
    }
  };
  const visits = history.filter((e) => (e.type === 'StepEntered' || e.type === 'StateEntered') && e.stepName === stepName);
  const entered = detail(visits[visits.length - 1]);
  if (!entered || !isJsonObject(entered.input)) return undefined;
  const started = detail(history.find((e) => e.type === 'ExecutionStarted'));
  return {
    input: entered.input,
    ...(isJsonObject(entered.local) ? { local: entered.local } : {}),
    ...(started && isJsonObject(started.input) ? { executionInput: started.input } : {}),
  };
}
