/**
 * The Executions view: executions of the selected backend (newest first) → their steps, and a
 * "Waiting for callback" group on top. Kept current from Backend.onEvent. On the cloud, whose
 * events come from polling each execution, the running executions shown are followed
 * (running-follows.ts), so one listed after a reload or started in the console updates live too,
 * and the list is read again every minute while the view is visible, so one started elsewhere
 * since appears (the engine's own list needs no polling: its events say so). Changes are
 * collected and fired as one targeted refresh per short interval, so a busy run or a large
 * history does not redraw the whole tree.
 */
import * as vscode from 'vscode';
import type { Backend } from '../../engine/index';
import { executionId, type ExecutionNode, type PendingCallback } from '../model/execution-tree';
import { countingNodes, rowsToRedraw } from '../model/activity';
import { ExecutionsModel, type ModelChange } from '../model/executions-model';
import { RunningFollows } from '../model/running-follows';
import { callbackItem, callbacksGroupItem, executionItem, scopeItem, stepItem, type CallbackItem, type CallbacksGroup, type ExecutionsViewNode } from './execution-items';

const REFRESH_DELAY_MS = 120;
/**
 * Elapsed times of running executions and of running or waiting steps, and ages and timeouts of
 * waiting callbacks, tick at this pace while the view is visible: every tick for those under a
 * minute, every SLOW_TICKS ticks for older ones (model/activity.ts rowsToRedraw).
 */
const TICK_MS = 1_000;
const SLOW_TICKS = 15;
/**
 * The cloud's list is read again every this many ticks (a minute) while the view is visible:
 * listing reads every flow's executions (one request per flow), too many to repeat every tick.
 */
const RELIST_TICKS = 60;

export class ExecutionsView implements vscode.TreeDataProvider<ExecutionsViewNode>, vscode.Disposable {
  private model = new ExecutionsModel();
  private backend: Backend;
  private follows: RunningFollows;
  private unsubscribe?: () => void;
  private readonly changed = new vscode.EventEmitter<ExecutionsViewNode | ExecutionsViewNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly modelChanged = new vscode.EventEmitter<{ flowName: string; executionName: string }>();
  /** Fires (debounced) after an execution's tree changed: decorations follow it. */
  readonly onDidChangeExecution = this.modelChanged.event;
  private readonly group: CallbacksGroup = { kind: 'callbacks' };
  private callbackItems = new Map<string, CallbackItem>();
  private pendingNodes = new Set<ExecutionsViewNode>();
  private pendingExecutions = new Map<string, { flowName: string; executionName: string }>();
  private wholeTree = false;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly ticker: ReturnType<typeof setInterval>;
  private loadError?: string;
  private shown = false;
  private relisting = false;
  private visible = true;
  private ticksSinceList = 0;
  private ticks = 0;

  constructor(
    backend: Backend,
    private maxShown: number,
  ) {
    this.backend = backend;
    this.follows = new RunningFollows(backend);
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    void this.show(backend);
  }

  get currentBackend(): Backend {
    return this.backend;
  }

  get executionsModel(): ExecutionsModel {
    return this.model;
  }

  /** Shows another backend (or the same one afresh). */
  async show(backend: Backend): Promise<void> {
    // The same backend afresh (Refresh, after a deletion): the tree on screen stays until the new
    // one is complete, running executions' histories included, so the "Waiting for callback"
    // group does not vanish for a moment on every refresh.
    const again = this.shown && backend === this.backend;
    this.shown = true;
    this.unsubscribe?.();
    // Another backend: stop following the old one's executions now. The same one afresh: release
    // the old follows only once the new ones are taken, so a follower is not restarted for nothing.
    const previousFollows = this.follows;
    if (!again) previousFollows.dispose();
    this.follows = new RunningFollows(backend);
    this.backend = backend;
    this.model = new ExecutionsModel();
    this.callbackItems.clear();
    // Refreshes queued for the old model's nodes would name rows the new tree does not have
    // (VS Code: "Data tree node not found"); the new tree is drawn whole anyway.
    this.pendingNodes.clear();
    this.pendingExecutions.clear();
    this.unsubscribe = backend.onEvent((flowName, executionName, e) => this.onChange(flowName, executionName, this.model.onEvent(flowName, executionName, e)));
    try {
      this.model.setSummaries(await backend.listExecutions());
      this.loadError = undefined;
    } catch (e) {
      this.loadError = (e as Error).message;
      void vscode.window.showWarningMessage(vscode.l10n.t('Could not list executions: {0}', this.loadError));
    }
    void vscode.commands.executeCommand('setContext', 'flowStudio.executionsBackend', backend.kind);
    // A refresh redraws the whole tree once (also should a slow history flush it meanwhile).
    if (again) this.wholeTree = true;
    else this.changed.fire(undefined);
    // Running executions may be waiting for callbacks: load them so the group is complete.
    await Promise.all(this.model.unloadedRunning().map((n) => this.loadHistory(n.flowName, n.executionName)));
    previousFollows.dispose();
    if (again && this.wholeTree) {
      if (this.timer) clearTimeout(this.timer);
      this.flush();
    }
  }

  setMaxShown(n: number): void {
    this.maxShown = n;
    this.changed.fire(undefined);
  }

  refresh(): Promise<void> {
    return this.show(this.backend);
  }

  pendingCallbacks(): PendingCallback[] {
    return this.model.pendingCallbacks();
  }

  /** The "Waiting for callback" row, when it is shown (something waits). */
  callbacksGroup(): ExecutionsViewNode | undefined {
    return this.model.pendingCallbacks().length ? this.group : undefined;
  }

  getTreeItem(node: ExecutionsViewNode): vscode.TreeItem {
    const now = Date.now();
    const kind = this.backend.kind;
    switch (node.kind) {
      case 'execution':
        return executionItem(node, kind, now);
      case 'step':
        return stepItem(node, kind, now);
      case 'branch':
      case 'iteration':
        return scopeItem(node, kind);
      case 'callbacks':
        return callbacksGroupItem(this.model.pendingCallbacks().length, kind);
      case 'callback':
        return callbackItem(node.callback, kind, now);
    }
  }

  async getChildren(node?: ExecutionsViewNode): Promise<ExecutionsViewNode[]> {
    if (!node) {
      const executions = this.model.executions().slice(0, this.maxShown);
      return this.model.pendingCallbacks().length ? [this.group, ...executions] : executions;
    }
    switch (node.kind) {
      case 'callbacks':
        return this.callbackNodes();
      case 'callback':
        return [];
      case 'execution':
        if (!this.model.isLoaded(node.flowName, node.executionName)) await this.loadHistory(node.flowName, node.executionName);
        return node.children;
      default:
        return node.children;
    }
  }

  getParent(node: ExecutionsViewNode): ExecutionsViewNode | undefined {
    switch (node.kind) {
      case 'step':
      case 'branch':
      case 'iteration':
        return node.parent;
      case 'callback':
        return this.group;
      default:
        return undefined;
    }
  }

  /** The execution node for a flow/execution name, if listed. */
  execution(flowName: string, executionName: string): ExecutionNode | undefined {
    return this.model.tree(flowName, executionName)?.root;
  }

  async ensureLoaded(flowName: string, executionName: string): Promise<ExecutionNode | undefined> {
    if (!this.model.tree(flowName, executionName)) {
      this.model.setSummaries([...(await this.backend.listExecutions())]);
    }
    if (!this.model.isLoaded(flowName, executionName)) await this.loadHistory(flowName, executionName);
    return this.execution(flowName, executionName);
  }

  private callbackNodes(): CallbackItem[] {
    const next = new Map<string, CallbackItem>();
    for (const c of this.model.pendingCallbacks()) {
      const existing = this.callbackItems.get(c.stepId);
      const item = existing ?? { kind: 'callback' as const, callback: c };
      item.callback = c;
      next.set(c.stepId, item);
    }
    this.callbackItems = next;
    return [...next.values()];
  }

  private async loadHistory(flowName: string, executionName: string): Promise<void> {
    if (!this.model.beginLoad(flowName, executionName)) return;
    const model = this.model;
    try {
      const events = await this.backend.getExecutionHistory(flowName, executionName);
      if (model !== this.model) return;
      this.onChange(flowName, executionName, model.load(flowName, executionName, events));
    } catch (e) {
      model.abortLoad(flowName, executionName);
      void vscode.window.showWarningMessage(vscode.l10n.t('Could not read the history of {0}: {1}', executionName, (e as Error).message));
    }
  }

  private onChange(flowName: string, executionName: string, change: ModelChange & { needsLoad?: boolean }): void {
    if (change.list) this.wholeTree = true;
    for (const n of change.nodes) this.pendingNodes.add(n);
    if (change.pending) this.wholeTree ||= this.groupVisibilityChanges();
    if (change.pending) this.pendingNodes.add(this.group);
    if (change.nodes.length || change.list || change.pending) this.pendingExecutions.set(executionId(flowName, executionName), { flowName, executionName });
    if (change.needsLoad) void this.loadHistory(flowName, executionName);
    // The execution's own node changed (loaded, ended): start or stop following it.
    const root = this.model.tree(flowName, executionName)?.root;
    if (root && change.nodes.includes(root)) this.followIfRunning(flowName, executionName);
    this.schedule();
  }

  /** A loaded execution that runs is followed live; one that ended is let go (cloud only). */
  private followIfRunning(flowName: string, executionName: string): void {
    const tree = this.model.tree(flowName, executionName);
    if (tree && this.model.isLoaded(flowName, executionName)) this.follows.update(tree);
  }

  /** The group appears or disappears: the root's children change. */
  private groupVisibilityChanges(): boolean {
    const shown = this.callbackItems.size > 0;
    return shown !== this.model.pendingCallbacks().length > 0;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), REFRESH_DELAY_MS);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.wholeTree) this.changed.fire(undefined);
    else if (this.pendingNodes.size) this.changed.fire([...this.pendingNodes]);
    // Keep the group's children list in step even if it was not expanded yet.
    if (this.model.pendingCallbacks().length === 0) this.callbackItems.clear();
    else if (this.wholeTree || this.pendingNodes.has(this.group)) this.callbackNodes();
    this.wholeTree = false;
    this.pendingNodes.clear();
    for (const e of this.pendingExecutions.values()) this.modelChanged.fire(e);
    this.pendingExecutions.clear();
  }

  /** The view is shown or hidden (TreeView.onDidChangeVisibility); shown again, a cloud list is read at once. */
  setVisible(visible: boolean): void {
    const shownAgain = visible && !this.visible;
    this.visible = visible;
    if (shownAgain && this.backend.kind === 'cloud') void this.relistCloud();
  }

  private tick(): void {
    if (!this.visible) return;
    this.ticks++;
    if (this.backend.kind === 'cloud' && ++this.ticksSinceList >= RELIST_TICKS) void this.relistCloud();
    const now = Date.now();
    const callbacks = [...this.callbackItems.values()];
    const due = new Set(
      rowsToRedraw(
        callbacks.map((c) => c.callback),
        now,
        this.ticks,
        SLOW_TICKS,
      ),
    );
    const nodes: ExecutionsViewNode[] = [...rowsToRedraw(countingNodes(this.model.executions()), now, this.ticks, SLOW_TICKS), ...callbacks.filter((c) => due.has(c.callback))];
    if (nodes.length) this.changed.fire(nodes);
  }

  /**
   * The cloud pushes no list: an execution started elsewhere (the console, another window) since
   * the list was read shows up at the next tick, and is followed like the others once running.
   */
  private async relistCloud(): Promise<void> {
    if (this.relisting) return;
    this.relisting = true;
    this.ticksSinceList = 0;
    const model = this.model;
    try {
      const added = model.addSummaries(await this.backend.listExecutions());
      if (model !== this.model || added.length === 0) return;
      this.wholeTree = true;
      this.schedule();
      await Promise.all(added.filter((n) => n.status === 'Running' || n.status === 'Starting').map((n) => this.loadHistory(n.flowName, n.executionName)));
    } catch {
      // A failed poll changes nothing; Refresh says why (show() reports listing errors).
    } finally {
      this.relisting = false;
    }
  }

  dispose(): void {
    this.unsubscribe?.();
    this.follows.dispose();
    clearInterval(this.ticker);
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    this.modelChanged.dispose();
  }
}
