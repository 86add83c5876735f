/**
 * Replay of a finished execution's history in the debugger: nothing runs. The history's visits
 * (analysis/visit-tree.ts) become a timeline of stops in event order, each visit's *start* (its
 * started event) and its *end* or *failure* (its last event), and the person moves along it
 * forwards (Continue, Step Over / Into / Out) and backwards (Step Back, Reverse Continue), with
 * the stepping rules of a live run (SEMANTICS.md "Debugging") along the stopped visit's path: Over
 * stops on this path or an enclosing one, Into also in a path this one started, Out only in an
 * enclosing one; Continue anywhere. The timeline is one thread (the history's order); its call
 * stack is the stopped visit's chain of enclosing visits. Breakpoints bind as in a live run
 * (step-sites.ts) and stop at each start of their step.
 */
import { parseFlow } from '../../fdl/parse';
import type { HistoryEvent } from '../backend';
import { foldVisits, type ScopeRun, type StateVisit } from '../analysis/visit-tree';
import { isJsonObject } from '../run/data-mapping';
import { debugText } from './debug-messages';
import { siteAtLine, stepSites, type StepSite } from './step-sites';
import type { BoundBreakpoint, DebugFrame, DebugListener, DebugThread, DebugVariable, SourceBreakpoint } from './flow-debugger';

/** One place on the timeline. */
interface ReplayStop {
  visit: StateVisit;
  phase: 'start' | 'end' | 'failed';
  /** The eventId it sits at (orders the timeline). */
  eventId: number;
  path: RegExp;
}

type FramePhase = ReplayStop['phase'] | 'running';

type Handle = { kind: 'frame'; visit: StateVisit; phase: FramePhase } | { kind: 'values'; values: { name: string; value: unknown }[] } | { kind: 'value'; value: unknown };

type Move = 'continue' | 'next' | 'stepIn' | 'stepOut';

export const REPLAY_THREAD_ID = 1;

export class ReplayDebugger {
  private readonly sites: StepSite[];
  private readonly stops: ReplayStop[] = [];
  private readonly input: unknown;
  private readonly dialect: 'classic' | 'statemachine';
  private breakpoints: { id: number; site: StepSite }[] = [];
  private nextBreakpointId = 1;
  private handles = new Map<number, Handle>();
  private nextHandle = 1;
  private at = -1;

  constructor(
    definition: string,
    events: readonly HistoryEvent[],
    private readonly listener: DebugListener,
  ) {
    const parsed = parseFlow(definition);
    this.dialect = parsed.dialect === 'statemachine' ? 'statemachine' : 'classic';
    this.sites = stepSites(parsed);
    const tree = foldVisits(events);
    this.input = tree.input;
    const walk = (scope: ScopeRun) => {
      for (const visit of scope.visits) {
        const path = pathPattern(visit);
        this.stops.push({ visit, phase: 'start', eventId: visit.startedId ?? visit.id, path });
        if (visit.ended) this.stops.push({ visit, phase: visit.status === 'failed' ? 'failed' : 'end', eventId: visit.lastId, path });
        for (const child of visit.scopes) walk(child);
      }
    };
    walk(tree.top);
    // A visit's end comes after its own start even when both sit at one event (a visit with no started event).
    this.stops.sort((a, b) => a.eventId - b.eventId || (a.phase === 'start' ? 0 : 1) - (b.phase === 'start' ? 0 : 1));
  }

  /** How many stops the history gives (0: nothing to replay). */
  get length(): number {
    return this.stops.length;
  }

  /** Stops at the first step of the history. */
  start(): void {
    this.moveTo(0, 'entry', debugText('replayStart'));
  }

  /** Breakpoints bind to steps by line as in a live run; conditions, hit counts and logpoints are refused. */
  setBreakpoints(list: readonly SourceBreakpoint[]): BoundBreakpoint[] {
    this.breakpoints = [];
    return list.map((b) => {
      const id = this.nextBreakpointId++;
      const site = siteAtLine(this.sites, b.line - 1);
      if (!site) return { id, verified: false, line: b.line, message: debugText('lineNotInStep', b.line) };
      if (b.condition?.trim() || b.hitCondition?.trim() || b.logMessage) return { id, verified: false, line: site.startLine + 1, message: debugText('replayNoCondition') };
      this.breakpoints.push({ id, site });
      return { id, verified: true, line: site.startLine + 1, message: site.name };
    });
  }

  setExceptionFilters(): void {
    // Failures are stops of the timeline already.
  }

  continue(): void {
    this.forward('continue');
  }
  next(): void {
    this.forward('next');
  }
  stepIn(): void {
    this.forward('stepIn');
  }
  stepOut(): void {
    this.forward('stepOut');
  }
  pause(): void {
    // Never running: every move ends at a stop.
  }
  terminate(): void {
    this.at = -1;
  }

  /** Step Back: the previous stop of this path or an enclosing one (the mirror of Step Over). */
  stepBack(): void {
    const here = this.stops[this.at];
    if (!here) return;
    for (let i = this.at - 1; i >= 0; i--) if (encloses(this.stops[i].visit.scope, here.visit.scope)) return this.moveTo(i, 'step');
    this.moveTo(0, 'entry', debugText('replayStart'));
  }

  /** Reverse Continue: back to the previous breakpoint's step, or to the start of the history. */
  reverseContinue(): void {
    for (let i = this.at - 1; i >= 0; i--) {
      const hit = this.hits(this.stops[i]);
      if (hit.length) return this.moveTo(i, 'breakpoint', undefined, hit);
    }
    this.moveTo(0, 'entry', debugText('replayStart'));
  }

  threads(): DebugThread[] {
    return [{ id: REPLAY_THREAD_ID, name: debugText('replayThread') }];
  }

  stackTrace(): DebugFrame[] {
    const here = this.stops[this.at];
    if (!here) return [];
    this.handles = new Map();
    const frames: DebugFrame[] = [];
    let phase: FramePhase = here.phase;
    for (let v: StateVisit | undefined = here.visit; v; v = v.scope.owner) {
      const site = this.siteOf(v);
      frames.push({ id: this.handle({ kind: 'frame', visit: v, phase }), name: `${v.name} (${debugText(phaseKey(phase))})`, line: (site?.startLine ?? -1) + 1 });
      phase = 'running';
    }
    return frames;
  }

  scopes(frameId: number): { name: string; ref: number }[] {
    const h = this.handles.get(frameId);
    if (h?.kind !== 'frame') return [];
    return [
      { name: debugText('scopeStep'), ref: this.handle({ kind: 'values', values: this.frameValues(h.visit, h.phase) }) },
      { name: debugText('scopeExecution'), ref: this.handle({ kind: 'values', values: [{ name: debugText('executionInput'), value: this.input }] }) },
    ];
  }

  variables(ref: number): DebugVariable[] {
    const h = this.handles.get(ref);
    if (!h || h.kind === 'frame') return [];
    if (h.kind === 'values') return h.values.map((v) => this.variable(v.name, v.value));
    if (Array.isArray(h.value)) return h.value.map((v, i) => this.variable(String(i), v));
    if (isJsonObject(h.value)) return Object.entries(h.value).map(([k, v]) => this.variable(k, v));
    return [];
  }

  /** A variable of the frame by its name (the Debug Console, Watch): a replay evaluates no expressions. */
  evaluate(expression: string, frameId?: number): { ok: true; value: DebugVariable } | { ok: false; message: string } {
    const h = frameId !== undefined ? this.handles.get(frameId) : undefined;
    const here = this.stops[this.at];
    const frame = h?.kind === 'frame' ? h : here ? { visit: here.visit, phase: here.phase } : undefined;
    const found = frame && this.frameValues(frame.visit, frame.phase).find((v) => v.name === expression.trim());
    if (!found) return { ok: false, message: debugText('unknownVariable', expression) };
    return { ok: true, value: this.variable(found.name, found.value) };
  }

  exceptionInfo(): { error: string; cause: string; uncaught: boolean } | undefined {
    const here = this.stops[this.at];
    if (here?.phase !== 'failed') return undefined;
    return { error: here.visit.error ?? '', cause: here.visit.cause ?? '', uncaught: !here.visit.caught };
  }

  // ---- inside --------------------------------------------------------------------------------

  private forward(move: Move): void {
    const here = this.stops[this.at];
    if (!here) return;
    for (let i = this.at + 1; i < this.stops.length; i++) {
      const s = this.stops[i];
      const hit = this.hits(s);
      if (hit.length) return this.moveTo(i, 'breakpoint', undefined, hit);
      const mine = here.visit.scope;
      const theirs = s.visit.scope;
      const over = encloses(theirs, mine);
      const stops = move === 'next' ? over : move === 'stepIn' ? over || encloses(mine, theirs) : move === 'stepOut' ? over && theirs !== mine : false;
      if (stops) return this.moveTo(i, 'step');
    }
    this.moveTo(this.stops.length - 1, 'step', debugText('replayEnd'));
  }

  private hits(s: ReplayStop): number[] {
    return s.phase === 'start' ? this.breakpoints.filter((b) => s.path.test(b.site.path)).map((b) => b.id) : [];
  }

  private moveTo(i: number, reason: 'entry' | 'breakpoint' | 'step' | 'exception', text?: string, hitBreakpointIds?: number[]): void {
    this.at = i;
    const s = this.stops[i];
    const failed = s.phase === 'failed' && reason === 'step';
    // Told after the request that moved here is answered: a client takes the answer to a continue
    // as "running", so a stop announced before it would be undone.
    queueMicrotask(() =>
      this.listener.stopped({
        reason: failed ? 'exception' : reason,
        threadId: REPLAY_THREAD_ID,
        description: text ?? `${s.visit.name} (${debugText(phaseKey(s.phase))})`,
        ...(failed ? { text: s.visit.error } : {}),
        ...(hitBreakpointIds ? { hitBreakpointIds } : {}),
      }),
    );
  }

  /** The data as it was: the input before the visit started, and what it gave once it ended or failed. */
  private frameValues(visit: StateVisit, phase: FramePhase): { name: string; value: unknown }[] {
    const out: { name: string; value: unknown }[] = [{ name: this.dialect === 'classic' ? '$input' : '$Input', value: visit.input }];
    if (phase === 'end' || phase === 'failed') {
      if (visit.result !== undefined) out.push({ name: this.dialect === 'classic' ? debugText('taskResult') : '$Output', value: visit.result });
      if (phase === 'end') out.push({ name: debugText('output'), value: visit.output });
      else out.push({ name: debugText('error'), value: { error: visit.error, cause: visit.cause } });
    }
    return out;
  }

  private siteOf(visit: StateVisit): StepSite | undefined {
    const path = pathPattern(visit);
    return this.sites.find((s) => path.test(s.path));
  }

  private variable(name: string, value: unknown): DebugVariable {
    const nested = (Array.isArray(value) && value.length > 0) || (isJsonObject(value) && Object.keys(value).length > 0);
    const text = value === undefined ? 'undefined' : JSON.stringify(value);
    return { name, value: text.length > 200 ? `${text.slice(0, 199)}…` : text, ref: nested ? this.handle({ kind: 'value', value }) : 0, editable: false };
  }

  private handle(h: Handle): number {
    const id = this.nextHandle++;
    this.handles.set(id, h);
    return id;
  }
}

/** Whether scope `outer` is `inner` or holds it (at any depth). */
function encloses(outer: ScopeRun, inner: ScopeRun): boolean {
  for (let s: ScopeRun | undefined = inner; s; s = s.owner?.scope) if (s === outer) return true;
  return false;
}

/** The history events of a file's text: a list of events, or `{events: [...]}` as GetExecutionHistory answers; undefined if neither. */
export function historyEventsOf(value: unknown): HistoryEvent[] | undefined {
  const list = isJsonObject(value) && Array.isArray(value.events) ? value.events : value;
  if (!Array.isArray(list)) return undefined;
  const ok = list.every((e) => isJsonObject(e) && typeof e.eventId === 'number' && typeof e.type === 'string');
  return ok ? (list as HistoryEvent[]) : undefined;
}

/**
 * The plan paths (step-sites.ts) a visit may be at: its chain of enclosing visits with their
 * scopes' segments. The history does not say which of a classic choice's branches ran, so a choice
 * body matches any of them.
 */
function pathPattern(visit: StateVisit): RegExp {
  const parts: string[] = [];
  for (let v: StateVisit | undefined = visit; v; v = v.scope.owner) {
    const seg = v.scope.kind === 'branch' ? `/b${v.scope.index}` : v.scope.kind === 'iteration' ? '/i' : v.scope.kind === 'body' ? '/(?:c\\d+|default)' : '';
    parts.unshift(`${seg}/${escape(v.name)}`);
  }
  return new RegExp(`^\\$${parts.join('')}$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function phaseKey(phase: FramePhase): 'phaseStart' | 'phaseEnd' | 'phaseFailed' | 'running' {
  return phase === 'start' ? 'phaseStart' : phase === 'end' ? 'phaseEnd' : phase === 'failed' ? 'phaseFailed' : 'running';
}
