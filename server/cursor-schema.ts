/**
 * Bridges a text-read cursor context to the schema catalogue: document path with indexes and a
 * stand-in root holding each enclosing step's `type`, which is all the catalogue needs to pick
 * the right step kind (it dispatches on `type`).
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

export function schemaPositionOf(ctx: CursorContext): SchemaPosition {
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
    const isStep = path.length >= 2 && path[path.length - 1] === 0 && path[path.length - 2] === 'steps';
    if (isStep && !Array.isArray(holder)) {
      stepFrames.push(frame);
      const type = frame.entries().get('type')?.value;
      if (type) (holder as Record<string, unknown>).type = type;
    }
  }
  return { path, root, stepFrames };
}

/** Offset of a frame's first key: where the model's step mapping starts. */
export function frameStart(frame: MapFrame): number {
  return frame.startLine + Math.max(0, frame.keyColumn);
}
