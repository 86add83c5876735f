/**
 * Bridges a text-read cursor context to the schema catalogue: document path with indexes and a
 * stand-in root holding each enclosing step's `type`, which is all the catalogue needs to pick
 * the right step kind (it dispatches on `type`, or `Type`), and the keys a conditional reads.
 */
import type { DocumentPath } from '../fdl/schema/index';
import type { CursorContext, MapFrame } from '../fdl/navigation/index';

export interface SchemaPosition {
  /** Path of the mapping the cursor is in (keys and 0 for sequence levels). */
  path: DocumentPath;
  root: unknown;
  /** Frames that are steps (their path ends in `steps, []`), outermost first. */
  stepFrames: MapFrame[];
}

/** How a dialect lists its steps and names their types, and the keys its conditional schemas read (`Action`). */
export interface StepKeys {
  listKey: string;
  typeKey: string;
  conditionKeys?: readonly string[];
}

const CLASSIC_KEYS: StepKeys = { listKey: 'steps', typeKey: 'type' };

export function schemaPositionOf(ctx: CursorContext, keys: StepKeys = CLASSIC_KEYS): SchemaPosition {
  const root: Record<string, unknown> = {};
  const path: (string | number)[] = [];
  const stepFrames: MapFrame[] = [];
  let holder: Record<string, unknown> | unknown[] = root;
  for (const frame of ctx.frames) {
    for (let i = 0; i < frame.via.length; i++) {
      const seg = frame.via[i];
      const next = frame.via[i + 1] === '[]' ? [] : {};
      if (seg === '[]') {
        path.push(0);
        (holder as unknown as unknown[])[0] = next;
        holder = next;
      } else {
        path.push(seg);
        (holder as Record<string, unknown>)[seg] = next;
        holder = next;
      }
    }
    const isStep = path.length >= 2 && path[path.length - 1] === 0 && path[path.length - 2] === keys.listKey;
    if (isStep && !Array.isArray(holder)) {
      stepFrames.push(frame);
      for (const k of [keys.typeKey, ...(keys.conditionKeys ?? [])]) {
        const v = frame.entries().get(k)?.value;
        if (v) (holder as Record<string, unknown>)[k] = v;
      }
    }
  }
  return { path, root, stepFrames };
}

/** Offset of a frame's first key: where the model's step mapping starts. */
export function frameStart(frame: MapFrame): number {
  return frame.startLine + Math.max(0, frame.keyColumn);
}
