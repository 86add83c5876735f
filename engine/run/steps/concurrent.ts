/**
 * Runs jobs concurrently (at most `limit` at once). The first failure aborts the others and is
 * what the caller sees; an execution-ending error (succeed/fail step) wins over a step error.
 *
 * Synchronous while the jobs are: a job that answers with its result (a branch or an iteration
 * of steps that cannot block) is done at once and the next one starts, so such jobs cost no
 * promise; once one answers with a promise, it and the jobs still to start go to workers
 * (`limit` of them, that job's among them). All synchronous: the results, not a promise.
 */
import { ExecutionEnd } from '../../errors';
import { childSignal } from '../run-context';
import type { EngineSignal } from '../engine-signal';
import type { MaybePromise } from '../maybe-async';

export function runConcurrently<T>(count: number, limit: number, parent: AbortSignal, job: (i: number, signal: AbortSignal) => MaybePromise<T>): MaybePromise<T[]> {
  const run: Run<T> = { child: childSignal(parent), results: new Array(count), next: 0, firstError: undefined, job, count };
  const running = startWhileSync(run);
  return running ? finish(run, running, Math.max(1, Math.min(limit, count)), parent) : settle(run, parent);
}

interface Run<T> {
  child: EngineSignal;
  results: T[];
  next: number;
  firstError: unknown;
  job: (i: number, signal: AbortSignal) => MaybePromise<T>;
  count: number;
}

/** Starts jobs while they answer synchronously; the first one that does not, or undefined when none is left. */
function startWhileSync<T>(run: Run<T>): { i: number; result: Promise<T> } | undefined {
  while (run.next < run.count && !run.child.aborted) {
    const i = run.next++;
    try {
      const r = run.job(i, run.child.asSignal);
      if (r instanceof Promise) return { i, result: r };
      run.results[i] = r;
    } catch (e) {
      failed(run, e);
    }
  }
  return undefined;
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

/** A job is running: it and `limit - 1` more workers take the jobs still to start. */
async function finish<T>(run: Run<T>, first: { i: number; result: Promise<T> }, limit: number, parent: AbortSignal): Promise<T[]> {
  const worker = async (running: { i: number; result: Promise<T> } | undefined) => {
    for (; running; running = startWhileSync(run)) {
      try {
        run.results[running.i] = await running.result;
      } catch (e) {
        failed(run, e);
      }
    }
  };
  const workers = [worker(first)];
  for (let w = 1; w < limit; w++) workers.push(worker(startWhileSync(run)));
  await Promise.all(workers);
  return settle(run, parent);
}
