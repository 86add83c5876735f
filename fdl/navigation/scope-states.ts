/**
 * The states of the StateMachine scope a cursor is in, read from the text alone (like
 * cursor-context.ts), so completing `Next:` while typing needs no parse of half-typed text. A
 * scope is the mapping holding `StartAt` and `States` (the flow, a Parallel branch, a Map
 * processor); its states are the items of its own `States` list, never those of nested scopes.
 * Only the lines at the items' own columns are read in full, which keeps a 1,000-state flow under
 * a millisecond.
 */
import type { CursorContext, MapFrame } from './cursor-context';
import { indentOf, isStructureless, lineEndAt, readLine, unquote } from './yaml-lines';

export interface ScopeState {
  name: string;
  type?: string;
  /** Offset of the line holding its `Name`. */
  nameLine: number;
}

/** The index of the frame of the innermost state (a mapping that is an item of a `States` list), or -1. */
export function stateFrameIndex(ctx: CursorContext): number {
  for (let i = ctx.frames.length - 1; i >= 0; i--) {
    const via = ctx.frames[i].via;
    if (via.length >= 2 && via[via.length - 1] === '[]' && via[via.length - 2] === 'States') return i;
  }
  return -1;
}

/**
 * The frame of the scope whose states a name written at the cursor must be one of: for `StartAt`,
 * the mapping holding it; for a state's `Next`, `Default`, a branch's or a Catch rule's `Next`,
 * the scope holding that state.
 */
export function scopeFrameOf(ctx: CursorContext): MapFrame | undefined {
  const last = ctx.frames[ctx.frames.length - 1];
  if (ctx.key === 'StartAt') return last;
  const i = stateFrameIndex(ctx);
  return i > 0 ? ctx.frames[i - 1] : undefined;
}

/** True when the line at `start` begins with more than `col` spaces (reads at most `col + 1` characters). */
function indentedBeyond(text: string, start: number, col: number): boolean {
  for (let i = 0; i <= col; i++) if (text.charCodeAt(start + i) !== 32) return false;
  return true;
}

const NAME = 'Name';
const TYPE = 'Type';

/** The states listed under the `States` key of `scope`, in order. */
export function statesOfScope(text: string, scope: MapFrame): ScopeState[] {
  const statesLine = scope.entries().get('States')?.line;
  if (!statesLine) return [];
  const K = scope.keyColumn;
  const out: ScopeState[] = [];
  let D = -1;
  let C = -1;
  let current: ScopeState | undefined;
  let pendingType: string | undefined;
  const flush = () => {
    if (current) out.push(current);
    current = undefined;
    pendingType = undefined;
  };
  for (let s = statesLine.end + 1; s > 0 && s <= text.length;) {
    const nl = text.indexOf('\n', s);
    // Lines deeper than the items' keys (most of a state's) are passed over without being read.
    const e = C >= 0 && indentedBeyond(text, s, C) ? -1 : lineEndAt(text, s);
    if (e >= 0 && !isStructureless(text, s, e)) {
      const ind = indentOf(text, s, e);
      const dash = text.charCodeAt(s + ind) === 45 && (s + ind + 1 === e || text.charCodeAt(s + ind + 1) === 32);
      if (ind < K || (ind === K && !dash)) break;
      if (D < 0 && dash) D = ind;
      if (ind === D && dash) {
        flush();
        const ln = readLine(text, s);
        C = ln.contentColumn;
        take(ln);
      } else if (ind === C && (text.startsWith(NAME, s + ind) || text.startsWith(TYPE, s + ind))) {
        take(readLine(text, s));
      } else if (D >= 0 && ind < D) {
        break;
      }
    }
    if (nl < 0) break;
    s = nl + 1;
  }
  flush();
  return out;

  function take(ln: ReturnType<typeof readLine>): void {
    if (ln.keyColumn !== C) return;
    if (ln.key === NAME && ln.value) {
      current = { name: unquote(ln.value), nameLine: ln.start, ...(pendingType ? { type: pendingType } : {}) };
    } else if (ln.key === TYPE && ln.value) {
      if (current) current.type = unquote(ln.value);
      else pendingType = unquote(ln.value);
    }
  }
}
