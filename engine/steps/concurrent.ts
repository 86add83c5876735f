/**
 * Runs jobs concurrently (at most `limit` at once). The first failure aborts the others and is
 * what the caller sees; an execution-ending error (succeed/fail step) wins over a step error.
 *
 * Synchronous while the jobs are: a job that answers with its result (a branch or an iteration
 * of steps that cannot block) is done at once and the next one starts, so such jobs cost no
 * promise; once one answers with a promise, it and the jobs still to start go to workers
 * (`limit` of them, that job's among them). All synchronous: the results, not a promise.
 */
import { ExecutionEnd } from '../errors';
import { childSignal } from '../run-context';
import type { EngineSignal } from '../engine-signal';

export function runConcurrently<T>(count: number, limit: number, parent: AbortSignal, job: (i: number, signal: AbortSignal) => T | Promise<T>): T[] | Promise<T[]> {
  const run: Run<T> = { child: childSignal(parent), results: new Array(count), next: 0, firstError: undefined, job, count };
  while (run.next < count && !run.child.aborted) {
    const i = run.next++;
    let r: T | Promise<T>;
    try {
      r = job(i, run.child.asSignal);
    } catch (e) {
      failed(run, e);
      continue;
    }
    if (r instanceof Promise) return finish(run, i, r, Math.max(1, Math.min(limit, count)), parent);
    run.results[i] = r;
  }
  return settle(run, parent);
}

interface Run<T> {
  child: EngineSignal;
  results: T[];
  next: number;
  firstError: unknown;
  job: (i: number, signal: AbortSignal) => T | Promise<T>;
  count: number;
}

function failed<T>(run: Run<T>, e: unknown): void {
  if (run.firstError === undefined || (e instanceof ExecutionEnd && !(run.firstError instanceof ExecutionEnd))) run.firstError = e;
  if (!run.child.aborted) run.child.abort(e);
}

function settle<T>(run: Run<T>, parent: AbortSignal): T[] {
  if (run.firstError !== undefined) throw run.firstError;
  parent.throwIfAborted();
  return run.results;
}

/** Job `i` is running (`running`): it and `limit - 1` more workers take the jobs still to start. */
async function finish<T>(run: Run<T>, i: number, running: Promise<T>, limit: number, parent: AbortSignal): Promise<T[]> {
  const worker = async (first?: { i: number; running: Promise<T> }) => {
    if (first) {
      try {
        run.results[first.i] = await first.running;
      } catch (e) {
        failed(run, e);
      }
    }
    while (run.next < run.count && !run.child.aborted) {
      const j = run.next++;
      try {
        const r = run.job(j, run.child.asSignal);
        run.results[j] = r instanceof Promise ? await r : r;
      } catch (e) {
        failed(run, e);
      }
    }
  };
  const workers = [worker({ i, running })];
  for (let w = 1; w < limit; w++) workers.push(worker());
  await Promise.all(workers);
  return settle(run, parent);
}
