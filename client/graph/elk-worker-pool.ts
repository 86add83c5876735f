/**
 * ELK in a worker thread for the extension: one worker, started on the first graph, and stopped
 * when the extension is. A newer layout ends an older one still running (the older one's text is
 * gone anyway), so a large flow being edited never queues layouts; one running past the time limit
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
  warmUp: boolean;
}

/** A layout that took longer than the pool allows (its thread is ended; the next layout starts a new one). */
export class LayoutTooLongError extends Error {
  constructor(readonly seconds: number) {
    super(`the layout took longer than ${seconds} s`);
  }
}

/** How long one layout may take: ELK's cost grows with the layers long transitions cross (docs/flow-graph.md). */
const LAYOUT_TIMEOUT_MS = 30_000;

export class ElkWorkerPool {
  private worker?: Worker;
  private pending?: Pending;
  private nextId = 1;
  private warming?: Promise<void>;

  constructor(
    private readonly script: string = join(__dirname, 'elk-worker.js'),
    private readonly timeoutMs = LAYOUT_TIMEOUT_MS,
  ) {}

  readonly run: ElkRunner = async (graph) => {
    if (!existsSync(this.script)) return inThisThread(graph);
    // A layout asked for while the thread warms up waits for it (ending it would load ELK again).
    if (this.pending?.warmUp && graph !== WARM_UP_GRAPH) await this.warming;
    if (this.pending) this.stop(new Error('superseded by a newer layout'));
    const worker = this.start();
    return new Promise<ElkNode>((resolve, reject) => {
      const timer = setTimeout(() => this.stop(new LayoutTooLongError(Math.round(this.timeoutMs / 1000))), this.timeoutMs);
      this.pending = { id: this.nextId++, resolve, reject, timer, warmUp: graph === WARM_UP_GRAPH };
      worker.postMessage({ id: this.pending.id, graph });
    });
  };

  /**
   * Starts the thread and has it lay out a small flow, so that the first graph a user asks for finds
   * ELK loaded and compiled (the thread's start and the first layout cost more than most layouts).
   * Resolves when it is warm; a failure here is the first real layout's to report.
   */
  warm(): Promise<void> {
    this.warming ??= this.run(WARM_UP_GRAPH).then(
      () => undefined,
      () => undefined,
    );
    return this.warming;
  }

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

/** A flow's worth of what ELK is asked to do (a compound node, labels, a loop), to warm the thread up. */
const WARM_UP_GRAPH: ElkNode = {
  id: 'warm',
  layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.hierarchyHandling': 'SEPARATE_CHILDREN', 'elk.edgeRouting': 'ORTHOGONAL' },
  children: [
    { id: 'a', width: 120, height: 40 },
    {
      id: 'b',
      layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.padding': '[top=40,left=12,bottom=12,right=12]' },
      children: [
        { id: 'b1', width: 120, height: 40 },
        { id: 'b2', width: 120, height: 40 },
      ],
      edges: [{ id: 'b.e', sources: ['b1'], targets: ['b2'] }],
    },
    { id: 'c', width: 120, height: 40 },
  ],
  edges: [
    { id: 'e0', sources: ['a'], targets: ['b'], labels: [{ id: 'l0', text: 'x', width: 40, height: 14 }] },
    { id: 'e1', sources: ['b'], targets: ['c'] },
    { id: 'e2', sources: ['c'], targets: ['a'], labels: [{ id: 'l2', text: 'y', width: 40, height: 14 }] },
  ],
};
