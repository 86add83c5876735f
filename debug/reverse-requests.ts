/**
 * The adapter's own requests to its client (DAP reverse requests: `startDebugging` for Step Into a
 * local function), each settled once: by the client's response, by its time limit, or when the
 * session ends. `@vscode/debugadapter`'s `sendRequest` with a callback leaves its time-limit timer
 * running after the response, which holds the adapter's process for the whole limit (30 s after a
 * Step Into); here the timer is cleared on the answer, and never holds the process by itself.
 *
 * The library numbers each message as it sends it and does not hand a request's `seq` back; DAP
 * numbers a sender's messages 1, 2, 3… in the order sent, so a request's is the one after the last
 * message seen sent (the session reports each event and response it sends: `sent`).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';

interface Pending {
  command: string;
  settle(response: DebugProtocol.Response): void;
  timer: NodeJS.Timeout;
}

export class ReverseRequests {
  private lastSeq = 0;
  private readonly pending = new Map<number, Pending>();

  /** An event or response has gone out numbered `seq`. */
  sent(seq: number): void {
    this.lastSeq = seq;
  }

  /**
   * Sends a request through `send` (which sends that one message and no other after it) and
   * resolves with the client's response, or with a failed one after `timeoutMs` or at `cancelAll`.
   */
  request(command: string, timeoutMs: number, send: () => void): Promise<DebugProtocol.Response> {
    send();
    const seq = ++this.lastSeq;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(seq, failed(seq, command, 'timeout')), timeoutMs);
      // Nothing else left to run means no client left to answer: the wait alone keeps nothing alive.
      timer.unref();
      this.pending.set(seq, { command, settle: resolve, timer });
    });
  }

  /** A response from the client: true if it answers a request sent here (now settled). */
  answer(response: DebugProtocol.Response): boolean {
    if (!this.pending.has(response.request_seq)) return false;
    this.settle(response.request_seq, response);
    return true;
  }

  /** The session ends: every request still waiting fails with `message`. */
  cancelAll(message: string): void {
    for (const [seq, p] of this.pending) this.settle(seq, failed(seq, p.command, message));
  }

  private settle(seq: number, response: DebugProtocol.Response): void {
    const p = this.pending.get(seq);
    if (!p) return;
    this.pending.delete(seq);
    clearTimeout(p.timer);
    p.settle(response);
  }
}

function failed(seq: number, command: string, message: string): DebugProtocol.Response {
  return { type: 'response', seq: 0, request_seq: seq, command, success: false, message };
}
