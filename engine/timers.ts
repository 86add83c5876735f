/**
 * Durable timers: TimerStarted records the due time (epoch ms, already time-scaled) before the
 * engine sleeps, so after a restart a wait or a retry back-off resumes with the remaining time
 * only; TimerFired records that it elapsed.
 */
import type { RunContext } from './run-context';

export async function durableTimer(run: RunContext, key: string, seconds: number, reason: 'wait' | 'retry', stepName: string, signal: AbortSignal): Promise<void> {
  const started = run.journal.recordAt('TimerStarted', key, { dueTime: run.clock.now() + Math.max(0, seconds) * 1000 * run.timeScale, reason, seconds }, { stepName });
  if (!run.journal.has(`${key}|TimerFired`)) await run.clock.sleep(started.detail.dueTime - run.clock.now(), signal);
  run.journal.recordAt('TimerFired', key, {}, { stepName, scheduleEventId: started.eventId });
}

/** Real milliseconds for a timeout of `seconds` flow seconds; undefined means "not enforced" (timeScale 0). */
export function scaledTimeoutMs(run: Pick<RunContext, 'timeScale'>, seconds: number | undefined): number | undefined {
  if (seconds === undefined || seconds <= 0 || run.timeScale <= 0) return undefined;
  return seconds * 1000 * run.timeScale;
}
