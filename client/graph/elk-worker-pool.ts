/**
 * ELK in a worker thread for the extension: one worker, started on the first graph, and stopped
 * when the extension is. A newer layout of the same requester (a graph panel) ends its older one
 * still running (the older one's text is gone anyway), so a large flow being edited never queues
 * layouts; another requester's layout waits for the one running. One running past the time limit
 * is ended with LayoutTooLongError. Without the worker's file (the
 * extension-host tests load this module from their own bundle) layouts run in this thread.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import { inThisThread, type ElkRunner } from './elk-layout';

interface Pending {
  id: number;
  resolve(graph: ElkNode): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
  /** Whose layout it is: only a newer one of the same requester ends it (a warm-up has none, and is never ended). */
  requester?: unknown;
  warmUp: boolean;
  /** Settles when it ends, however. */
  ended: Promise<void>;
}

/** A layout that took longer than the pool allows (its thread is ended; the next layout starts a new one). */
export class LayoutTooLongError extends Error {
  constructor(readonly seconds: number) {
    super(`the layout took longer than ${seconds} s`);
  }
}

/** A layout ended by a newer one of the same requester (its text is gone). */
export class LayoutSupersededError extends Error {
  constructor() {
    super('superseded by a newer layout');
  }
}

/** How long one layout may take: ELK's cost grows with the layers long transitions cross (docs/flow-graph.md). */
const LAYOUT_TIMEOUT_MS = 30_000;

export class ElkWorkerPool {
  private worker?: Worker;
  private pending?: Pending;
  private nextId = 1;

  constructor(
    private readonly script: string = join(__dirname, 'elk-worker.js'),
    private readonly timeoutMs = LAYOUT_TIMEOUT_MS,
  ) {}

  /** Lays `graph` out; `requester` (e.g. a graph panel) says which older layout it may end. */
  readonly run = async (graph: ElkNode, requester?: unknown, warmUp = false): Promise<ElkNode> => {
    if (!existsSync(this.script)) return inThisThread(graph);
    while (this.pending && (this.pending.warmUp || this.pending.requester !== requester)) await this.pending.ended;
    if (this.pending) this.stop(new LayoutSupersededError());
    const worker = this.start();
    let ended!: () => void;
    const answer = new Promise<ElkNode>((resolve, reject) => {
      const timer = setTimeout(() => this.stop(new LayoutTooLongError(Math.round(this.timeoutMs / 1000))), this.timeoutMs);
      this.pending = { id: this.nextId++, resolve, reject, timer, requester, warmUp, ended: new Promise<void>((r) => (ended = r)) };
      worker.postMessage({ id: this.pending.id, graph });
    });
    answer.then(ended, ended);
    return answer;
  };

  /**
   * A layout that may be ended by nothing but time: the thread starting and loading ELK on the
   * first flow opened, before anyone asks for its graph. A layout asked for meanwhile waits for it
   * (ending it would start the thread and load ELK again).
   */
  readonly warm: ElkRunner = (graph) => this.run(graph, undefined, true);

  dispose(): void {
    this.stop(new Error('the graph layout was stopped'));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', (m: { id: number; graph?: ElkNode; error?: string }) => {
      const p = this.pending;
      if (!p || p.id !== m.id) return;
      this.pending = undefined;
      clearTimeout(p.timer);
      if (m.graph) p.resolve(m.graph);
      else p.reject(new Error(m.error ?? 'layout failed'));
    });
    const fail = (e: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const p = this.pending;
      this.pending = undefined;
      if (p) clearTimeout(p.timer);
      p?.reject(e);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the layout thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private stop(reason: Error): void {
    const worker = this.worker;
    const p = this.pending;
    this.worker = undefined;
    this.pending = undefined;
    if (p) clearTimeout(p.timer);
    p?.reject(reason);
    void worker?.terminate();
  }
}
