/**
 * The Debug Adapter Protocol side of the flow debugger: a thin adapter mapping DAP requests onto
 * the engine's FlowDebugger (engine/debug/flow-debugger.ts) and its events onto DAP events. The
 * execution itself runs on a FlowRunHost (the extension's embedded engine, or standalone-host.ts).
 * Every request the capabilities below claim is answered; lines are 1-based on both sides.
 */
import { resolve } from 'node:path';
import { CapabilitiesEvent, Event, InitializedEvent, LoggingDebugSession, OutputEvent, Source, StoppedEvent, TerminatedEvent, ThreadEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  FlowDebugger,
  MAX_DOCUMENT_BYTES,
  MAX_HISTORY_BYTES,
  MAX_JSON_BYTES,
  ReplayDebugger,
  debugText,
  historyEventsOf,
  readUtf8TextOrWhy,
  type DebugListener,
  type HistoryEvent,
  type SourceBreakpoint,
} from '../engine/index';
import type { FlowLaunchArguments, FlowRunHost, StartedRun } from './flow-run-host';
import { functionAttachRequest } from './function-attach';
import { ReverseRequests } from './reverse-requests';

/** How long launch waits for configurationDone (breakpoints) before running anyway. */
const CONFIGURATION_WAIT_MS = 5000;

/** How long the client may take to start the Node.js debugger's child session for Step Into. */
const START_DEBUGGING_WAIT_MS = 30_000;

/** The custom event sent when the debugged execution has ended: `{flowName, executionName, status}`. */
export const EXECUTION_ENDED_EVENT = 'flowExecutionEnded';

type LaunchArgs = DebugProtocol.LaunchRequestArguments & FlowLaunchArguments;

export class FlowDebugSession extends LoggingDebugSession {
  /** The live run's debugger, or a replay's (launch `replay`: a finished history, nothing runs). */
  private dbg?: FlowDebugger | ReplayDebugger;
  private run?: StartedRun;
  private args?: LaunchArgs;
  private definition = '';
  private programPath = '';
  private breakpoints: SourceBreakpoint[] = [];
  private exceptionFilters: string[] = [];
  private configured!: Promise<void>;
  private markConfigured!: () => void;
  private ending = false;
  /** The client starts child sessions (`startDebugging`): Step Into can debug a task's function. */
  private clientStartsDebugging = false;
  /** The requests this adapter has sent its client and awaits answers to. */
  private readonly reverse = new ReverseRequests();

  constructor(private readonly host: FlowRunHost) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.resetConfiguration();
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.clientStartsDebugging = args?.supportsStartDebuggingRequest === true;
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsExceptionInfoRequest: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportTerminateDebuggee: true,
      exceptionBreakpointFilters: [
        { filter: 'failure', label: debugText('exceptionAny'), default: false },
        { filter: 'uncaught', label: debugText('exceptionUncaught'), default: true },
      ],
    };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, given: LaunchArgs): Promise<void> {
    // A client may send no arguments at all.
    const args = given ?? ({} as LaunchArgs);
    this.args = args;
    try {
      this.readProgram(args);
    } catch (e) {
      return this.sendErrorResponse(response, { id: 1, format: (e as Error).message, showUser: true });
    }
    // Breakpoints bind against the flow's text, so configuration is asked for once it is read.
    this.sendEvent(new InitializedEvent());
    await this.configuredOrTimeLimit();
    if (this.dbg instanceof ReplayDebugger) {
      this.sendResponse(response);
      this.sendEvent(new OutputEvent(`${debugText('replayStarted', args.replay, this.dbg.length)}\n`, 'console'));
      return this.dbg.start();
    }
    const started = await this.startRun(args);
    if (started !== true) return this.sendErrorResponse(response, { id: 2, format: started, showUser: true });
    this.sendResponse(response);
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const requested: DebugProtocol.SourceBreakpoint[] = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const list = requested.map((b) => ({
      line: this.convertClientLineToDebugger(b.line),
      condition: b.condition,
      hitCondition: b.hitCondition,
      logMessage: b.logMessage,
    }));
    const samePath = args.source.path !== undefined && this.programPath !== '' && sourceKey(args.source.path) === this.programPath;
    if (!samePath) {
      response.body = { breakpoints: list.map((b) => ({ verified: false, line: this.convertDebuggerLineToClient(b.line), message: debugText('notThisFlow', this.programPath) })) };
      return this.sendResponse(response);
    }
    this.breakpoints = list;
    const bound = this.dbg!.setBreakpoints(list);
    response.body = {
      breakpoints: bound.map((b) => ({
        id: b.id,
        verified: b.verified,
        line: this.convertDebuggerLineToClient(b.line),
        source: this.source(),
        ...(b.message ? { message: b.message } : {}),
      })),
    };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.exceptionFilters = args.filters;
    this.dbg?.setExceptionFilters(args.filters);
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.markConfigured();
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: this.dbg ? this.dbg.threads() : [] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const frames = this.dbg?.stackTrace(args.threadId) ?? [];
    const start = args.startFrame ?? 0;
    const page = args.levels ? frames.slice(start, start + args.levels) : frames.slice(start);
    response.body = {
      stackFrames: page.map((f) => ({
        id: f.id,
        name: f.name,
        line: f.line ? this.convertDebuggerLineToClient(f.line) : 0,
        column: 1,
        source: f.line ? this.source(f.file) : undefined,
      })),
      totalFrames: frames.length,
    };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    response.body = { scopes: (this.dbg?.scopes(args.frameId) ?? []).map((s) => ({ name: s.name, variablesReference: s.ref, expensive: false })) };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    response.body = {
      variables: (this.dbg?.variables(args.variablesReference) ?? []).map((v) => ({
        name: v.name,
        value: v.value,
        variablesReference: v.ref,
        ...(v.editable ? {} : { presentationHint: { attributes: ['readOnly'] } }),
      })),
    };
    this.sendResponse(response);
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    if (this.dbg instanceof ReplayDebugger) return this.sendErrorResponse(response, { id: 3, format: debugText('replayReadOnly'), showUser: true });
    const r = this.dbg?.setVariable(args.variablesReference, args.name, args.value);
    if (!r || !r.ok) return this.sendErrorResponse(response, { id: 3, format: r && !r.ok ? r.message : debugText('notPaused'), showUser: true });
    response.body = { value: r.value.value, variablesReference: r.value.ref };
    this.sendResponse(response);
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const r = this.dbg?.evaluate(args.expression, args.frameId);
    if (!r || !r.ok) return this.sendErrorResponse(response, { id: 4, format: r && !r.ok ? r.message : debugText('notPaused'), showUser: args.context === 'repl' });
    response.body = { result: r.value.value, variablesReference: r.value.ref };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, args: DebugProtocol.ExceptionInfoArguments): void {
    const info = this.dbg?.exceptionInfo(args.threadId);
    if (!info) return this.sendErrorResponse(response, { id: 5, format: debugText('notPaused') });
    response.body = { exceptionId: info.error, description: info.cause, breakMode: info.uncaught ? 'unhandled' : 'always' };
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.dbg?.continue();
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.dbg?.next(args.threadId);
    this.sendResponse(response);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.dbg?.stepIn(args.threadId);
    this.sendResponse(response);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.dbg?.stepOut(args.threadId);
    this.sendResponse(response);
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    if (!(this.dbg instanceof ReplayDebugger)) return this.sendErrorResponse(response, { id: 6, format: debugText('stepBackLiveRun'), showUser: true });
    this.dbg.stepBack();
    this.sendResponse(response);
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    if (!(this.dbg instanceof ReplayDebugger)) return this.sendErrorResponse(response, { id: 6, format: debugText('stepBackLiveRun'), showUser: true });
    this.dbg.reverseContinue();
    this.sendResponse(response);
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.dbg?.pause();
    this.sendResponse(response);
  }

  /** Restart: the running execution is stopped and a new one starts with the same configuration and breakpoints. */
  protected override async restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments | undefined): Promise<void> {
    // A client may send restart without arguments (they are optional in DAP).
    const launch = ((args?.arguments as LaunchArgs | undefined) ?? this.args)!;
    await this.stopRun();
    try {
      this.readProgram(launch);
    } catch (e) {
      return this.sendErrorResponse(response, { id: 1, format: (e as Error).message, showUser: true });
    }
    this.dbg!.setBreakpoints(this.breakpoints);
    if (this.dbg instanceof ReplayDebugger) {
      this.sendResponse(response);
      return this.dbg.start();
    }
    const started = await this.startRun(launch);
    if (started !== true) return this.sendErrorResponse(response, { id: 2, format: started, showUser: true });
    this.sendResponse(response);
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.stopRun();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): Promise<void> {
    // Launched here, so ended here unless the client asks to leave it running.
    if (args?.terminateDebuggee !== false) await this.stopRun();
    else this.dbg?.terminate();
    this.reverse.cancelAll('disconnect');
    this.sendResponse(response);
  }

  // ---- reverse requests: numbered, sent and answered through ReverseRequests -----------------

  override sendEvent(event: DebugProtocol.Event): void {
    super.sendEvent(event);
    this.reverse.sent(event.seq);
  }

  override sendResponse(response: DebugProtocol.Response): void {
    // The library refuses (and does not number) a response sent twice.
    const unsent = !(response.seq > 0);
    super.sendResponse(response);
    if (unsent) this.reverse.sent(response.seq);
  }

  override sendRequest(command: string, args: unknown, timeout: number, cb: (response: DebugProtocol.Response) => void): void {
    void this.request(command, args, timeout).then(cb);
  }

  override handleMessage(msg: DebugProtocol.ProtocolMessage): void {
    if (msg.type === 'response' && this.reverse.answer(msg as DebugProtocol.Response)) return;
    super.handleMessage(msg);
  }

  override shutdown(): void {
    this.reverse.cancelAll('disconnect');
    super.shutdown();
  }

  private request(command: string, args: unknown, timeoutMs: number): Promise<DebugProtocol.Response> {
    // Without a callback the library sends the request and keeps no timer; its answer comes to handleMessage.
    return this.reverse.request(command, timeoutMs, () => super.sendRequest(command, args, timeoutMs, undefined as unknown as (r: DebugProtocol.Response) => void));
  }

  // ---- inside --------------------------------------------------------------------------------

  /** Until configurationDone, or CONFIGURATION_WAIT_MS; the timer goes with the wait. */
  private async configuredOrTimeLimit(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.configured, new Promise<void>((r) => (timer = setTimeout(r, CONFIGURATION_WAIT_MS)))]);
    clearTimeout(timer);
  }

  private resetConfiguration(): void {
    this.configured = new Promise<void>((resolve) => (this.markConfigured = resolve));
  }

  /** Reads the flow file and makes the debugger for it (breakpoints bind against its text). */
  private readProgram(args: LaunchArgs): void {
    if (typeof args.program !== 'string' || args.program === '') throw new Error(debugText('noProgram'));
    this.programPath = sourceKey(args.program);
    if (args.definition !== undefined) {
      // A replay of a definition no file holds (a cloud execution's, shown read-only): `program` only names it.
      if (args.replay === undefined || typeof args.definition !== 'string') throw new Error(debugText('definitionNeedsReplay'));
      this.definition = args.definition;
    } else {
      this.definition = readText(this.programPath, MAX_DOCUMENT_BYTES);
    }
    if (args.replay !== undefined) {
      this.dbg = new ReplayDebugger(this.definition, this.readHistory(args.replay), this.listener());
      if (this.dbg.length === 0) throw new Error(debugText('replayEmpty', resolve(args.replay)));
      // Stepping back is a replay's only: a live run cannot go back, so the buttons appear here alone.
      this.sendEvent(new CapabilitiesEvent({ supportsStepBack: true }));
      return;
    }
    this.dbg = new FlowDebugger(this.definition, this.listener(), {
      stopOnEntry: args.stopOnEntry,
      flowName: this.programPath
        .split(/[\\/]/)
        .pop()
        ?.replace(/\.flow\.ya?ml$|\.ya?ml$/, ''),
    });
    this.dbg.setExceptionFilters(this.exceptionFilters);
  }

  /** True, or why the execution did not start. */
  private async startRun(args: LaunchArgs): Promise<true | string> {
    const dbg = this.dbg;
    if (!(dbg instanceof FlowDebugger)) return debugText('didNotStart', debugText('noProgram'));
    let input: string;
    try {
      input = this.inputText(args);
    } catch (e) {
      return (e as Error).message;
    }
    try {
      this.ending = false;
      const run = await this.host.start(args, this.definition, input, dbg);
      this.run = run;
      this.sendEvent(new OutputEvent(`${debugText('started', run.executionName, run.flowName)}\n`, 'console'));
      void run.ended.then((end) => {
        if (this.run !== run) return;
        this.dbg?.terminate();
        const detail =
          end.status === 'Succeeded'
            ? debugText('endedOutput', JSON.stringify(end.output ?? {}))
            : end.error || end.cause
              ? debugText('endedError', end.error ?? '', end.cause ?? '')
              : '';
        this.sendEvent(new OutputEvent(`${debugText('ended', run.executionName, run.flowName, end.status)}${detail ? `\n${detail}` : ''}\n`, 'console'));
        // Which execution this session ran, for a client that judges it (the Testing view's Debug profile).
        this.sendEvent(new Event(EXECUTION_ENDED_EVENT, { flowName: run.flowName, executionName: run.executionName, status: end.status }));
        this.run = undefined;
        if (!this.ending) this.sendEvent(new TerminatedEvent());
      });
      return true;
    } catch (e) {
      return debugText('didNotStart', (e as Error).message);
    }
  }

  private async stopRun(): Promise<void> {
    const run = this.run;
    this.ending = true;
    if (!run) return void this.dbg?.terminate();
    await run.stop(debugText('stoppedByDebugger'));
    await run.ended.catch(() => undefined);
  }

  /** The history events a replay steps through, from a JSON file (a list of events, or `{events: [...]}`). */
  private readHistory(file: unknown): HistoryEvent[] {
    const path = resolve(typeof file === 'string' ? file : '');
    const text = readText(path, MAX_HISTORY_BYTES);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new Error(debugText('replayNoHistory', path, (e as Error).message));
    }
    const events = historyEventsOf(value);
    if (!events) throw new Error(debugText('replayNoHistory', path, 'eventId, type'));
    return events;
  }

  private inputText(args: LaunchArgs): string {
    if (args.input !== undefined) return typeof args.input === 'string' ? args.input : JSON.stringify(args.input);
    if (!args.inputFile) return '{}';
    const path = resolve(args.inputFile);
    const text = readText(path, MAX_JSON_BYTES);
    try {
      JSON.parse(text);
    } catch (e) {
      throw new Error(debugText('inputNotJson', path, (e as Error).message));
    }
    return text;
  }

  /** Asks the client to attach the Node.js debugger to a task's function (a child session); true once it has. */
  private attachFunction: DebugListener['attachFunction'] = async (target, stepName) => {
    const r = await this.request('startDebugging', functionAttachRequest(target, stepName), START_DEBUGGING_WAIT_MS);
    if (!r.success) this.sendEvent(new OutputEvent(`${debugText('stepIntoNotAttached', stepName, target.functionName, r.message || 'startDebugging')}\n`, 'console'));
    return r.success;
  };

  private listener(): DebugListener {
    return {
      ...(this.clientStartsDebugging ? { attachFunction: this.attachFunction } : {}),
      stopped: (s) => {
        const e = new StoppedEvent(s.reason, s.threadId, s.text) as DebugProtocol.StoppedEvent;
        e.body.description = s.description;
        e.body.allThreadsStopped = true;
        if (s.hitBreakpointIds) e.body.hitBreakpointIds = s.hitBreakpointIds;
        this.sendEvent(e);
      },
      thread: (t) => this.sendEvent(new ThreadEvent(t.reason, t.threadId)),
      output: (text, line) => {
        const e = new OutputEvent(`${text}\n`, 'console') as DebugProtocol.OutputEvent;
        if (line) {
          e.body.source = this.source();
          e.body.line = this.convertDebuggerLineToClient(line);
        }
        this.sendEvent(e);
      },
    };
  }

  /** The debugged flow file, or another one (a child flow's). */
  private source(file = this.programPath): Source {
    return new Source(file.split(/[\\/]/).pop() ?? file, file);
  }
}

/**
 * How a source is compared: a file by its absolute path, a document of another scheme (VS Code
 * sends its URI as the path, e.g. `flowstudio-cloud:/…`) by that text.
 */
function sourceKey(path: string): string {
  return /^[a-z][a-z0-9+.-]+:/i.test(path) ? path : resolve(path);
}

/**
 * A file the launch names (the flow, its input, a history), read bounded (engine flow-text.ts): a
 * FIFO, a device, a file too large or not UTF-8 refuses the launch saying why, never a hang.
 */
function readText(path: string, maxBytes: number): string {
  const read = readUtf8TextOrWhy(path, maxBytes);
  if ('why' in read) throw new Error(debugText('cannotRead', path, read.why));
  return read.text;
}
