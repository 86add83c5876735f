/**
 * The embedded engine, started on first need. Activation creates nothing: no `.fdl/executions`,
 * no store lock, no local API server. The engine starts on the first run, debug, step run alone,
 * scenario, approve or reject (anything that calls `ensure()` or writes through `backend`), or
 * when the Executions view is shown over a store that already exists. `ensure()` starts it once,
 * however many callers ask at the same time; a failed start is given to each caller and the next
 * call tries again. No `vscode` here.
 */
import { existsSync } from 'node:fs';
import type { Backend, ExecutionSummary, HistoryEvent, StartExecutionRequest } from '../../engine/index';
import type { EmbeddedEngine } from './embedded-engine';
import type { ExecutionRef } from './execution-invokers';

type EventListener = (flowName: string, executionName: string, event: HistoryEvent) => void;

export class LazyEngine {
  private engine?: EmbeddedEngine;
  private starting?: Promise<EmbeddedEngine>;
  private disposed = false;
  private readonly startListeners = new Set<(engine: EmbeddedEngine) => void>();
  /** The engine's LocalBackend as every view and command holds it: reads wait for nothing, writes start the engine. */
  readonly backend: LazyLocalBackend;

  constructor(
    /** The workspace's store (`.fdl/executions`): whether it exists decides if showing the Executions view starts the engine. */
    readonly storeDir: string,
    private readonly start: () => Promise<EmbeddedEngine>,
  ) {
    this.backend = new LazyLocalBackend(this);
  }

  /** The engine when started, else undefined (nothing of it exists yet). */
  get current(): EmbeddedEngine | undefined {
    return this.engine;
  }

  /** Executions of earlier sessions are there to list. */
  storeExists(): boolean {
    return existsSync(this.storeDir);
  }

  /** The engine, started now if it was not. */
  ensure(): Promise<EmbeddedEngine> {
    if (this.engine) return Promise.resolve(this.engine);
    if (this.disposed) return Promise.reject(new Error('The extension is shutting down.'));
    this.starting ??= this.start().then(
      async (engine) => {
        if (this.disposed) {
          // Deactivated while starting: release what was just taken.
          await engine.dispose();
          throw new Error('The extension is shutting down.');
        }
        this.engine = engine;
        for (const listener of this.startListeners) listener(engine);
        return engine;
      },
      (e: unknown) => {
        this.starting = undefined;
        throw e;
      },
    );
    return this.starting;
  }

  /** Called once, when the engine has started; returns an unsubscribe function. */
  onDidStart(listener: (engine: EmbeddedEngine) => void): () => void {
    this.startListeners.add(listener);
    return () => void this.startListeners.delete(listener);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const engine = this.engine;
    this.engine = undefined;
    await engine?.dispose();
  }
}

/**
 * The Backend (and the deletions) of the engine, usable before it starts: nothing is listed until
 * it has started (the extension starts it when the Executions view is shown over an existing
 * store, and relists then), and everything that acts on an execution starts it first.
 */
export class LazyLocalBackend implements Backend {
  readonly kind = 'local' as const;
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly lazy: LazyEngine) {
    lazy.onDidStart((engine) => engine.backend.onEvent((f, x, e) => this.listeners.forEach((l) => l(f, x, e))));
  }

  private async local() {
    return (await this.lazy.ensure()).backend;
  }

  async startExecution(req: StartExecutionRequest): Promise<ExecutionSummary> {
    return (await this.local()).startExecution(req);
  }
  async stopExecution(flowName: string, executionName: string, error?: string, cause?: string): Promise<ExecutionSummary> {
    return (await this.local()).stopExecution(flowName, executionName, error, cause);
  }
  async describeExecution(flowName: string, executionName: string): Promise<ExecutionSummary> {
    return (await this.local()).describeExecution(flowName, executionName);
  }
  async listExecutions(flowName?: string): Promise<ExecutionSummary[]> {
    return this.lazy.current ? this.lazy.current.backend.listExecutions(flowName) : [];
  }
  async getExecutionHistory(flowName: string, executionName: string): Promise<HistoryEvent[]> {
    return (await this.local()).getExecutionHistory(flowName, executionName);
  }
  async reportTaskSucceeded(taskToken: string, output: string): Promise<void> {
    return (await this.local()).reportTaskSucceeded(taskToken, output);
  }
  async reportTaskFailed(taskToken: string, error: string, cause: string): Promise<void> {
    return (await this.local()).reportTaskFailed(taskToken, error, cause);
  }
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  async deleteExecutions(refs: ExecutionRef[]): Promise<{ deleted: number }> {
    return (await this.local()).deleteExecutions(refs);
  }
  async finishedExecutions(filter: { flowName?: string; startedBefore?: string; keepLatest?: number }): Promise<ExecutionRef[]> {
    // Executions of earlier sessions count too: open the store when there is one.
    if (!this.lazy.current && !this.lazy.storeExists()) return [];
    return (await this.local()).finishedExecutions(filter);
  }
}
