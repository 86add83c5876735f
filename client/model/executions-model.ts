/**
 * Every execution a backend shows, kept current from its live events: the list (newest first),
 * each execution's tree (loaded on demand from its history), and the callbacks waiting across all
 * of them. Pure: the view asks it what to draw and what changed.
 *
 * Histories are loaded lazily (an old execution's tree only when it is expanded). Events that
 * arrive for an execution whose history is still loading are buffered and replayed after it, with
 * duplicates dropped by eventId, so a load racing live events loses nothing.
 */
import type { ExecutionSummary, HistoryEvent } from '../../engine/index';
import { ExecutionTree, executionId, type ExecutionNode, type ExecutionTreeNode, type PendingCallback } from './execution-tree';

export interface ModelChange {
  /** Nodes to redraw. */
  nodes: ExecutionTreeNode[];
  /** The list of executions itself changed (an execution was added). */
  list: boolean;
  /** The set of waiting callbacks may have changed. */
  pending: boolean;
}

interface Entry {
  tree: ExecutionTree;
  state: 'unloaded' | 'loading' | 'loaded';
  buffer: HistoryEvent[];
}

const NO_CHANGE: ModelChange = { nodes: [], list: false, pending: false };

export class ExecutionsModel {
  private readonly entries = new Map<string, Entry>();

  /** Replaces the list from a backend listing (trees already loaded are kept). */
  setSummaries(summaries: readonly ExecutionSummary[]): void {
    const keep = new Map(this.entries);
    this.entries.clear();
    for (const s of summaries) {
      const id = executionId(s.flowName, s.name);
      const old = keep.get(id);
      if (old) {
        if (old.state !== 'loaded') Object.assign(old.tree.root, { status: s.status, stoppedTime: s.stoppedTime, error: s.error, cause: s.cause });
        this.entries.set(id, old);
      } else this.entries.set(id, { tree: new ExecutionTree(s), state: 'unloaded', buffer: [] });
    }
  }

  /**
   * Adds the listed executions the model does not know yet (started elsewhere since the list was
   * read) and returns them; known ones, and ones only live events brought, are left as they are.
   */
  addSummaries(summaries: readonly ExecutionSummary[]): ExecutionNode[] {
    const added: ExecutionNode[] = [];
    for (const s of summaries) {
      const id = executionId(s.flowName, s.name);
      if (this.entries.has(id)) continue;
      const tree = new ExecutionTree(s);
      this.entries.set(id, { tree, state: 'unloaded', buffer: [] });
      added.push(tree.root);
    }
    return added;
  }

  /** Newest first. */
  executions(): ExecutionNode[] {
    return [...this.entries.values()].map((e) => e.tree.root).sort((a, b) => b.startedTime.localeCompare(a.startedTime) || b.executionName.localeCompare(a.executionName));
  }

  tree(flowName: string, executionName: string): ExecutionTree | undefined {
    return this.entries.get(executionId(flowName, executionName))?.tree;
  }

  isLoaded(flowName: string, executionName: string): boolean {
    return this.entries.get(executionId(flowName, executionName))?.state === 'loaded';
  }

  /** Marks a load as started; returns false if none is needed (loaded or already loading). */
  beginLoad(flowName: string, executionName: string): boolean {
    const entry = this.entries.get(executionId(flowName, executionName));
    if (!entry || entry.state !== 'unloaded') return false;
    entry.state = 'loading';
    return true;
  }

  /** A load failed: the next expand tries again. */
  abortLoad(flowName: string, executionName: string): void {
    const entry = this.entries.get(executionId(flowName, executionName));
    if (entry?.state === 'loading') entry.state = 'unloaded';
  }

  /** The whole history arrived: rebuilds the tree, then replays what came live meanwhile. */
  load(flowName: string, executionName: string, events: readonly HistoryEvent[]): ModelChange {
    const entry = this.entries.get(executionId(flowName, executionName));
    if (!entry) return NO_CHANGE;
    const root = entry.tree.root;
    const tree = new ExecutionTree({ flowName, name: executionName, status: root.status, startedTime: root.startedTime }, root);
    for (const e of [...events, ...entry.buffer]) tree.apply(e);
    entry.tree = tree;
    entry.buffer = [];
    entry.state = 'loaded';
    return { nodes: [root], list: false, pending: true };
  }

  /** One live event from the backend. */
  onEvent(flowName: string, executionName: string, e: HistoryEvent): ModelChange & { needsLoad?: boolean } {
    const id = executionId(flowName, executionName);
    let entry = this.entries.get(id);
    if (!entry) {
      const fresh = e.type === 'ExecutionStarted';
      entry = { tree: new ExecutionTree({ flowName, name: executionName, status: 'Running', startedTime: e.time }), state: fresh ? 'loaded' : 'unloaded', buffer: [] };
      this.entries.set(id, entry);
      if (!fresh) {
        entry.buffer.push(e);
        return { nodes: [], list: true, pending: false, needsLoad: true };
      }
      entry.tree.apply(e);
      return { nodes: [], list: true, pending: false };
    }
    if (entry.state !== 'loaded') {
      entry.buffer.push(e);
      // The execution's own status still shows while its steps are not loaded.
      // (the placeholder tree is replaced when the history loads, so applying to it is safe).
      if (e.type.startsWith('Execution') && e.type !== 'ExecutionStarted') return { nodes: entry.tree.apply(e).slice(0, 1), list: false, pending: false };
      return NO_CHANGE;
    }
    const nodes = entry.tree.apply(e);
    const pending = /^(Task|StepSucceeded|StepFailed|StateSucceeded|StateFailed|StateTimedOut|StateAborted|Execution)/.test(e.type);
    return { nodes, list: false, pending };
  }

  /** Every callback still waiting, oldest first. */
  pendingCallbacks(): PendingCallback[] {
    const all: PendingCallback[] = [];
    for (const entry of this.entries.values()) if (entry.state === 'loaded') all.push(...entry.tree.pendingCallbacks());
    return all.sort((a, b) => a.scheduledTime.localeCompare(b.scheduledTime));
  }

  /** Executions that may still be waiting and whose history is not loaded (load them to know). */
  unloadedRunning(): ExecutionNode[] {
    return [...this.entries.values()].filter((e) => e.state === 'unloaded' && (e.tree.root.status === 'Running' || e.tree.root.status === 'Starting')).map((e) => e.tree.root);
  }

  findStep(stepId: string): ExecutionTreeNode | undefined {
    const execId = stepId.split('#')[0];
    const entry = this.entries.get(execId);
    if (!entry) return undefined;
    return findById(entry.tree.root, stepId);
  }
}

function findById(node: ExecutionTreeNode, id: string): ExecutionTreeNode | undefined {
  if (node.id === id) return node;
  for (const c of node.children) {
    const hit = findById(c, id);
    if (hit) return hit;
  }
  return undefined;
}
