/**
 * Large values written once per execution in the durable log.
 *
 * A foreach over 1,000 items puts the step input — which holds the whole collection — into every
 * iteration's IterationEntered, StepEntered and StepStarted: written in full, that is megabytes
 * per execution of the same array. In the log, a large array or object (json-text.ts LARGE
 * entries or more) that an execution's line already holds in full is written, in the events of
 * step visits, branches, iterations and tasks, as `0`, and the event lists where it goes
 * (store/log-lines.ts puts the list at the end of the event's array; the earlier line form had it
 * as the line's "s"):
 *
 *   [[<path in detail>, <eventId>, <path in that event's detail>], ...]
 *
 * Reading puts the value back (the very same object as at its first place: replayed histories
 * share it as the running execution did). What a reader sees — readHistory, describe,
 * GetExecutionHistory, replay — is the history as it was recorded.
 *
 * Safe under a kill at any point: a reference always points back to a line of the same execution
 * written earlier (scanning stops at the first torn line, so a line never outlives the lines
 * before it), and a writer that fails to write forgets every first place it had noted. The
 * values the store folds while scanning the log (ExecutionStarted's input, ExecutionSucceeded's
 * output: fold.ts) are always written in full, so the scan needs no earlier line.
 */
import type { AnyStoredEvent, EventType } from './events';
import { holdsLarge, isLarge } from './json-text';

type Path = (string | number)[];
/** [path in this event's detail, eventId of the line holding the value, path in that detail]. */
export type SharedRef = [Path, number, Path];

/**
 * Events whose detail may refer back: the fold (fold.ts) reads no data value of theirs (of a
 * TaskScheduled only its token, a string), so scanning the log needs no resolution.
 */
const MAY_REFER: ReadonlySet<EventType> = new Set<EventType>([
  'StepEntered',
  'StepStarted',
  'StepSucceeded',
  'StepExited',
  'StateEntered',
  'StateStarted',
  'StateSucceeded',
  'BranchEntered',
  'BranchExited',
  'IterationEntered',
  'IterationExited',
  'TaskScheduled',
  'TaskSucceeded',
]);

/** One execution's writer side: where each large value was first written. */
export class SharedValues {
  /** Made on the first large value: most executions never hold one (a WeakMap each would cost the GC). */
  private firstPlace?: WeakMap<object, [number, Path]>;

  /** Forgets every first place (after a failed write: those lines may not be in the log). */
  reset(): void {
    this.firstPlace = undefined;
  }

  /** Notes the large values of an ExecutionStarted's input as first written there (it is written in full). */
  noteStarted(e: AnyStoredEvent & { type: 'ExecutionStarted' }): void {
    const input = e.detail.input as unknown;
    if (holdsLarge(e.detail, 3)) this.note(input, ['input'], e.eventId);
  }

  /** Whether an event of this type may refer back to a value written earlier (else it writes it in full). */
  static mayRefer(type: EventType): boolean {
    return MAY_REFER.has(type);
  }

  /**
   * A large value met at `path` of event `eventId`'s detail: true when the log already holds it
   * and this event may refer to it (the writer writes `0` in its place, and the reference is
   * pushed onto `refs`); false when it is written in full here (its first place, if it had none).
   */
  refer(v: object, path: Path, eventId: number, mayRefer: boolean, refs: SharedRef[]): boolean {
    const places = (this.firstPlace ??= new WeakMap());
    const first = places.get(v);
    if (first && mayRefer) {
      refs.push([path.slice(), first[0], first[1]]);
      return true;
    }
    if (!first) places.set(v, [eventId, path.slice()]);
    return false;
  }

  /** Notes the large values within `v` (written in full at `path` of event `eventId`) as first placed there. */
  private note(v: unknown, path: Path, eventId: number): void {
    if (typeof v !== 'object' || v === null || typeof (v as { toJSON?: unknown }).toJSON === 'function') return;
    if (path.length > 0 && isLarge(v)) {
      this.refer(v, path, eventId, false, []);
      return;
    }
    if (path.length > 0 && !holdsLarge(v, 3)) return;
    const keys = Object.keys(v);
    for (const k of keys) {
      path.push(Array.isArray(v) ? Number(k) : k);
      this.note((v as Record<string, unknown>)[k], path, eventId);
      path.pop();
    }
  }
}

/** Defines rather than assigns: a `__proto__` key in user data stays a plain member, as JSON.parse made it. */
function setMember(o: Record<string | number, unknown>, k: string | number, value: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value, writable: true, enumerable: true, configurable: true });
  else o[k] = value;
}

/** Puts referenced values back into the events of one execution's lines (in log order; `earlier`: its events before them). */
export function resolveShared(lines: readonly { e: AnyStoredEvent; s?: SharedRef[] }[], earlier: readonly AnyStoredEvent[] = []): AnyStoredEvent[] {
  const events = lines.map((l) => l.e);
  if (!lines.some((l) => l.s)) return events;
  const byId = new Map<number, AnyStoredEvent>();
  for (const e of earlier) byId.set(e.eventId, e);
  for (const l of lines) {
    // First: a value may first appear earlier in this very event's detail.
    byId.set(l.e.eventId, l.e);
    if (l.s) {
      for (const [path, eventId, from] of l.s) {
        const source = byId.get(eventId);
        if (!source) throw new Error(`history of ${l.e.key}: event ${eventId} it refers to is missing`);
        setAt(l.e.detail, path, getAt(source.detail, from));
      }
    }
  }
  return events;
}

function getAt(v: unknown, path: Path): unknown {
  for (const k of path) v = (v as Record<string | number, unknown>)[k];
  return v;
}

function setAt(v: unknown, path: Path, value: unknown): void {
  setMember(getAt(v, path.slice(0, -1)) as Record<string | number, unknown>, path[path.length - 1], value);
}
