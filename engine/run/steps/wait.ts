/**
 * wait: `duration` seconds (constant or `$.x` from the step input) or an absolute RFC 3339
 * `timestamp` (constant or `$.x`); a time in the past ends the wait at once (docs "Wait steps").
 * The docs cap a wait at two days; we do not enforce the cap locally. Its $local is empty.
 * The wait is a durable timer: after a restart it resumes with the remaining time.
 */
import type { WaitStep } from '../../../fdl/model';
import { readInputReference } from '../data-mapping';
import { StepFailure } from '../../errors';
import type { StepRunner } from '../run-context';
import { durableTimer } from '../timers';
import { engineText } from '../../messages';

export const runWait: StepRunner<WaitStep> = async (step, input, sr) => {
  const seconds = waitSeconds(step, input, sr.run.clock.now());
  await durableTimer(sr.run, sr.attemptKey, seconds, 'wait', step.name, sr.signal);
  return { local: {} };
};

function waitSeconds(step: WaitStep, input: Record<string, unknown>, now: number): number {
  if (step.duration !== undefined) {
    const v = readInputReference(step.duration.value, input);
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new StepFailure('FnF.InvalidDuration', engineText('badDuration', step.name, JSON.stringify(v) ?? 'nothing'));
    return n;
  }
  if (step.timestamp !== undefined) {
    const v = readInputReference(step.timestamp.value, input);
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    if (!Number.isFinite(t)) throw new StepFailure('FnF.InvalidTimestamp', engineText('badTimestamp', step.name, JSON.stringify(v) ?? 'nothing'));
    return Math.max(0, (t - now) / 1000);
  }
  return 0;
}
