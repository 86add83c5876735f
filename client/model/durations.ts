/** Short human durations for tree descriptions: "850 ms", "12 s", "3 min 5 s", "2 h 3 min". */
export interface DurationUnits {
  ms: string;
  s: string;
  min: string;
  h: string;
}

export const ENGLISH_UNITS: DurationUnits = { ms: 'ms', s: 's', min: 'min', h: 'h' };

export function formatDuration(ms: number, units: DurationUnits = ENGLISH_UNITS): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ${units.ms}`;
  const totalSeconds = Math.floor(ms / 1000);
  if (totalSeconds < 60) return `${ms < 10_000 ? (ms / 1000).toFixed(1) : totalSeconds} ${units.s}`;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes < 60) return seconds ? `${minutes} ${units.min} ${seconds} ${units.s}` : `${minutes} ${units.min}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} ${units.h} ${rest} ${units.min}` : `${hours} ${units.h}`;
}

/** Milliseconds between two ISO times (or until `now` when the end is missing). */
export function elapsedMs(startIso: string, endIso: string | undefined, now: number): number {
  const start = Date.parse(startIso);
  const end = endIso ? Date.parse(endIso) : now;
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : 0;
}

/** Seconds a waiting callback has left before its task's timeoutSeconds, or undefined without one. */
export function timeoutLeftMs(scheduledIso: string, timeoutSeconds: number | undefined, now: number): number | undefined {
  if (timeoutSeconds === undefined) return undefined;
  const start = Date.parse(scheduledIso);
  if (!Number.isFinite(start)) return undefined;
  return Math.max(0, start + timeoutSeconds * 1000 - now);
}
