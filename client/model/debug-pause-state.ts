/**
 * Where one flow debug session is paused, folded from the Debug Adapter Protocol messages that
 * pass between VS Code and the adapter (a tracker sees both ways): a `stopped` event names the
 * thread, and VS Code's own stackTrace request for that thread answers its top frame, the paused
 * step's source and line. Any request that moves the execution on (continue, the steps, restart,
 * terminate), a `continued` event or the session's end clears it. The frames VS Code asked for
 * are read, never asked for again: a second stackTrace would renumber the frames VS Code holds.
 * No vscode here.
 */

/** The paused step: the source as the adapter names it (a file path or a document URI) and its 1-based line. */
export interface PausedAt {
  source: string;
  line: number;
}

/** The DAP message fields read here. */
export interface DapMessage {
  type?: string;
  seq?: number;
  command?: string;
  event?: string;
  request_seq?: number;
  success?: boolean;
  arguments?: { threadId?: number; startFrame?: number };
  body?: { threadId?: number; stackFrames?: { line?: number; source?: { path?: string } }[] };
}

/** Requests after which the execution is no longer where it stopped. */
const MOVING_ON = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'restart', 'restartFrame', 'goto', 'terminate', 'disconnect']);

export class DebugPauseState {
  private stoppedThread?: number;
  /** stackTrace requests for the stopped thread's top frames, by their seq. */
  private readonly asked = new Map<number, number>();
  private paused?: PausedAt;

  get pausedAt(): PausedAt | undefined {
    return this.paused;
  }

  /** A message VS Code sends the adapter; true when the pause changed. */
  fromClient(m: DapMessage): boolean {
    if (m.type !== 'request' || !m.command) return false;
    if (MOVING_ON.has(m.command)) return this.clear();
    const thread = m.arguments?.threadId;
    if (m.command === 'stackTrace' && thread !== undefined && thread === this.stoppedThread && (m.arguments?.startFrame ?? 0) === 0 && m.seq !== undefined)
      this.asked.set(m.seq, thread);
    return false;
  }

  /** A message the adapter sends VS Code; true when the pause changed. */
  fromAdapter(m: DapMessage): boolean {
    if (m.type === 'event') {
      if (m.event === 'stopped') {
        this.stoppedThread = m.body?.threadId;
        this.asked.clear();
        return false;
      }
      if (m.event === 'continued' || m.event === 'terminated' || m.event === 'exited') return this.clear();
      return false;
    }
    if (m.type !== 'response' || m.request_seq === undefined || !this.asked.has(m.request_seq)) return false;
    const thread = this.asked.get(m.request_seq);
    this.asked.delete(m.request_seq);
    const top = m.body?.stackFrames?.[0];
    if (!m.success || thread !== this.stoppedThread || !top?.source?.path || !top.line) return false;
    if (this.paused?.source === top.source.path && this.paused.line === top.line) return false;
    this.paused = { source: top.source.path, line: top.line };
    return true;
  }

  /** The session ended; true when it was paused. */
  end(): boolean {
    return this.clear();
  }

  private clear(): boolean {
    const was = this.paused !== undefined;
    this.paused = undefined;
    this.stoppedThread = undefined;
    this.asked.clear();
    return was;
  }
}
