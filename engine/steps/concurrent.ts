/**
 * Runs jobs concurrently (at most `limit` at once). The first failure aborts the others and is
 * what the caller sees; an execution-ending error (succeed/fail step) wins over a step error.
 */
import { ExecutionEnd } from '../errors';
import { childSignal } from '../run-context';

export async function runConcurrently<T>(count: number, limit: number, parent: AbortSignal, job: (i: number, signal: AbortSignal) => Promise<T>): Promise<T[]> {
  const child = childSignal(parent);
  const signal = child.asSignal;
  const results: T[] = new Array(count);
  let next = 0;
  let firstError: unknown;
  const worker = async () => {
    while (next < count && !child.aborted) {
      const i = next++;
      try {
        results[i] = await job(i, signal);
      } catch (e) {
        if (firstError === undefined || (e instanceof ExecutionEnd && !(firstError instanceof ExecutionEnd))) firstError = e;
        if (!child.aborted) child.abort(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
  if (firstError !== undefined) throw firstError;
  parent.throwIfAborted();
  return results;
}
