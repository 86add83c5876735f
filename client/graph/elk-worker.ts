/**
 * The flow graph's layout thread (dist/elk-worker.js): runs ELK on the graphs the extension host
 * posts, so a large flow's layout never holds the extension host (elk-worker-pool.ts).
 * Message in: `{ id, graph }`; out: `{ id, graph }` or `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads';
import { inThisThread } from './elk-layout';
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';

parentPort?.on('message', (m: { id: number; graph: ElkNode }) => {
  inThisThread(m.graph).then(
    (graph) => parentPort!.postMessage({ id: m.id, graph }),
    (e: unknown) => parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
