/**
 * Durable timers: TimerStarted records the due time (epoch ms on the engine's clock) before the
 * engine sleeps, so after a restart a wait or a retry back-off resumes with the remaining time
 * only; TimerFired records that it elapsed. Durations are flow time: the clock applies the time
 * scale (virtual-clock.ts), so the history shows waits at their length at every scale.
 */
import type { RunContext } from './run-context';

export async function durableTimer(run: RunContext, key: string, seconds: number, reason: 'wait' | 'retry', stepName: string, signal: AbortSignal): Promise<void> {
  const started = run.journal.recordAt('TimerStarted', key, { dueTime: run.clock.now() + Math.max(0, seconds) * 1000, reason, seconds }, stepName);
  if (!run.journal.has(`${key}|TimerFired`)) await run.clock.sleep(started.detail.dueTime - run.clock.now(), signal);
  run.journal.recordAt('TimerFired', key, {}, stepName, started.eventId);
}

/** Flow milliseconds of a timeout of `seconds`; undefined when none is set. */
export function timeoutMs(seconds: number | undefined): number | undefined {
  if (seconds === undefined || seconds <= 0) return undefined;
  return seconds * 1000;
}
