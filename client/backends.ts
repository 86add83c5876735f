/**
 * Which backend the views show: the embedded engine always, the cloud service once signed in
 * (the cloud code calls `setCloud`). The Executions view, approvals and decorations only speak
 * the Backend interface, so they do not care which one it is.
 */
import * as vscode from 'vscode';
import type { Backend } from '../engine/index';
import type { BackendKind } from './config';

export class BackendSelector implements vscode.Disposable {
  private cloud?: Backend;
  private readonly changed = new vscode.EventEmitter<Backend>();
  /** Fires with the backend the views should now show. */
  readonly onDidChange = this.changed.event;

  constructor(
    readonly local: Backend,
    private preferred: BackendKind,
  ) {}

  get current(): Backend {
    return this.preferred === 'cloud' && this.cloud ? this.cloud : this.local;
  }

  get cloudAvailable(): boolean {
    return this.cloud !== undefined;
  }

  byKind(kind: BackendKind | undefined): Backend {
    return kind === 'cloud' && this.cloud ? this.cloud : this.local;
  }

  /** The hook for the cloud code: a signed-in CloudBackend, or undefined after sign-out. */
  setCloud(backend: Backend | undefined): void {
    const before = this.current;
    this.cloud = backend;
    if (this.current !== before || (backend && this.preferred === 'cloud')) this.changed.fire(this.current);
  }

  prefer(kind: BackendKind): void {
    const before = this.current;
    this.preferred = kind;
    if (this.current !== before) this.changed.fire(this.current);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
