/**
 * Which run the flow graph overlays: the newest execution of this flow on any backend it is shown
 * for (the embedded engine, the cloud once signed in), then live events as they come. Each backend
 * knows the flow under its own name (the local engine names it after the file; the cloud through
 * `flowStudio.cloud.flowNames`), so every source pairs a backend with the flow name it uses.
 * No vscode here: the panel passes the sources in and draws what `onChange` hands back.
 */
import type { Backend, HistoryEvent } from '../../engine/index';
import { applyToOverlay, foldRunOverlay, type RunOverlay } from './step-status';

export interface RunSource {
  backend: Backend;
  /** The flow's name on that backend. */
  flowName: string;
}

export interface FollowedRun {
  backendKind: Backend['kind'];
  executionName: string;
  overlay: RunOverlay;
}

interface Followed extends RunSource {
  unsubscribe(): void;
}

export class GraphRunFollower {
  private readonly followed: Followed[] = [];
  private current?: FollowedRun & { backend: Backend; startedTime: string };
  private disposed = false;

  constructor(private readonly onChange: (run: FollowedRun | undefined) => void) {}

  get run(): FollowedRun | undefined {
    return this.current && { backendKind: this.current.backendKind, executionName: this.current.executionName, overlay: this.current.overlay };
  }

  /**
   * Follows exactly these sources: drops the ones gone (sign-out) or renamed (a changed setting),
   * subscribes to new ones and loads their newest execution. Resolves once those are loaded.
   */
  async follow(sources: readonly (RunSource | undefined)[]): Promise<void> {
    const wanted = sources.filter((s): s is RunSource => s !== undefined);
    for (let i = this.followed.length - 1; i >= 0; i--) {
      const f = this.followed[i];
      if (wanted.some((s) => s.backend === f.backend && s.flowName === f.flowName)) continue;
      f.unsubscribe();
      this.followed.splice(i, 1);
      if (this.current?.backend === f.backend) {
        this.current = undefined;
        this.onChange(undefined);
      }
    }
    const added = wanted.filter((s) => !this.followed.some((f) => f.backend === s.backend && f.flowName === s.flowName));
    for (const source of added) {
      this.followed.push({ ...source, unsubscribe: source.backend.onEvent((flowName, executionName, event) => this.onEvent(source, flowName, executionName, event)) });
    }
    await Promise.all(added.map((s) => this.loadLatest(s)));
  }

  dispose(): void {
    this.disposed = true;
    for (const f of this.followed.splice(0)) f.unsubscribe();
  }

  private async loadLatest(source: RunSource): Promise<void> {
    try {
      const latest = (await source.backend.listExecutions(source.flowName)).sort((a, b) => b.startedTime.localeCompare(a.startedTime))[0];
      if (!latest || this.disposed || !this.isFollowed(source)) return;
      if (this.current && this.current.startedTime >= latest.startedTime) return;
      const events = await source.backend.getExecutionHistory(source.flowName, latest.name);
      if (this.disposed || !this.isFollowed(source) || (this.current && this.current.startedTime >= latest.startedTime)) return;
      this.current = { backend: source.backend, backendKind: source.backend.kind, executionName: latest.name, startedTime: latest.startedTime, overlay: foldRunOverlay(events) };
      this.onChange(this.run);
      // A running execution started elsewhere (another window, the console) is followed live once
      // described: the cloud backend polls its history from then on.
      if (latest.status === 'Running' || latest.status === 'Starting') await source.backend.describeExecution(source.flowName, latest.name);
    } catch {
      // No executions yet, or the backend is unreachable: the graph simply shows no run from it.
    }
  }

  private isFollowed(source: RunSource): boolean {
    return this.followed.some((f) => f.backend === source.backend && f.flowName === source.flowName);
  }

  private onEvent(source: RunSource, flowName: string, executionName: string, event: HistoryEvent): void {
    if (flowName !== source.flowName || this.disposed) return;
    const same = this.current?.backend === source.backend && this.current.executionName === executionName;
    if (event.type === 'ExecutionStarted' || !this.current) {
      // A new run of this flow (or one already going when the graph opened) takes over the overlay.
      this.current = { backend: source.backend, backendKind: source.backend.kind, executionName, startedTime: event.time, overlay: { steps: {} } };
    } else if (!same) {
      return;
    }
    applyToOverlay(this.current!.overlay, event);
    this.onChange(this.run);
  }
}
