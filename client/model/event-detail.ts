/** Reading a history event's EventDetail (JSON text) without trusting it: bad text gives {}. */
import type { HistoryEvent } from '../../engine/index';

export type Detail = Record<string, unknown>;

export function eventDetail(e: HistoryEvent): Detail {
  if (!e.eventDetail) return {};
  try {
    const v: unknown = JSON.parse(e.eventDetail);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Detail) : {};
  } catch {
    return {};
  }
}

export function detailString(d: Detail, key: string): string | undefined {
  const v = d[key];
  return typeof v === 'string' ? v : undefined;
}

export function detailNumber(d: Detail, key: string): number | undefined {
  const v = d[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
