/**
 * Where `flow` debug sessions are paused, per flow document: a Debug Adapter Protocol tracker per
 * session feeds its messages to a DebugPauseState (client/model/debug-pause-state.ts), and the flow
 * graphs mark the node of the paused step (flow-graph-panel.ts). Registered with the graphs, at
 * activation, so a session started before any graph opens is known when one does.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FLOW_DEBUG_TYPE } from '../actions/flow-debug';
import { DebugPauseState, type DapMessage } from '../model/debug-pause-state';

/** What a graph reads: the paused line in its document, and when that may have changed. */
export interface PausedSteps {
  /** The 1-based line of the step the newest pause in this document is at; undefined when none is paused there. */
  pausedLine(document: vscode.Uri): number | undefined;
  readonly onDidChange: vscode.Event<void>;
}

export class DebugPauses implements PausedSteps, vscode.Disposable {
  private readonly sessions = new Map<string, { state: DebugPauseState; order: number }>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private changes = 0;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.debug.registerDebugAdapterTrackerFactory(FLOW_DEBUG_TYPE, {
      createDebugAdapterTracker: (session) => {
        const entry = { state: new DebugPauseState(), order: 0 };
        this.sessions.set(session.id, entry);
        const note = (changed: boolean) => {
          if (!changed) return;
          entry.order = ++this.changes;
          this.changed.fire();
        };
        const end = () => {
          this.sessions.delete(session.id);
          note(entry.state.end());
        };
        return {
          onWillReceiveMessage: (m: unknown) => note(entry.state.fromClient(m as DapMessage)),
          onDidSendMessage: (m: unknown) => note(entry.state.fromAdapter(m as DapMessage)),
          onWillStopSession: end,
          onExit: end,
        };
      },
    });
  }

  pausedLine(document: vscode.Uri): number | undefined {
    let newest: { line: number; order: number } | undefined;
    for (const { state, order } of this.sessions.values()) {
      const at = state.pausedAt;
      if (at && sameDocument(at.source, document) && (!newest || order > newest.order)) newest = { line: at.line, order };
    }
    return newest?.line;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.sessions.clear();
  }
}

/** The adapter names a file by its path and another document (a read-only cloud one) by its URI. */
function sameDocument(source: string, document: vscode.Uri): boolean {
  if (/^[a-z][a-z0-9+.-]+:/i.test(source)) return vscode.Uri.parse(source).toString() === document.toString();
  return document.scheme === 'file' && path.resolve(source) === path.resolve(document.fsPath);
}
