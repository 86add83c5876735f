/**
 * Durable timers: TimerStarted records the due time (epoch ms on the engine's clock) before the
 * engine sleeps, so after a restart a wait or a retry back-off resumes with the remaining time
 * only; TimerFired records that it elapsed. Durations are flow time: the clock applies the time
 * scale (virtual-clock.ts), so the history shows waits at their length at every scale.
 */
import type { RunContext } from './run-context';

/**
 * The longest timer recorded: two years. No execution lives past one (patterns/execution-limit.ts),
 * so a later timer never fires either way, and the history holds numbers JSON can write (a wait of
 * 1e306 s, or a back-off grown to Infinity, would make dueTime Infinity, written as null).
 */
export const LONGEST_TIMER_SECONDS = 2 * 365 * 24 * 60 * 60;

export async function durableTimer(run: RunContext, key: string, seconds: number, reason: 'wait' | 'retry', stepName: string, signal: AbortSignal): Promise<void> {
  // `> 0` is false for NaN too: a timer of no length.
  const s = seconds > 0 ? Math.min(seconds, LONGEST_TIMER_SECONDS) : 0;
  const started = run.journal.recordAt('TimerStarted', key, { dueTime: run.clock.now() + s * 1000, reason, seconds: s }, stepName);
  if (!run.journal.has(`${key}|TimerFired`)) await run.clock.sleep(started.detail.dueTime - run.clock.now(), signal);
  run.journal.recordAt('TimerFired', key, {}, stepName, started.eventId);
}

/** Flow milliseconds of a timeout of `seconds`; undefined when none is set. */
export function timeoutMs(seconds: number | undefined): number | undefined {
  if (seconds === undefined || seconds <= 0) return undefined;
  return seconds * 1000;
}
