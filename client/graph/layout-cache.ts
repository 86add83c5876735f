/**
 * ELK's answers for the last few graphs, by what was asked: a redraw whose boxes and transitions
 * did not change (an edit inside a state's parameters, a comment, reopening the graph of a flow)
 * costs no layout. The key is a hash of ELK's whole input, so any change that could move anything
 * lays out afresh. Answers are shared, never changed (elk-layout.ts only reads them).
 */
import { createHash } from 'node:crypto';
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { ElkRunner } from './elk-layout';

export class LayoutCache {
  private readonly answers = new Map<string, Promise<ElkNode>>();

  constructor(private readonly entries = 16) {}

  /** `run` behind the cache: a graph asked before (or being laid out) gets that answer. */
  runner(run: ElkRunner): ElkRunner {
    return (graph) => {
      const key = createHash('sha256').update(JSON.stringify(graph)).digest('base64');
      const known = this.answers.get(key);
      if (known) {
        // Most recently used last.
        this.answers.delete(key);
        this.answers.set(key, known);
        return known;
      }
      const answer = run(graph);
      this.answers.set(key, answer);
      // A failed or ended layout is not an answer.
      answer.catch(() => this.answers.get(key) === answer && this.answers.delete(key));
      while (this.answers.size > this.entries) this.answers.delete(this.answers.keys().next().value!);
      return answer;
    };
  }
}
