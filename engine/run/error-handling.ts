/**
 * retry and catch (docs "Error handling", "Task steps"):
 * - retry policies are tried in order; the FIRST whose `errors` match the error applies (docs:
 *   "only the first matching rule is used"). Each policy counts its own retries: up to
 *   `maxAttempts` (default 3) retries after the first attempt, waiting
 *   intervalSeconds (default 1) × multiplier (default 2)^n, capped by maxIntervalSeconds
 *   (so 10 s ×2 waits 10, 20, 40 s).
 * - when no retry applies (or retries are used up) the first matching catch applies: its
 *   errorMappings ($local.error, $local.cause) become the step's output and execution goes to
 *   `goto` (a sibling); no catch ⇒ the error propagates to the parent.
 * Retry waits are durable timers; attempts are numbered from 1 and keep counting across restarts.
 */
import type { Catch, Retry } from '../../fdl/model';
import { errorMatches, StepFailure } from '../errors';
import type { RunContext } from './run-context';
import { durableTimer, LONGEST_TIMER_SECONDS } from './timers';

export const RETRY_DEFAULTS = { intervalSeconds: 1, maxAttempts: 3, multiplier: 2 } as const;

/** Seconds to wait before retry number `n` (0-based) under one policy. */
export function retryDelaySeconds(policy: Pick<Retry, 'intervalSeconds' | 'multiplier' | 'maxIntervalSeconds'>, n: number): number {
  const interval = policy.intervalSeconds ?? RETRY_DEFAULTS.intervalSeconds;
  const multiplier = policy.multiplier ?? RETRY_DEFAULTS.multiplier;
  // No interval stays none however the multiplier grows (0 × Infinity would be NaN); a delay
  // grown past any execution's life is held at the longest timer (timers.ts), never Infinity.
  const delay = interval === 0 ? 0 : Math.min(interval * multiplier ** n, LONGEST_TIMER_SECONDS);
  return policy.maxIntervalSeconds !== undefined ? Math.min(delay, policy.maxIntervalSeconds) : delay;
}

export async function withRetry<T>(
  policies: readonly Retry[],
  run: RunContext,
  key: string,
  stepName: string,
  signal: AbortSignal,
  attemptOnce: (attempt: number) => T | Promise<T>,
): Promise<T> {
  const used = policies.map(() => 0);
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(attempt);
    } catch (e) {
      if (!(e instanceof StepFailure)) throw e;
      const i = policies.findIndex((p) =>
        errorMatches(
          p.errors.map((x) => x.value),
          e.error,
        ),
      );
      if (i < 0) throw e;
      const policy = policies[i];
      if (used[i] >= (policy.maxAttempts ?? RETRY_DEFAULTS.maxAttempts)) throw e;
      const delay = retryDelaySeconds(policy, used[i]);
      used[i]++;
      run.log(stepName, `retrying after ${e.error} in ${delay}s (attempt ${attempt + 1})`);
      await durableTimer(run, `${key}@${attempt}|retry`, delay, 'retry', stepName, signal);
    }
  }
}

export function findCatch(catches: readonly Catch[], error: string): Catch | undefined {
  return catches.find((c) =>
    errorMatches(
      c.errors.map((x) => x.value),
      error,
    ),
  );
}
