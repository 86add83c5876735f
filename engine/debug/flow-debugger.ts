/**
 * A flow debugger over one execution of the embedded engine (its VisitHooks, debug/visit-hooks.ts):
 * breakpoints bound to steps by line, conditions, hit counts, logpoints, exception breakpoints;
 * pause before a step starts and after it ends (or fails); Continue, Step Over / Into / Out,
 * Pause; threads for concurrent paths; frames, variables, evaluation and edits in the paused scope.
 * Protocol-free: the Debug Adapter Protocol adapter (debug/ at the top of the project) maps requests
 * onto these methods, lines are 1-based as a person reads them.
 *
 * Readings (SEMANTICS.md "Debugging"): all-stop (when one path stops, every other path stops at
 * its next pause point; a task already running runs on); Step Over stops at the next pause point
 * of the same path or an enclosing one no deeper than here (a step's end, then the next step);
 * Step Into at the next pause point of this path, an enclosing one or one it started (the first
 * step of a branch, an iteration, a choice's steps); Step Out at the next one shallower than here
 * (the end of the enclosing step). Step Into from before a task's start also hands its invocation
 * a FunctionDebugging (functionDebugging): an invoker running the function's code here runs it
 * under a debugger the listener attaches (attachFunction).
 */
import { parseFlow } from '../../fdl/parse';
import type { PlanDialect } from '../../fdl/plan/plan';
import { findCatch } from '../run/error-handling';
import type { DataChange, DataEdit } from '../history/events';
import { checkJsonValue, jsonLimitText, parseJsonWithinLimits } from '../json-limits';
import { isJsonObject, MAX_STEP_DATA_BYTES } from '../run/data-mapping';
import { MAX_STATE_DATA_BYTES } from '../../fdl/cloudflow/statemachine-limits';
import { jsonBytes } from '../history/json-text';
import type { MaybePromise } from '../run/maybe-async';
import { debugText } from './debug-messages';
import { conditionHolds, evaluateIn, executionVariables, expressionProblem, frameVariables, interpolate, type FrameData, type NamedValue } from './flow-data';
import { scopeSegment, siteAtLine, stepSites, type StepSite } from './step-sites';
import type { FunctionDebugging, FunctionDebugTarget } from '../invoker';
import type { ChildExecution, DebugVisit, VisitEnd, VisitFailure, VisitHooks, VisitRef } from './visit-hooks';

export interface SourceBreakpoint {
  line: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export interface BoundBreakpoint {
  id: number;
  verified: boolean;
  /** The line of the step it binds to (the step's first line). */
  line: number;
  /** Why it is not verified, or the step it binds to. */
  message?: string;
}

export type StopReason = 'entry' | 'breakpoint' | 'step' | 'pause' | 'exception';

export interface DebugListener {
  stopped(e: { reason: StopReason; threadId: number; description: string; text?: string; hitBreakpointIds?: number[] }): void;
  thread(e: { reason: 'started' | 'exited'; threadId: number }): void;
  /** A logpoint's message, or a breakpoint condition that could not be evaluated. */
  output(text: string, line?: number): void;
  /**
   * Step Into reached a task's function, whose process waits for a debugger at `target`: true
   * once one is attaching. Absent when the client cannot debug a function (it then runs without).
   */
  attachFunction?(target: FunctionDebugTarget, stepName: string): Promise<boolean>;
}

export type ExceptionFilter = 'failure' | 'uncaught';

export interface DebugThread {
  id: number;
  name: string;
}

export interface DebugFrame {
  id: number;
  name: string;
  /** 1-based line of the step, 0 when unknown. */
  line: number;
  /** The flow file the step is in, when not the debugged one (a child flow's). */
  file?: string;
}

export interface DebugVariable {
  name: string;
  value: string;
  /** >0: it has children (variables(ref)). */
  ref: number;
  editable: boolean;
}

type Answer<T> = { ok: true; value: T } | { ok: false; message: string };

interface ThreadRec {
  id: number;
  name: string;
  /** The scope key of its path (`$` for the flow, `<attempt key>/b0` for a branch, `…/i3` for an iteration). */
  key: string;
  parent?: ThreadRec;
  /** The visit whose branch or iteration this path is (or the task running the child flow whose path it is); the path ends with that visit. */
  owner?: VisitRec;
  /** Set for a child flow's own path: it ends with the child execution, not with its task. */
  child?: ChildRec;
  /** The path that started this child flow, once its task has ended and the child runs on as a path of its own. */
  origin?: ThreadRec;
  current?: VisitRec;
  /** Set while the path waits at a pause point: resumes it. */
  resume?: () => void;
}

/** A child flow started under the debugged execution: where it is and which task visit started it. */
interface ChildRec {
  flowName: string;
  flowPath?: string;
  /** `<execution>|<visit key>` of the task visit that started it. */
  parentKey: string;
  siteByPath: Map<string, StepSite>;
  /** The child execution has ended. */
  ended?: boolean;
}

interface VisitRec {
  visit: DebugVisit;
  /** Set for a visit of a child flow. */
  child?: ChildRec;
  dialect: PlanDialect;
  parent?: VisitRec;
  thread: ThreadRec;
  path: string;
  depth: number;
  phase: FrameData['phase'];
  end?: VisitEnd;
  failure?: VisitFailure;
  /** Edits made while paused before the start, handed to the scheduler on resume. */
  pending?: DataEdit;
  /** Step Into from before this task's start: its function's code runs under a debugger. */
  intoFunction?: boolean;
}

interface BreakpointRec extends BoundBreakpoint {
  path?: string;
  condition?: string;
  hit?: (n: number) => boolean;
  logMessage?: string;
  hits: number;
}

type Stop = { reason: StopReason; text?: string; ids?: number[] };

type StepRequest = { kind: 'over' | 'in' | 'out'; thread: ThreadRec; depth: number };

type Handle =
  | { kind: 'frame'; rec: VisitRec }
  | { kind: 'scope'; rec: VisitRec; values: NamedValue[] }
  | { kind: 'value'; rec: VisitRec; value: unknown; root?: DataChange['variable']; path: (string | number)[] };

export class FlowDebugger implements VisitHooks {
  private readonly sites: StepSite[];
  private readonly siteByPath = new Map<string, StepSite>();
  private breakpoints: BreakpointRec[] = [];
  private exceptionFilters = new Set<ExceptionFilter>();
  /** Paths by `<execution>|<scope key>`, visits by `<execution>|<visit key>` (a child flow's keys repeat its parent's). */
  private readonly threadsByKey = new Map<string, ThreadRec>();
  private readonly active = new Map<string, VisitRec>();
  private readonly children = new Map<string, ChildRec>();
  private nextThreadId = 1;
  private nextBreakpointId = 1;
  private handles = new Map<number, Handle>();
  private nextHandle = 1;
  private stopped = false;
  private step?: StepRequest;
  private pauseRequested = false;
  private entryPending: boolean;
  private terminated = false;
  private readonly failuresSeen = new WeakSet<object>();
  private lastException?: { threadId: number; error: string; cause: string; uncaught: boolean };

  constructor(
    definition: string,
    private readonly listener: DebugListener,
    options: { stopOnEntry?: boolean; flowName?: string } = {},
  ) {
    const parsed = parseFlow(definition);
    this.dialect = parsed.dialect === 'statemachine' ? 'statemachine' : 'classic';
    this.sites = stepSites(parsed);
    for (const s of this.sites) if (!this.siteByPath.has(s.path)) this.siteByPath.set(s.path, s);
    this.entryPending = options.stopOnEntry === true;
    this.flowName = options.flowName ?? 'flow';
  }

  private readonly flowName: string;
  private readonly dialect: PlanDialect;

  // ---- breakpoints ------------------------------------------------------------------------

  /** Replaces every breakpoint of the flow file; each answer says the step it binds to, or why none. */
  setBreakpoints(list: readonly SourceBreakpoint[]): BoundBreakpoint[] {
    this.breakpoints = list.map((b) => {
      const id = this.nextBreakpointId++;
      const site = siteAtLine(this.sites, b.line - 1);
      if (!site) return { id, verified: false, line: b.line, message: debugText('lineNotInStep', b.line), hits: 0 };
      const rec: BreakpointRec = { id, verified: true, line: site.startLine + 1, message: site.name, path: site.path, hits: 0 };
      if (b.condition?.trim()) {
        const problem = expressionProblem(this.dialect, b.condition);
        if (problem) return { id, verified: false, line: rec.line, message: debugText('badCondition', b.condition, problem), hits: 0 };
        rec.condition = b.condition;
      }
      if (b.logMessage) rec.logMessage = b.logMessage;
      if (b.hitCondition?.trim()) {
        const hit = hitTest(b.hitCondition);
        if (!hit) return { id, verified: false, line: rec.line, message: debugText('badHitCondition', b.hitCondition), hits: 0 };
        rec.hit = hit;
      }
      return rec;
    });
    return this.breakpoints.map(({ id, verified, line, message }) => ({ id, verified, line, ...(message ? { message } : {}) }));
  }

  setExceptionFilters(filters: readonly string[]): void {
    this.exceptionFilters = new Set(filters.filter((f): f is ExceptionFilter => f === 'failure' || f === 'uncaught'));
  }

  // ---- the scheduler's hooks -----------------------------------------------------------------

  beforeStart(visit: DebugVisit): MaybePromise<DataEdit | undefined> {
    if (this.terminated) return undefined;
    const rec = this.enter(visit);
    const waited = this.pausePoint(rec, 'start');
    const started = () => {
      rec.phase = 'running';
      return rec.pending;
    };
    return waited ? waited.then(started) : started();
  }

  afterEnd(visit: DebugVisit, end: VisitEnd): MaybePromise<void> {
    if (this.terminated) return;
    const rec = this.active.get(visitKey(visit)) ?? this.enter(visit);
    rec.end = end;
    this.endPaths(rec);
    return this.leaveAfter(rec, this.pausePoint(rec, 'end'));
  }

  afterFailure(visit: DebugVisit, failure: VisitFailure): MaybePromise<void> {
    if (this.terminated) return;
    const rec = this.active.get(visitKey(visit)) ?? this.enter(visit);
    rec.failure = failure;
    this.endPaths(rec);
    const uncaught = !failure.caught && !this.caughtAbove(rec, failure.error);
    const seen = this.failuresSeen.has(failure.thrown);
    this.failuresSeen.add(failure.thrown);
    const stopsHere = !seen && (this.exceptionFilters.has('failure') || (uncaught && this.exceptionFilters.has('uncaught')));
    if (stopsHere) this.lastException = { threadId: rec.thread.id, error: failure.error, cause: failure.cause, uncaught };
    const exception: Stop | undefined = stopsHere ? { reason: 'exception', text: debugText('failedAt', visit.state.name, failure.error, failure.cause) } : undefined;
    return this.leaveAfter(rec, this.pausePoint(rec, 'failed', exception));
  }

  functionDebugging(ref: VisitRef, answer?: 'result-set'): FunctionDebugging | undefined {
    const rec = this.active.get(visitKey(ref));
    if (this.terminated || !rec?.intoFunction) return undefined;
    const step = rec.visit.state.name;
    if (answer === 'result-set') {
      this.listener.output(debugText('stepIntoResultSet', step));
      return undefined;
    }
    let used = false;
    return {
      attach: async (target) => {
        used = true;
        const attach = this.listener.attachFunction;
        if (!attach) {
          this.listener.output(debugText('stepIntoNoClient', step, target.functionName));
          return false;
        }
        this.listener.output(debugText('stepIntoAttaching', step, target.functionName, target.handlerFile, target.pid));
        return attach(target, step).catch(() => false);
      },
      cannot: (reason) => {
        used = true;
        this.listener.output(debugText('stepIntoCannot', step, reason));
      },
      ended: () => {
        if (!used) this.listener.output(debugText('stepIntoNoCode', step));
        used = true;
      },
    };
  }

  childStarted(child: ChildExecution): void {
    const siteByPath = new Map<string, StepSite>();
    for (const s of stepSites(parseFlow(child.definition))) if (!siteByPath.has(s.path)) siteByPath.set(s.path, s);
    this.children.set(child.executionName, { flowName: child.flowName, flowPath: child.flowPath, parentKey: `${child.parent.executionName}|${child.parent.visitKey}`, siteByPath });
  }

  /** A child flow's execution ended: its paths are over (its task may still wait, for a report). */
  executionEnded(execution: { flowName: string; executionName: string }): void {
    const child = this.children.get(execution.executionName);
    if (!child) return;
    child.ended = true;
    const prefix = `${execution.executionName}|`;
    for (const [key, t] of this.threadsByKey) {
      if (!key.startsWith(prefix)) continue;
      this.threadsByKey.delete(key);
      this.listener.thread({ reason: 'exited', threadId: t.id });
    }
  }

  // ---- controls ------------------------------------------------------------------------------

  continue(): void {
    this.step = undefined;
    this.resumeAll();
  }

  next(threadId: number): void {
    this.stepFrom('over', threadId);
  }

  /** Step Into; from before a task's start it also debugs the task's function (functionDebugging). */
  stepIn(threadId: number): void {
    const current = this.threadById(threadId)?.current;
    if (current && current.phase === 'start' && current.visit.state.kind === 'task' && this.isPausedAt(current)) current.intoFunction = true;
    this.stepFrom('in', threadId);
  }

  stepOut(threadId: number): void {
    this.stepFrom('out', threadId);
  }

  /** Pause at the next step any path reaches. */
  pause(): void {
    if (!this.stopped) this.pauseRequested = true;
  }

  /** The execution is being stopped (or has ended): every waiting path goes on, nothing pauses again. */
  terminate(): void {
    this.terminated = true;
    this.step = undefined;
    this.resumeAll();
  }

  // ---- what a paused run shows ---------------------------------------------------------------

  threads(): DebugThread[] {
    const out = [...this.threadsByKey.values()].map((t) => ({ id: t.id, name: t.name }));
    return out.length ? out : [{ id: 1, name: this.flowName }];
  }

  /** The chain of enclosing steps of a path, innermost first. */
  stackTrace(threadId: number): DebugFrame[] {
    const thread = this.threadById(threadId);
    const frames: DebugFrame[] = [];
    for (let r = thread?.current; r; r = r.parent) {
      const id = this.handle({ kind: 'frame', rec: r });
      const phase = r === thread?.current ? r.phase : 'running';
      const site = (r.child?.siteByPath ?? this.siteByPath).get(r.path);
      frames.push({
        id,
        name: `${r.visit.state.name} (${debugText(phaseKey(phase))})`,
        line: (site?.startLine ?? -1) + 1,
        ...(r.child?.flowPath ? { file: r.child.flowPath } : {}),
      });
    }
    return frames;
  }

  scopes(frameId: number): { name: string; ref: number }[] {
    const h = this.handles.get(frameId);
    if (h?.kind !== 'frame') return [];
    const f = this.frameData(h.rec);
    return [
      { name: debugText('scopeStep'), ref: this.handle({ kind: 'scope', rec: h.rec, values: frameVariables(f) }) },
      { name: debugText('scopeExecution'), ref: this.handle({ kind: 'scope', rec: h.rec, values: executionVariables(f.visit) }) },
    ];
  }

  variables(ref: number): DebugVariable[] {
    const h = this.handles.get(ref);
    if (!h || h.kind === 'frame') return [];
    const editable = (root?: DataChange['variable']) => root !== undefined && h.rec.phase === 'start' && this.isPausedAt(h.rec);
    if (h.kind === 'scope') return h.values.map((v) => this.variable(h.rec, v.name, v.value, v.edit, [], editable(v.edit)));
    const { value } = h;
    if (Array.isArray(value)) return value.map((v, i) => this.variable(h.rec, String(i), v, h.root, [...h.path, i], editable(h.root)));
    if (isJsonObject(value)) return Object.entries(value).map(([k, v]) => this.variable(h.rec, k, v, h.root, [...h.path, k], editable(h.root)));
    return [];
  }

  /** Changes a variable of the step paused before its start (setVariable): `value` is JSON text. */
  setVariable(ref: number, name: string, value: string): Answer<DebugVariable> {
    const h = this.handles.get(ref);
    if (!h || h.kind === 'frame') return { ok: false, message: debugText('unknownVariable', name) };
    let root: DataChange['variable'] | undefined;
    let path: (string | number)[];
    if (h.kind === 'scope') {
      const v = h.values.find((x) => x.name === name);
      if (!v) return { ok: false, message: debugText('unknownVariable', name) };
      root = v.edit;
      path = [];
    } else {
      root = h.root;
      path = [...h.path, Array.isArray(h.value) ? Number(name) : name];
    }
    if (!root) return { ok: false, message: debugText('notEditable', name) };
    const set = this.edit(h.rec, root, path, value);
    if (!set.ok) return set;
    return { ok: true, value: this.variable(h.rec, name, set.value, root, path, true) };
  }

  /**
   * A flow expression in a frame's scope (Watch, hover, the Debug Console); in the console,
   * `<variable path> = <JSON>` changes a variable (`$input.amount = 150`, `$Input.amount = 150`,
   * `$local.x = "y"`, `result = {"ok": true}` for the task's mocked result).
   */
  evaluate(expression: string, frameId?: number): Answer<DebugVariable> {
    const rec = this.recOfFrame(frameId);
    if (!rec) return { ok: false, message: debugText('notPaused') };
    const assignment = /^\s*(\$input|\$local|\$Input|\$|result)((?:\.[^.[\]=\s]+|\[\d+\])*)\s*=(?!=)\s*([\s\S]+)$/.exec(expression);
    if (assignment) {
      const [, rootName, pathText, json] = assignment;
      const root: DataChange['variable'] = rootName === '$local' ? 'local' : rootName === 'result' ? 'result' : 'input';
      if ((rootName === '$local' || rootName === '$input' || rootName === '$') !== (rec.dialect === 'classic') && rootName !== 'result') {
        return { ok: false, message: debugText('unknownVariable', rootName) };
      }
      const path = [...pathText.matchAll(/\.([^.[\]=\s]+)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));
      const set = this.edit(rec, root, path, json);
      if (!set.ok) return set;
      return { ok: true, value: this.variable(rec, expression.split('=')[0].trim(), set.value, root, path, true) };
    }
    const r = evaluateIn(this.frameData(rec), expression);
    if (!r.ok) return r;
    return { ok: true, value: this.variable(rec, expression, r.value, undefined, [], false) };
  }

  exceptionInfo(threadId: number): { error: string; cause: string; uncaught: boolean } | undefined {
    return this.lastException?.threadId === threadId ? this.lastException : undefined;
  }

  // ---- inside --------------------------------------------------------------------------------

  /** A visit's record: its parent visit, its path (a new thread for a branch, an iteration or a child flow). */
  private enter(visit: DebugVisit): VisitRec {
    const exec = visit.run.executionName;
    const child = this.children.get(exec);
    const scopeKey = visit.key.slice(0, visit.key.lastIndexOf(`/${visit.state.name}#`));
    const m = /^(.*?)(?:@\d+)?(\/(?:[bic]\d+|default))$/.exec(scopeKey);
    let parent = m ? this.active.get(`${exec}|${m[1]}`) : undefined;
    const threadKey = `${exec}|${scopeKey}`;
    let thread: ThreadRec;
    if (parent && m && /^\/[bi]\d+$/.test(m[2])) thread = this.threadsByKey.get(threadKey) ?? this.newThread(threadKey, parent, `${parent.visit.state.name}[${m[2].slice(2)}]`);
    else if (!m && child) {
      // A child flow's own sequence: a path of its own under the task that started it, while that task runs.
      const known = this.threadsByKey.get(threadKey);
      parent = known ? known.owner : this.active.get(child.parentKey);
      thread = known ?? this.newThread(threadKey, parent, `${parent?.visit.state.name ?? ''} › ${child.flowName}`);
      thread.child = child;
    } else thread = parent?.thread ?? this.threadsByKey.get(threadKey) ?? this.newThread(threadKey);
    const inScope = parent && m ? `${parent.path}${scopeSegment(m[2])}` : '$';
    const rec: VisitRec = {
      visit,
      child,
      dialect: visit.dialect.events.entered === 'StateEntered' ? 'statemachine' : 'classic',
      parent,
      thread,
      path: `${inScope}/${visit.state.name}`,
      depth: parent ? parent.depth + 1 : 0,
      phase: 'start',
    };
    this.active.set(visitKey(visit), rec);
    thread.current = rec;
    return rec;
  }

  private newThread(key: string, owner?: VisitRec, own?: string): ThreadRec {
    const name = owner?.thread.parent ? `${owner.thread.name} › ${own}` : (own ?? this.flowName);
    const t: ThreadRec = { id: this.nextThreadId++, name, key, parent: owner?.thread, owner };
    this.threadsByKey.set(key, t);
    this.listener.thread({ reason: 'started', threadId: t.id });
    return t;
  }

  /** A visit ended: its branches' and iterations' paths are over; a child flow it started and that runs on becomes a path of its own. */
  private endPaths(rec: VisitRec): void {
    for (const [key, t] of this.threadsByKey) {
      if (t.owner !== rec) continue;
      if (t.child && !t.child.ended) {
        this.detach(t, rec);
        continue;
      }
      this.threadsByKey.delete(key);
      this.listener.thread({ reason: 'exited', threadId: t.id });
    }
  }

  /**
   * The task that started a child flow ended while the child runs on (RequestComplete goes on once
   * the child has started; a callback may be answered before the child ends): the child's frames no
   * longer stand on the task's, and Step Out from its top returns to the path that started it.
   */
  private detach(t: ThreadRec, task: VisitRec): void {
    const shift = task.depth + 1;
    t.origin = t.parent;
    t.parent = undefined;
    t.owner = undefined;
    for (const r of this.active.values()) {
      if (!isWithin(r.thread, t)) continue;
      if (r.parent === task) r.parent = undefined;
      r.depth -= shift;
    }
    if (this.step && isWithin(this.step.thread, t)) this.step.depth -= shift;
  }

  /** After a visit's last pause, the visit is over. */
  private leaveAfter(rec: VisitRec, waited: Promise<void> | undefined): MaybePromise<void> {
    const leave = () => void this.active.delete(visitKey(rec.visit));
    if (waited) return waited.then(leave);
    leave();
  }

  /** Whether an enclosing step's Catch takes the error (it does not end the execution). */
  private caughtAbove(rec: VisitRec, error: string): boolean {
    for (let p = rec.parent; p; p = p.parent) if (findCatch(p.visit.dialect.catches(p.visit.state), error)) return true;
    return false;
  }

  /**
   * A pause point: undefined when the path runs on, else a promise settled when it is resumed.
   * A path arriving while another one is stopped waits first (all-stop) and arrives when resumed,
   * so its breakpoints are judged then, against the breakpoints of that moment.
   */
  private pausePoint(rec: VisitRec, phase: FrameData['phase'], exception?: Stop): Promise<void> | undefined {
    if (this.terminated) return undefined;
    rec.phase = phase;
    rec.thread.current = rec;
    if (this.stopped) return this.wait(rec).then(() => this.pausePoint(rec, phase, exception));
    const stop = exception ?? this.stopReason(rec, phase);
    if (!stop) return undefined;
    this.stopped = true;
    this.step = undefined;
    this.pauseRequested = false;
    this.entryPending = false;
    const waited = this.wait(rec);
    this.listener.stopped({
      reason: stop.reason,
      threadId: rec.thread.id,
      description: stop.text ?? rec.visit.state.name,
      text: stop.text,
      ...(stop.ids ? { hitBreakpointIds: stop.ids } : {}),
    });
    return waited;
  }

  /** Waits until the paths are resumed; the clock is held meanwhile, so at time scale 0 virtual time does not skip to a timeout. */
  private wait(rec: VisitRec): Promise<void> {
    const release = rec.visit.run.clock.hold();
    return new Promise<void>((resolve) => (rec.thread.resume = resolve)).finally(release);
  }

  private stopReason(rec: VisitRec, phase: FrameData['phase']): Stop | undefined {
    if (this.entryPending) return { reason: 'entry' };
    let reason: Stop | undefined;
    if (phase === 'start') {
      const ids = this.breakpointsHit(rec);
      if (ids.length) reason = { reason: 'breakpoint', ids };
    }
    if (!reason && this.step && this.stepEndsAt(this.step, rec)) reason = { reason: 'step' };
    if (!reason && this.pauseRequested) reason = { reason: 'pause' };
    return reason;
  }

  /** The breakpoints of the visit's step that stop it (a logpoint writes its message instead). */
  private breakpointsHit(rec: VisitRec): number[] {
    const ids: number[] = [];
    // Breakpoints are set in the debugged file; a child flow's steps are reached by stepping.
    if (rec.child) return ids;
    for (const bp of this.breakpoints) {
      if (!bp.verified || bp.path !== rec.path) continue;
      if (bp.condition) {
        const holds = conditionHolds(this.frameData(rec), bp.condition);
        if (!holds.ok) {
          this.listener.output(debugText('badCondition', bp.condition, holds.message), bp.line);
          ids.push(bp.id);
          continue;
        }
        if (holds.value !== true) continue;
      }
      bp.hits++;
      if (bp.hit && !bp.hit(bp.hits)) continue;
      if (bp.logMessage !== undefined) this.listener.output(interpolate(this.frameData(rec), bp.logMessage), bp.line);
      else ids.push(bp.id);
    }
    return ids;
  }

  private stepEndsAt(step: StepRequest, rec: VisitRec): boolean {
    const here = rec.thread;
    const enclosing = isWithin(step.thread, here);
    if (step.kind === 'in') return enclosing || isWithin(here, step.thread);
    if (step.kind === 'over') return enclosing && rec.depth <= step.depth;
    if (enclosing && rec.depth < step.depth) return true;
    // Out of the top of a child flow that runs on after its task: back to the path that started it.
    const origin = step.depth === 0 ? rootOf(step.thread).origin : undefined;
    return origin !== undefined && isWithin(origin, here);
  }

  private stepFrom(kind: StepRequest['kind'], threadId: number): void {
    const thread = this.threadById(threadId);
    const current = thread?.current;
    this.step = thread && current ? { kind, thread, depth: current.depth } : undefined;
    this.resumeAll();
  }

  private resumeAll(): void {
    this.stopped = false;
    this.handles = new Map();
    for (const t of this.threadsByKey.values()) {
      const resume = t.resume;
      t.resume = undefined;
      resume?.();
    }
  }

  private threadById(id: number): ThreadRec | undefined {
    for (const t of this.threadsByKey.values()) if (t.id === id) return t;
    return undefined;
  }

  private isPausedAt(rec: VisitRec): boolean {
    return rec.thread.current === rec && rec.thread.resume !== undefined;
  }

  private recOfFrame(frameId: number | undefined): VisitRec | undefined {
    if (frameId !== undefined) {
      const h = this.handles.get(frameId);
      return h?.kind === 'frame' ? h.rec : undefined;
    }
    for (const t of this.threadsByKey.values()) if (t.resume && t.current) return t.current;
    return undefined;
  }

  /** The frame's data with the edits made while paused. */
  private frameData(rec: VisitRec): FrameData {
    const p = rec.pending;
    const v = rec.visit;
    const visit: DebugVisit = p
      ? {
          state: v.state,
          dialect: v.dialect,
          key: v.key,
          run: v.run,
          enteredEventId: v.enteredEventId,
          scopeInput: v.scopeInput,
          carry: p.local ?? v.carry,
          input: p.input ?? v.input,
          token: v.token,
          debugResult: p.result ?? v.debugResult,
        }
      : v;
    return { dialect: rec.dialect, visit, phase: rec.phase, end: rec.end, failure: rec.failure };
  }

  private edit(rec: VisitRec, root: DataChange['variable'], path: (string | number)[], json: string): Answer<unknown> {
    if (rec.phase !== 'start' || !this.isPausedAt(rec)) return { ok: false, message: debugText('notEditable', root) };
    if (root === 'result' && rec.visit.state.kind !== 'task') return { ok: false, message: debugText('resultNotTask') };
    const read = parseJsonWithinLimits(json.trim());
    if (!read.ok) return { ok: false, message: debugText('notJson', read.problem === 'syntax' ? read.message : jsonLimitText(root, read)) };
    const f = this.frameData(rec);
    const before = root === 'input' ? f.visit.input : root === 'local' ? f.visit.carry : (f.visit.debugResult ?? {});
    const after = path.length ? setAt(structuredClone(before), path, read.value) : read.value;
    if (!isJsonObject(after)) return { ok: false, message: debugText('notObject', root) };
    const check = checkJsonValue(after);
    if (!check.ok) return { ok: false, message: jsonLimitText(root, check) };
    // Held to the dialect's data limit here, rather than ending the execution a moment later.
    const limit = rec.dialect === 'classic' ? MAX_STEP_DATA_BYTES : MAX_STATE_DATA_BYTES;
    const bytes = jsonBytes(after);
    if (bytes > limit) return { ok: false, message: debugText('tooLarge', root, bytes, limit) };
    const pending = (rec.pending ??= { changes: [] });
    pending.changes.push({ variable: root, path: pathText(path), value: read.value });
    pending[root] = after;
    return { ok: true, value: read.value };
  }

  private variable(rec: VisitRec, name: string, value: unknown, root: DataChange['variable'] | undefined, path: (string | number)[], editable: boolean): DebugVariable {
    const nested = (Array.isArray(value) && value.length > 0) || (isJsonObject(value) && Object.keys(value).length > 0);
    return { name, value: display(value), ref: nested ? this.handle({ kind: 'value', rec, value, root, path }) : 0, editable };
  }

  private handle(h: Handle): number {
    const id = this.nextHandle++;
    this.handles.set(id, h);
    return id;
  }
}

function visitKey(visit: VisitRef): string {
  return `${visit.run.executionName}|${visit.key}`;
}

function rootOf(t: ThreadRec): ThreadRec {
  let root = t;
  while (root.parent) root = root.parent;
  return root;
}

/** Whether path `inner` is `outer` or runs inside it (a branch or iteration it started, at any depth). */
function isWithin(inner: ThreadRec, outer: ThreadRec): boolean {
  for (let t: ThreadRec | undefined = inner; t; t = t.parent) if (t === outer) return true;
  return false;
}

function phaseKey(phase: FrameData['phase']): 'phaseStart' | 'phaseEnd' | 'phaseFailed' | 'running' {
  return phase === 'start' ? 'phaseStart' : phase === 'end' ? 'phaseEnd' : phase === 'failed' ? 'phaseFailed' : 'running';
}

/** DAP's hit condition (its form is the adapter's to choose): `5` (the 5th hit only), `>= 5`, `> 5`, `== 5`, `< 5`, `<= 5`, `% 5` (every 5th). */
function hitTest(text: string): ((n: number) => boolean) | undefined {
  const m = /^\s*(>=|<=|==|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const k = Number(m[2]);
  switch (m[1]) {
    case '>':
      return (n) => n > k;
    case '<':
      return (n) => n < k;
    case '<=':
      return (n) => n <= k;
    case '==':
      return (n) => n === k;
    case '%':
      return k > 0 ? (n) => n % k === 0 : undefined;
    case '>=':
      return (n) => n >= k;
    default:
      return (n) => n === k;
  }
}

function setAt(target: unknown, path: (string | number)[], value: unknown): unknown {
  let node = target as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]] = value;
  return target;
}

function pathText(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A value as the Variables view shows it: JSON, cut short. */
function display(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
