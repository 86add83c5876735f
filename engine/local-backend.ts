/**
 * The embedded engine behind the Backend interface. Executions run in this process; their
 * histories live in an ExecutionStore (one append-only log, group commit: see store/execution-store.ts
 * and SEMANTICS.md "Durability" for what is written and fsync'ed when).
 * `open()` resumes every execution that had not finished (see run/execution-run.ts for what replay
 * guarantees). The client's views and the local FnF-compatible HTTP API use this class.
 */
import type { FdlDiagnostic } from '../fdl/diagnostic';
import type { Backend, ExecutionSummary, HistoryEvent, StartExecutionRequest } from './backend';
import { isoTime, systemClock, type Clock } from './clock';
import { clockAhead, engineClock } from './virtual-clock';
import { isJsonObject } from './run/data-mapping';
import { FnfApiError } from './errors';
import { ExecutionRun } from './run/execution-run';
import { FlowCache } from './run/flow-cache';
import type { FlowPlan } from './run/flow-plan';
import { fileFlowResolver, type FlowResolver } from './flow-resolver';
import { isEngineEvent, type AnyStoredEvent, type JsonObject, type StoredEvent } from './history/events';
import { isTerminal, type ExecutionState } from './history/fold';
import type { TaskInvocation, TaskInvoker, TaskOutcome } from './invoker';
import type { ChildFlows, ChildOutcome } from './run/run-context';
import { ExecutionStore, NAME_PATTERN } from './store/execution-store';
import type { HistoryStore, StoreDamage } from './store/history-store';
import { MemoryStore } from './store/memory-store';
import { reportRefusal, TaskTokenRegistry, type CallbackReport } from './task-tokens';
import { engineLocale, engineText } from './messages';
import { checkJsonValue, jsonLimitText, parseJsonWithinLimits } from './json-limits';
import { jsonText } from './history/json-text';
import { maxEventsFrom } from './run/patterns/event-limit';
import { expressRefusals } from './run/patterns/express-mode';
import { parseFlow } from '../fdl/parse';
import type { VisitHooks } from './debug/visit-hooks';

export interface LocalBackendOptions {
  /** Directory of the durable store (default chosen by the caller: `<workspace>/.fdl/executions`). */
  storeDir?: string;
  /**
   * Where histories go instead of a durable store under `storeDir`: e.g. a MemoryStore for runs
   * that need no persistence (`fdl test`). One of `storeDir` and `store` is required.
   */
  store?: HistoryStore;
  /** Tried in order; the first whose canInvoke says yes runs a task. */
  invokers?: TaskInvoker[];
  /**
   * Real time per flow time for waits, retry intervals, timeouts and mock delays: 1 = real time
   * (default), 0.01 = a hundred times faster, 0 = time skips ahead whenever nothing else can run
   * (virtual-clock.ts).
   */
  timeScale?: number;
  /** The base clock the time scale applies to (default the system clock; tests pass a FakeClock). */
  clock?: Clock;
  /** Finds nested flows by name; default: `<name>.flow.yaml|yml` next to the parent, then `flowsDirs`. */
  flowResolver?: FlowResolver;
  flowsDirs?: string[];
  /**
   * The most events one execution may have (run/patterns/event-limit.ts): the service's default
   * 5,000 unless given; 0 lifts the limit.
   */
  maxEventsPerExecution?: number;
  /** Task log lines (function output, retries, invoker notes). */
  onLog?: (flowName: string, executionName: string, stepName: string, line: string) => void;
}

/** Thrown by startExecution when the flow has error diagnostics; carries them. */
export class FlowInvalidError extends FnfApiError {
  constructor(readonly diagnostics: FdlDiagnostic[]) {
    super(
      'InvalidDefinition',
      engineText(
        'invalidFlow',
        diagnostics.length,
        diagnostics
          .map((d) => d.message)
          .slice(0, 3)
          .join('; '),
      ),
    );
  }
}

/** Thrown by startExecution in Express mode when the flow uses what Express cannot run; located in the flow's text. */
export class ExpressRefusedError extends FlowInvalidError {}

type Listener = (flowName: string, executionName: string, event: HistoryEvent) => void;

/** A clock of an execution's own and the time scale it runs at. */
interface OwnClock {
  scale: number;
  clock: Clock;
}

export class LocalBackend implements Backend {
  readonly kind = 'local' as const;
  readonly store: HistoryStore;
  readonly tokens = new TaskTokenRegistry();
  private readonly runs = new Map<string, ExecutionRun>();
  private readonly listeners = new Set<Listener>();
  /** The engine's clock: every execution's waits, timeouts and event times, and the mocks' delays (but those of an execution started at a time scale of its own). */
  readonly clock: Clock;
  private readonly baseClock: Clock;
  /** The clocks of executions running at a time scale of their own (a debug launch's), shared with their children, by execution. */
  private readonly ownClocks = new Map<string, OwnClock>();
  private readonly resolver: FlowResolver;
  private readonly flows = new FlowCache();
  private runInvokers?: TaskInvoker[];
  private children?: ChildFlows;
  /** The debugger of each execution running under one (a child flow runs under its parent's). */
  private readonly debuggers = new Map<string, VisitHooks>();
  private seq = 0;
  /** Tokens a read-only execution (store readOnly: a newer version's) waits on, to why a report is refused. */
  private readonly readOnlyTokens = new Map<string, string>();

  constructor(private readonly options: LocalBackendOptions) {
    if (!options.store && options.storeDir === undefined) throw new Error('LocalBackend needs a storeDir or a store');
    this.store = options.store ?? new ExecutionStore(options.storeDir!);
    // The store ended an execution whose event it could not store: nothing more of it is recorded, so it runs no further.
    this.store.onEnded = (flowName, executionName) => this.runs.get(`${flowName}/${executionName}`)?.suspend();
    this.baseClock = options.clock ?? systemClock;
    this.clock = engineClock(options.timeScale ?? 1, this.baseClock);
    this.resolver = options.flowResolver ?? fileFlowResolver(options.flowsDirs);
  }

  /**
   * Damaged lines the store found in its log when it was opened (each kept aside in quarantine);
   * the executions they may have touched are shown failed and not resumed. Empty when all is well.
   */
  get storeDamage(): readonly StoreDamage[] {
    return this.store.damage ?? [];
  }

  /** Adds invokers after construction (e.g. a mock invoker that reports through this backend). */
  addInvoker(invoker: TaskInvoker, first = false): void {
    const list = (this.options.invokers ??= []);
    if (first) list.unshift(invoker);
    else list.push(invoker);
    this.runInvokers = undefined;
  }

  /** The event limit of executions launched from now on (a changed setting); running ones keep theirs. */
  setMaxEventsPerExecution(max: number | undefined): void {
    this.options.maxEventsPerExecution = max;
  }

  /**
   * Loads the tokens every stored execution issued, the callback reports stored before their step
   * waited, and resumes the executions that had not finished (all of them, or those `resume`
   * accepts: a one-off `fdl run` resumes none, so an old execution never runs with invokers meant
   * for another flow).
   */
  async open(options: { resume?: (e: { flowName: string; executionName: string }) => boolean } = {}): Promise<{ resumed: { flowName: string; executionName: string }[] }> {
    // Before anything runs: the only moment a rewrite of the log is safe (log-compaction.ts).
    this.store.compactIfWorthIt?.();
    for (const t of this.store.finishedTokensAtOpen) this.tokens.finish(t);
    const unfinished: ExecutionState[] = [];
    for (const { flowName, name, status } of this.store.listNames()) {
      if (isTerminal(status)) continue;
      const state = this.store.describe(flowName, name);
      if (!state) continue;
      // Written by a newer version: never resumed, and its callbacks are refused saying why.
      const readOnly = this.store.readOnly?.(flowName, name);
      if (readOnly !== undefined) {
        for (const t of state.pendingCallbacks.keys()) this.readOnlyTokens.set(t, readOnly);
        continue;
      }
      for (const t of state.finishedTokens) this.tokens.finish(t);
      for (const t of state.pendingCallbacks.keys()) this.tokens.issue(t);
      unfinished.push(state);
    }
    // Reports accepted (and stored) while their step was not yet waiting: held again until it waits.
    for (const r of this.store.storedReports.values()) {
      if (!unfinished.some((s) => s.pendingCallbacks.has(r.token))) continue;
      try {
        this.tokens.report(r.token, r);
      } catch {
        /* answered meanwhile */
      }
    }
    const resumed: { flowName: string; executionName: string }[] = [];
    // Parents before their children (a child starts after its parent), so a child finds its parent's clock.
    unfinished.sort(byStartedTime);
    for (const state of unfinished) {
      const ref = { flowName: state.flowName, executionName: state.executionName };
      if (this.runs.has(`${ref.flowName}/${ref.executionName}`) || !(options.resume?.(ref) ?? true)) continue;
      this.launch(state.flowName, state.executionName, this.flows.get(state.flowDefinition).flow, this.store.readHistory(ref.flowName, ref.executionName));
      resumed.push(ref);
    }
    return { resumed };
  }

  /**
   * Parses and analyses a definition once and keeps it for the executions that use it (what the
   * service does at CreateFlow / UpdateFlow); returns its error diagnostics. Optional: a start
   * does the same for a definition it has not seen.
   */
  loadFlow(definition: string): FdlDiagnostic[] {
    return this.flows.get(definition).errors;
  }

  /**
   * `debug`: the execution runs under a debugger (engine/debug/), which may pause its states.
   * `timeScale`: the execution (and the child flows it starts) runs on a clock of its own at this
   * scale instead of the engine's, recorded with it so a restart resumes it at that scale.
   */
  startExecution(req: StartExecutionRequest, options?: { debug?: VisitHooks; timeScale?: number }): Promise<ExecutionSummary> {
    let summary: ExecutionSummary;
    try {
      summary = this.start(req, options);
    } catch (e) {
      return Promise.reject(e);
    }
    // Acknowledged only once ExecutionStarted is written (it survives a kill of this process). A
    // store that writes nothing has nothing to wait for: no await (a start of an in-memory run
    // costs no async function, no promise but the one returned).
    return this.store instanceof MemoryStore ? Promise.resolve(summary) : this.store.whenWritten().then(() => summary);
  }

  private start(req: StartExecutionRequest, options: { debug?: VisitHooks; timeScale?: number } | undefined): ExecutionSummary {
    const timeScale = options?.timeScale;
    if (timeScale !== undefined && !isTimeScale(timeScale)) throw new FnfApiError('InvalidArgument', engineText('badTimeScale', String(timeScale)));
    const definition = req.definition;
    if (definition === undefined) throw new FnfApiError('InvalidArgument', engineText('needsDefinition'));
    if (!NAME_PATTERN.test(req.flowName)) throw new FnfApiError('InvalidArgument', engineText('badFlowName', req.flowName));
    const executionName = req.executionName ?? this.newExecutionName();
    if (!NAME_PATTERN.test(executionName)) throw new FnfApiError('InvalidArgument', engineText('badExecutionName', executionName));
    if (this.store.exists(req.flowName, executionName)) throw new FnfApiError('ExecutionAlreadyExists', engineText('executionExists', executionName, req.flowName));
    const input = parseInput(req.input);
    const { flow, errors } = this.flows.get(definition);
    if (errors.length) throw new FlowInvalidError(errors);
    const express = req.executionMode === 'Express';
    if (express) {
      const refused = expressRefusals(parseFlow(definition, engineLocale()), engineLocale());
      if (refused.length) throw new ExpressRefusedError(refused);
    }
    return this.begin(req.flowName, executionName, definition, flow, input, req.flowPath, undefined, express, options?.debug, timeScale);
  }

  private begin(
    flowName: string,
    executionName: string,
    definition: string,
    flow: FlowPlan,
    input: JsonObject,
    flowPath?: string,
    parent?: { flowName: string; executionName: string },
    express = false,
    debug?: VisitHooks,
    timeScale?: number,
  ): ExecutionSummary {
    const own = this.ownClockOf(flowName, executionName, timeScale, parent);
    const time = isoTime((own?.clock ?? this.clock).now());
    // Optional members set after (same order as the literal's spreads were): no object per absent one.
    const detail: StoredEvent<'ExecutionStarted'>['detail'] = { input, flowName, executionName, flowDefinition: definition };
    if (flowPath) detail.flowPath = flowPath;
    if (parent) detail.parent = parent;
    if (express) detail.executionMode = 'Express';
    if (own) detail.timeScale = own.scale;
    const started: AnyStoredEvent = { eventId: 1, type: 'ExecutionStarted', time, key: '$|ExecutionStarted', detail };
    this.store.append(flowName, executionName, started);
    this.launch(flowName, executionName, flow, [started], debug, true, own);
    return { flowName, name: executionName, status: 'Running', startedTime: time, input: jsonText(input) };
  }

  /** `fresh`: just begun here, on `freshOwn` (its history is read off that clock now: no lead to add). */
  private launch(flowName: string, executionName: string, flow: FlowPlan, history: AnyStoredEvent[], debug?: VisitHooks, fresh = false, freshOwn?: OwnClock): void {
    const started = (history[0] as StoredEvent<'ExecutionStarted'>).detail;
    const own = fresh ? freshOwn : this.ownClockOf(flowName, executionName, started.timeScale, started.parent);
    const clock = own?.clock ?? this.clock;
    const run = new ExecutionRun(flow, history, this.store.appender(flowName, executionName), {
      clock: fresh ? clock : this.clockFor(history, clock),
      tokens: this.tokens,
      invokers: this.invokersForRuns(),
      children: this.childFlows(),
      log: this.options.onLog ? (stepName, line) => this.options.onLog?.(flowName, executionName, stepName, line) : noLog,
      maxEvents: maxEventsFrom(this.options.maxEventsPerExecution),
      debug,
    });
    // Ended already (nothing in it blocked): nothing to track, no promise to wait on. A debugged
    // one is told its end on a later turn, as any other.
    if (run.ranAtOnce && !debug) return this.ended(flowName, executionName);
    // Joined only for an execution that is tracked: most in-memory ones end before this line.
    const key = `${flowName}/${executionName}`;
    this.runs.set(key, run);
    if (debug) this.debuggers.set(key, debug);
    void run.done.finally(() => {
      this.runs.delete(key);
      this.debuggers.delete(key);
      debug?.executionEnded?.({ flowName, executionName });
      this.ended(flowName, executionName);
    });
  }

  private ended(flowName: string, executionName: string): void {
    if (this.ownClocks.size) this.ownClocks.delete(`${flowName}/${executionName}`);
    const after = this.store.describe(flowName, executionName);
    // Most executions issued no token: their empty set is not iterated.
    if (after && after.finishedTokens.size) for (const t of after.finishedTokens) this.tokens.finish(t);
  }

  /**
   * The clock of its own an execution runs on, if any: its parent's (a child flow and the task
   * waiting for it share one, so at scale 0 time skips only when neither can run), else a new one
   * at the scale it was started at (recorded in ExecutionStarted, so a restart keeps it). Undefined:
   * the engine's clock.
   */
  private ownClockOf(flowName: string, executionName: string, scale: number | undefined, parent: { flowName: string; executionName: string } | undefined): OwnClock | undefined {
    // Nearly every execution: on the engine's clock, with no execution on a clock of its own to share.
    if (this.ownClocks.size === 0 && scale === undefined) return undefined;
    const key = `${flowName}/${executionName}`;
    let own = this.ownClocks.get(key) ?? (parent ? this.ownClocks.get(`${parent.flowName}/${parent.executionName}`) : undefined);
    // A scale read from a damaged log that is not one: the engine's clock, rather than no resume at all.
    if (!own && isTimeScale(scale)) own = { scale, clock: engineClock(scale, this.baseClock) };
    if (own) this.ownClocks.set(key, own);
    return own;
  }

  /**
   * The clock an execution runs on (`clock`: the engine's or its own), or, for a history recorded
   * ahead of it (an earlier process skipped time: virtual time), that clock read that far ahead,
   * so the execution's events stay in order and its timers keep the time they had left.
   */
  private clockFor(history: readonly AnyStoredEvent[], clock: Clock): Clock {
    let latest = 0;
    for (const e of history) {
      const t = Date.parse(e.time);
      if (t > latest) latest = t;
    }
    const lead = latest - clock.now();
    return lead > 0 ? clockAhead(clock, lead) : clock;
  }

  /**
   * The configured invokers, each (but mocks) made to wait until the history is fsync'ed before it
   * invokes: a function, local or in Function Compute, is an effect outside this process, so its
   * TaskScheduled (and the task token it may carry) must survive even an OS crash. A mock is
   * answered inside this process and has no effect a crash could leave behind; it does not wait.
   * Each holds the clock while it runs (the execution's: the invocation carries it): real work is
   * in flight, so time may not skip past it. A dispatcher (`delegateFor`) is judged per invocation
   * by the invoker it picks, so a mock behind it is still a mock.
   */
  private invokersForRuns(): TaskInvoker[] {
    const held = async (inv: TaskInvoker, i: TaskInvocation): Promise<TaskOutcome> => {
      const release = (i.clock ?? this.clock).hold();
      try {
        await this.store.durable();
        return await inv.invoke(i);
      } finally {
        release();
      }
    };
    return (this.runInvokers ??= (this.options.invokers ?? []).map((inv) =>
      inv.name === 'mock'
        ? inv
        : {
            name: inv.name,
            canInvoke: (i) => inv.canInvoke(i),
            invoke: (i) => {
              // None picked: the dispatcher's own invoke() says why (held, as any answer from outside).
              const picked = inv.delegateFor?.(i);
              if (!picked) return held(inv, i);
              return picked.name === 'mock' ? picked.invoke(i) : held(picked, i);
            },
          },
    ));
  }

  /** One for every execution (a start names its parent), not a set of closures per execution. */
  private childFlows(): ChildFlows {
    return (this.children ??= {
      start: async ({ flowName, executionName, input, parent: p }) => {
        const { flowName: parentFlow, executionName: parentExecution } = p;
        if (!NAME_PATTERN.test(flowName)) throw new FnfApiError('FlowNotExists', engineText('flowNameInvalid', flowName), 404);
        if (this.store.exists(flowName, executionName)) return;
        const parent = this.store.describe(parentFlow, parentExecution);
        const resolved = this.resolver(flowName, { flowName: parentFlow, flowPath: p.flowPath ?? parent?.flowPath, definition: parent?.flowDefinition });
        if (!resolved) throw new FnfApiError('FlowNotExists', engineText('flowNotFound', flowName, parent?.flowPath ?? 'the parent flow'), 404);
        const { flow, errors } = this.flows.get(resolved.definition);
        if (errors.length) throw new FlowInvalidError(errors);
        // serviceParams.Input may be JSON text the parent parsed: checked like any input, its numbers too.
        const check = checkJsonValue(input, { finiteNumbers: true });
        if (!check.ok) throw new FnfApiError('InvalidArgument', jsonLimitText(engineText('valueChildInput', flowName), check));
        const debug = this.debuggers.get(`${p.flowName}/${p.executionName}`);
        if (debug && p.visitKey)
          debug.childStarted?.({
            flowName,
            executionName,
            definition: resolved.definition,
            flowPath: resolved.flowPath,
            parent: { executionName: p.executionName, visitKey: p.visitKey },
          });
        this.begin(flowName, executionName, resolved.definition, flow, input, resolved.flowPath, { flowName: p.flowName, executionName: p.executionName }, false, debug);
      },
      wait: async (flowName, executionName, signal) => {
        const state = await this.waitForExecution(flowName, executionName, signal);
        return { status: state.status as ChildOutcome['status'], output: state.output, error: state.error, cause: state.cause };
      },
    });
  }

  /** Resolves when the execution has finished and its end is written (at once if it already has). */
  waitForExecution(flowName: string, executionName: string, signal?: AbortSignal): Promise<ExecutionState> {
    // In memory, an execution that has ended (most have, by the time they are waited for) is answered without an async function.
    if (this.store instanceof MemoryStore) {
      const status = this.store.status(flowName, executionName);
      if (status !== undefined && isTerminal(status)) return Promise.resolve(this.store.describe(flowName, executionName)!);
    }
    return this.waitUntilEnded(flowName, executionName, signal);
  }

  private async waitUntilEnded(flowName: string, executionName: string, signal?: AbortSignal): Promise<ExecutionState> {
    for (;;) {
      const status = this.store.status(flowName, executionName);
      if (status === undefined) throw notFound(flowName, executionName);
      if (isTerminal(status)) {
        // Its end is written when nothing is pending: no wait (a turn of the microtask queue) then.
        if (this.store.unwritten?.() !== false) await this.store.whenWritten();
        return this.store.describe(flowName, executionName)!;
      }
      const run = this.runs.get(`${flowName}/${executionName}`);
      // Not running here (another process owns it, or it was not resumed): poll, holding the
      // clock (what it waits for happens outside this engine's time).
      const release = run ? undefined : this.clock.hold();
      const finished = run ? run.done : new Promise<void>((r) => setTimeout(r, 100)).finally(release);
      if (!signal) await finished;
      else {
        signal.throwIfAborted();
        await new Promise<void>((resolve, reject) => {
          const onAbort = () => reject(signal.reason);
          signal.addEventListener('abort', onAbort, { once: true });
          void finished.then(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          });
        });
      }
    }
  }

  async stopExecution(flowName: string, executionName: string, error = '', cause = ''): Promise<ExecutionSummary> {
    // A stop from another process's inbox file is JSON of any shape; only text is recorded.
    if (typeof error !== 'string' || typeof cause !== 'string') throw new FnfApiError('InvalidArgument', engineText('reportNotValid'));
    const status = this.store.status(flowName, executionName);
    if (status === undefined) throw notFound(flowName, executionName);
    const readOnly = this.store.readOnly?.(flowName, executionName);
    if (readOnly !== undefined) throw new FnfApiError('InvalidArgument', readOnly);
    if (isTerminal(status)) throw new FnfApiError('ExecutionAlreadyCompleted', engineText('executionFinished', executionName, status));
    const run = this.runs.get(`${flowName}/${executionName}`);
    if (!run) throw new FnfApiError('ExecutionNotRunning', engineText('executionNotHere', executionName));
    run.stop(error, cause);
    // Written before this call first yields: whoever is told "stopping" finds it on disk.
    this.store.flush();
    await run.done;
    return this.describeExecution(flowName, executionName);
  }

  async describeExecution(flowName: string, executionName: string): Promise<ExecutionSummary> {
    await this.store.whenWritten();
    const state = this.store.describe(flowName, executionName);
    if (!state) throw notFound(flowName, executionName);
    return toSummary(state);
  }

  async listExecutions(flowName?: string): Promise<ExecutionSummary[]> {
    await this.store.whenWritten();
    const out: ExecutionSummary[] = [];
    for (const n of this.store.listNames()) {
      if (flowName && n.flowName !== flowName) continue;
      const state = this.store.describe(n.flowName, n.name);
      if (state) out.push(toSummary(state));
    }
    return out.sort((a, b) => b.startedTime.localeCompare(a.startedTime));
  }

  /**
   * Deletes finished executions and their histories from the store (a local-only operation: the
   * service keeps its own executions). All or nothing: a missing one is ExecutionNotExists, one
   * that has not finished is refused (stop it first). Resolves once the deletion is written.
   */
  async deleteExecutions(refs: readonly { flowName: string; executionName: string }[]): Promise<{ deleted: number }> {
    for (const { flowName, executionName } of refs) {
      const status = this.store.status(flowName, executionName);
      if (status === undefined) throw notFound(flowName, executionName);
      const readOnly = this.store.readOnly?.(flowName, executionName);
      if (readOnly !== undefined) throw new FnfApiError('InvalidArgument', readOnly);
      if (!isTerminal(status) || this.runs.has(`${flowName}/${executionName}`)) throw new FnfApiError('InvalidArgument', engineText('deleteRunning', executionName, flowName));
    }
    let deleted = 0;
    for (const { flowName, executionName } of refs) if (this.store.delete(flowName, executionName)) deleted++;
    await this.store.whenWritten();
    return { deleted };
  }

  /**
   * Finished executions a retention rule selects, oldest first: of `flowName` (every flow if
   * absent), started before `startedBefore` (ISO 8601), except the newest `keepLatest` finished
   * ones of each flow.
   */
  finishedExecutions(filter: { flowName?: string; startedBefore?: string; keepLatest?: number } = {}): { flowName: string; executionName: string }[] {
    const byFlow = new Map<string, { flowName: string; executionName: string; startedTime: string }[]>();
    for (const n of this.store.listNames()) {
      if (!isTerminal(n.status) || (filter.flowName !== undefined && n.flowName !== filter.flowName) || this.store.readOnly?.(n.flowName, n.name) !== undefined) continue;
      let list = byFlow.get(n.flowName);
      if (!list) byFlow.set(n.flowName, (list = []));
      list.push({ flowName: n.flowName, executionName: n.name, startedTime: n.startedTime });
    }
    const before = filter.startedBefore !== undefined ? Date.parse(filter.startedBefore) : undefined;
    const out: { flowName: string; executionName: string; startedTime: string }[] = [];
    for (const list of byFlow.values()) {
      list.sort(byStartedTime);
      const candidates = filter.keepLatest !== undefined ? list.slice(0, Math.max(0, list.length - filter.keepLatest)) : list;
      for (const c of candidates) if (before === undefined || Date.parse(c.startedTime) < before) out.push(c);
    }
    out.sort(byStartedTime);
    return out.map(({ flowName, executionName }) => ({ flowName, executionName }));
  }

  /** The service's events (engine-internal timer events left out unless `all`). */
  async getExecutionHistory(flowName: string, executionName: string, options: { all?: boolean } = {}): Promise<HistoryEvent[]> {
    if (!this.store.exists(flowName, executionName)) throw notFound(flowName, executionName);
    await this.store.whenWritten();
    return this.store
      .readHistory(flowName, executionName)
      .filter((e) => options.all || !isEngineEvent(e.type))
      .map(toHistoryEvent);
  }

  /** The stored events as written (with replay keys and structured details). */
  readStoredHistory(flowName: string, executionName: string): AnyStoredEvent[] {
    return this.store.readHistory(flowName, executionName);
  }

  async reportTaskSucceeded(taskToken: string, output: string): Promise<void> {
    const read = output.trim() === '' ? { ok: true as const, value: {} } : parseJsonWithinLimits(output);
    if (!read.ok) throw new FnfApiError('InvalidArgument', read.problem === 'syntax' ? engineText('outputNotObject') : jsonLimitText(engineText('valueOutput'), read));
    const parsed = read.value;
    if (!isJsonObject(parsed)) throw new FnfApiError('InvalidArgument', engineText('outputNotObject'));
    this.report(taskToken, { kind: 'succeeded', output: parsed });
  }

  async reportTaskFailed(taskToken: string, error: string, cause: string): Promise<void> {
    if (!error) throw new FnfApiError('InvalidArgument', engineText('errorRequired'));
    this.report(taskToken, { kind: 'failed', error, cause: cause ?? '' });
  }

  /**
   * Synchronous form used by in-process reporters (mocks, the report inbox); throws FnfApiError
   * when refused. When it returns, the report is written: as the task's result event if its step
   * was waiting, else as a stored report that open() hands to the step after a restart.
   */
  report(taskToken: string, report: CallbackReport): void {
    // Checked here, not in the registry: a report stored before (open() hands it on) stays accepted.
    const refusal = reportRefusal(taskToken, report) ?? this.readOnlyTokens.get(taskToken);
    if (refusal) throw new FnfApiError('InvalidArgument', refusal);
    const waiting = this.tokens.isWaiting(taskToken);
    this.tokens.report(taskToken, report);
    if (!waiting) this.store.appendReport({ token: taskToken, ...report });
    this.store.flush();
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    // The store publishes only while someone listens: it then hands over each write's events, which
    // it otherwise keeps as compact records (history/visit-record.ts).
    this.store.onWritten ??= this.publisher;
    return () => {
      const had = this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.store.onWritten === this.publisher) this.store.onWritten = undefined;
      return had;
    };
  }

  private readonly publisher = (flowName: string, executionName: string, events: readonly AnyStoredEvent[]) => this.publish(flowName, executionName, events);

  /** Executions currently running in this process. */
  running(): { flowName: string; executionName: string }[] {
    return [...this.runs.values()].map((r) => ({ flowName: r.flowName, executionName: r.executionName }));
  }

  /**
   * Suspends the executions running here without recording an end (the next open() resumes them
   * from the store), writes and fsyncs what is buffered and releases the store's file.
   */
  close(): void {
    for (const run of this.runs.values()) run.suspend();
    this.store.close();
  }

  /** Live events go out once written: a listener never sees what a kill could still take back. */
  private publish(flowName: string, executionName: string, events: readonly AnyStoredEvent[]): void {
    if (this.listeners.size === 0) return;
    for (const e of events) {
      if (isEngineEvent(e.type)) continue;
      const he = toHistoryEvent(e);
      for (const l of this.listeners) {
        try {
          l(flowName, executionName, he);
        } catch {
          /* a listener's failure must not stop the engine */
        }
      }
    }
  }

  private newExecutionName(): string {
    const t = new Date(this.clock.now())
      .toISOString()
      .replace(/[-:T.Z]/g, '')
      .slice(0, 14);
    return `run-${t}-${process.pid.toString(36)}${(this.seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  }
}

/** Oldest first: ISO times of one format sort as text; ties keep the order they were stored in (a stable sort). */
function byStartedTime(a: { startedTime: string }, b: { startedTime: string }): number {
  return a.startedTime < b.startedTime ? -1 : a.startedTime > b.startedTime ? 1 : 0;
}

/** The task log of a backend given no onLog: one function for every execution, not a closure each. */
function noLog(): void {}

function isTimeScale(scale: unknown): scale is number {
  return typeof scale === 'number' && Number.isFinite(scale) && scale >= 0;
}

/** The StartExecution input: JSON text of an object within json-limits.ts, checked before anything is written. */
function parseInput(text: string | undefined): JsonObject {
  if (text === undefined || text.trim() === '') return {};
  const read = parseJsonWithinLimits(text);
  if (!read.ok) throw new FnfApiError('InvalidArgument', read.problem === 'syntax' ? engineText('inputNotJson', read.message) : jsonLimitText(engineText('valueInput'), read));
  if (!isJsonObject(read.value)) throw new FnfApiError('InvalidArgument', engineText('inputNotObject'));
  return read.value;
}

function notFound(flowName: string, executionName: string): FnfApiError {
  return new FnfApiError('ExecutionNotExists', engineText('executionMissing', executionName, flowName), 404);
}

export function toSummary(s: ExecutionState): ExecutionSummary {
  // Members in this order, the optional ones only when present (set one by one: a conditional spread is an object each).
  const summary: ExecutionSummary = { flowName: s.flowName, name: s.executionName, status: s.status, startedTime: s.startedTime };
  if (s.stoppedTime) summary.stoppedTime = s.stoppedTime;
  summary.input = JSON.stringify(s.input);
  if (s.output !== undefined) summary.output = JSON.stringify(s.output);
  if (s.error !== undefined) summary.error = s.error;
  if (s.cause !== undefined) summary.cause = s.cause;
  return summary;
}

/** Public form: EventDetail as JSON text, without the engine-only fields (definition, replay key). */
export function toHistoryEvent(e: AnyStoredEvent): HistoryEvent {
  let detail: unknown = e.detail;
  if (e.type === 'ExecutionStarted') detail = { input: e.detail.input };
  return {
    eventId: e.eventId,
    ...(e.scheduleEventId !== undefined ? { scheduleEventId: e.scheduleEventId } : {}),
    type: e.type,
    ...(e.stepName !== undefined ? { stepName: e.stepName } : {}),
    time: e.time,
    eventDetail: JSON.stringify(detail),
  };
}
