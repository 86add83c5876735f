/**
 * Which executions a view keeps followed live: the running ones it shows, on a backend that has to
 * be asked (the cloud polls GetExecutionHistory per execution). The embedded engine streams every
 * event on its own, so on it this does nothing: the local view stays event-driven, no polling.
 *
 * A follow starts once the execution's history is loaded (from the events the tree already has)
 * and is released when its tree shows the end, or when the view drops this set (Refresh, another
 * backend). Releasing never stops a follow someone else holds (see CloudBackend.follow).
 */
import type { Backend } from '../../engine/index';
import type { ExecutionTree } from './execution-tree';

export interface FollowingBackend {
  follow(flowName: string, executionName: string, afterEventId?: number): () => void;
}

export function needsFollowing(backend: Backend): backend is Backend & FollowingBackend {
  return backend.kind !== 'local' && typeof (backend as Partial<FollowingBackend>).follow === 'function';
}

export class RunningFollows {
  private readonly held = new Map<string, () => void>();

  constructor(private readonly backend: Backend) {}

  /** After an execution's loaded tree changed: follow it while it runs, release it once it ended. */
  update(tree: ExecutionTree): void {
    if (!needsFollowing(this.backend)) return;
    const { id, flowName, executionName, status } = tree.root;
    const running = status === 'Running' || status === 'Starting';
    const release = this.held.get(id);
    if (running && !release) this.held.set(id, this.backend.follow(flowName, executionName, tree.lastEventId));
    else if (!running && release) {
      release();
      this.held.delete(id);
    }
  }

  get size(): number {
    return this.held.size;
  }

  dispose(): void {
    for (const release of this.held.values()) release();
    this.held.clear();
  }
}
