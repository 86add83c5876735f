/**
 * Bounds on the JSON values that enter the engine: an execution's input, a callback report's
 * Output, a task's result, a nested flow's input; and on what mappings build from them.
 *
 * Why: every value the engine holds is written to the store and serialised again and again
 * (JSON.stringify, structuredClone, the log encoder, the fold on read), all recursive. A value
 * nested a few thousand levels deep makes them throw a RangeError; one such value buffered for
 * the shared log would make every later write throw, for every execution. So nothing deeper
 * than MAX_JSON_DEPTH, larger than MAX_JSON_BYTES or holding a value JSON cannot write is
 * accepted, and the check runs before anything is appended.
 *
 * The limits:
 * - Size: the service documents "maximum request size 1,024 KiB" (Serverless Workflow limits,
 *   help.aliyun.com 2849627 / 122093); no value can reach the service in a larger request, so
 *   none enters here either. The 32 KiB "maximum event data size" stays what it was: a step
 *   whose input + output + local exceed it fails the execution (run/data-mapping.ts).
 * - Depth: the docs are silent; we chose 128 levels (an object or array at the top is level 1).
 *   Real workflow data nests a handful of levels; a flow definition may nest 200 YAML levels
 *   (fdl/input-limits.ts), which is steps, not data. JSON.stringify and the engine's recursive
 *   code were measured to survive about 3,000 levels, so 128 leaves ample room for the
 *   call stack a value is serialised from.
 * - Data: a BigInt cannot be written as JSON (JSON.stringify throws); refused by type.
 * - Numbers read from text (`finiteNumbers`): a number beyond a double's range (`1e400`, `9`
 *   written 400 times) parses to Infinity, which JSON.stringify writes as null: the value would
 *   change unseen. Refused at its path instead (SEMANTICS.md "Numbers"), task results and nested
 *   flows' inputs included.
 *
 * The walks here are iterative: they must not overflow on the very values they refuse.
 */
import type { Locale } from '../fdl/messages';
import { engineLocale, engineMessages } from './messages';
import { formatMessage } from '../fdl/messages';
import { valuePathOf as pathOf } from '../fdl/value-path';

export const MAX_JSON_DEPTH = 128;
export const MAX_JSON_BYTES = 1024 * 1024;

export type JsonLimitProblem =
  | { problem: 'depth'; path: string; limit: number }
  /** `bytes`: at least this many bytes of JSON text (the walk stops once over the limit). */
  | { problem: 'size'; bytes: number; limit: number }
  | { problem: 'type'; path: string; type: string }
  /** A number that is not finite (one out of a double's range, read from text). */
  | { problem: 'range'; path: string };

export type JsonLimitCheck = { ok: true } | ({ ok: false } & JsonLimitProblem);

export interface JsonLimits {
  maxDepth?: number;
  maxBytes?: number;
  /** Refuse a number that is not finite (default: written as null, as JSON.stringify does). */
  finiteNumbers?: boolean;
}

interface Node {
  value: unknown;
  depth: number;
  parent?: Node;
  key?: string | number;
}

/** Whether `value` is JSON data within the limits; else the first problem found, with its path. */
export function checkJsonValue(value: unknown, limits: JsonLimits = {}): JsonLimitCheck {
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  const maxBytes = limits.maxBytes ?? MAX_JSON_BYTES;
  // A lower bound of the JSON text's size, summed while walking (structure and numbers exact,
  // one byte per UTF-16 unit of text): it stops the walk early on a huge value, or on one sharing
  // a sub-value so often that its text would explode. No character takes more than 6 bytes.
  let atLeast = 0;
  let custom = false;
  const stack: Node[] = [{ value, depth: 0 }];
  while (stack.length) {
    const node = stack.pop()!;
    const v = node.value;
    switch (typeof v) {
      case 'string':
        atLeast += v.length + 2;
        break;
      case 'number':
        if (!Number.isFinite(v) && limits.finiteNumbers) return { ok: false, problem: 'range', path: pathOf(node) };
        atLeast += Number.isFinite(v) ? String(v).length : 4;
        break;
      case 'boolean':
        atLeast += v ? 4 : 5;
        break;
      case 'bigint':
        return { ok: false, problem: 'type', path: pathOf(node), type: 'bigint' };
      case 'object': {
        if (v === null) {
          atLeast += 4;
          break;
        }
        const depth = node.depth + 1;
        if (depth > maxDepth) return { ok: false, problem: 'depth', path: pathOf(node), limit: maxDepth };
        // A Date (or any toJSON) is written as what toJSON answers: measured by serialising below.
        if (typeof (v as { toJSON?: unknown }).toJSON === 'function') custom = true;
        if (Array.isArray(v)) {
          atLeast += 1 + Math.max(1, v.length);
          for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth, parent: node, key: i });
        } else {
          let written = 0;
          const keys = Object.keys(v);
          for (let i = keys.length - 1; i >= 0; i--) {
            const x = (v as Record<string, unknown>)[keys[i]];
            // JSON.stringify leaves these members out.
            if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
            written++;
            atLeast += keys[i].length + 3;
            stack.push({ value: x, depth, parent: node, key: keys[i] });
          }
          atLeast += 1 + Math.max(1, written);
        }
        break;
      }
      default:
      // undefined, functions and symbols: left out of objects (above), null in arrays.
    }
    if (atLeast > maxBytes) return { ok: false, problem: 'size', bytes: atLeast, limit: maxBytes };
  }
  if (!custom && atLeast * 6 <= maxBytes) return { ok: true };
  // Depth is bounded now, so serialising is safe; only escapes or toJSON can make the text larger.
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return { ok: false, problem: 'type', path: '$', type: 'value whose toJSON fails' };
  }
  const bytes = Buffer.byteLength(text ?? '');
  return bytes > maxBytes ? { ok: false, problem: 'size', bytes, limit: maxBytes } : { ok: true };
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; problem: 'syntax'; message: string } | ({ ok: false } & JsonLimitProblem);

/**
 * JSON.parse of a text from outside (a request body, a file, a command-line flag) within the
 * limits, its numbers finite: a text over the size limit is not parsed at all; whatever JSON.parse throws (V8's
 * parser is iterative today, but a RangeError must never escape as a crash) is an answer.
 */
export function parseJsonWithinLimits(text: string, limits: JsonLimits = {}): ParsedJson {
  const maxBytes = limits.maxBytes ?? MAX_JSON_BYTES;
  // Cheap bounds first: UTF-8 takes at least one byte per UTF-16 unit, and at most three.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text) > maxBytes))
    return { ok: false, problem: 'size', bytes: Buffer.byteLength(text), limit: maxBytes };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    if (e instanceof SyntaxError) return { ok: false, problem: 'syntax', message: e.message };
    return { ok: false, problem: 'depth', path: '$', limit: limits.maxDepth ?? MAX_JSON_DEPTH };
  }
  const check = checkJsonValue(value, { maxDepth: limits.maxDepth, maxBytes: Number.POSITIVE_INFINITY, finiteNumbers: true });
  return check.ok ? { ok: true, value } : check;
}

const DEPTH_CAP = MAX_JSON_DEPTH + 1;
/** Depths already measured (capped at DEPTH_CAP): the engine never mutates step data. */
const depths = new WeakMap<object, number>();

/**
 * How many levels `value` nests (a scalar 0, `{}` 1, `{"a": []}` 2), counted up to
 * MAX_JSON_DEPTH + 1 (anything deeper answers that). Remembered per object, so mapping the same
 * large value at every step of a loop measures it once.
 */
export function jsonDepth(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const known = depths.get(value);
  if (known !== undefined) return known;
  type Frame = { o: object; kids: unknown[]; i: number; max: number };
  const frame = (o: object): Frame => ({ o, kids: Array.isArray(o) ? o : Object.values(o), i: 0, max: 0 });
  const stack: Frame[] = [frame(value)];
  for (;;) {
    const f = stack[stack.length - 1];
    if (stack.length >= DEPTH_CAP) {
      depths.set(stack[0].o, DEPTH_CAP);
      return DEPTH_CAP;
    }
    if (f.i < f.kids.length) {
      const c = f.kids[f.i++];
      if (typeof c !== 'object' || c === null) continue;
      const d = depths.get(c);
      if (d !== undefined) f.max = Math.max(f.max, d);
      else stack.push(frame(c));
      continue;
    }
    const d = Math.min(DEPTH_CAP, 1 + f.max);
    depths.set(f.o, d);
    stack.pop();
    if (stack.length === 0) return d;
    const parent = stack[stack.length - 1];
    parent.max = Math.max(parent.max, d);
  }
}

/**
 * Why a value was refused, in `locale` (the engine's by default). `subject` names the value,
 * already in that language ("The execution input", "--output"…).
 */
export function jsonLimitText(subject: string, p: JsonLimitProblem | { problem: 'syntax'; message: string }, locale: Locale = engineLocale()): string {
  switch (p.problem) {
    case 'depth':
      return formatMessage(engineMessages.jsonTooDeep, locale, subject, p.limit, p.path);
    case 'size':
      return formatMessage(engineMessages.jsonTooLarge, locale, subject, p.bytes, p.limit);
    case 'type':
      return formatMessage(engineMessages.jsonNotData, locale, subject, p.path, p.type);
    case 'syntax':
      return formatMessage(engineMessages.jsonSyntax, locale, subject, p.message);
    case 'range':
      return formatMessage(engineMessages.jsonNumberRange, locale, subject, p.path);
  }
}
