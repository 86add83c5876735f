/**
 * ELK's answers for the last few graphs, by what was asked: a redraw whose boxes and transitions
 * did not change (an edit inside a state's parameters, a comment, reopening the graph of a flow)
 * costs no layout. The key is a hash of ELK's whole input, so any change that could move anything
 * lays out afresh. Answers are shared, never changed (elk-layout.ts only reads them).
 */
import { createHash } from 'node:crypto';
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { ElkRunner } from './elk-layout';

export function cachedLayouts(run: ElkRunner, entries = 16): ElkRunner {
  const answers = new Map<string, Promise<ElkNode>>();
  return (graph) => {
    const key = createHash('sha256').update(JSON.stringify(graph)).digest('base64');
    const known = answers.get(key);
    if (known) {
      // Most recently used last.
      answers.delete(key);
      answers.set(key, known);
      return known;
    }
    const answer = run(graph);
    answers.set(key, answer);
    // A failed or ended layout is not an answer.
    answer.catch(() => answers.get(key) === answer && answers.delete(key));
    while (answers.size > entries) answers.delete(answers.keys().next().value!);
    return answer;
  };
}
