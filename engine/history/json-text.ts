/**
 * JSON text and byte sizes of step data, without serialising the same large value over and over.
 *
 * A foreach over 1,000 items puts the step input (which holds the whole collection) into every
 * iteration's events, and the 32 KiB check measures it at every step: serialising it each time
 * is quadratic. Large arrays and objects (LARGE entries or more) are serialised once and the text
 * remembered by identity. That is sound because the engine never mutates step data: mappings,
 * merges and iteration inputs always build new objects, and invokers' results are fresh values.
 * Small values go straight to JSON.stringify (faster than any walk in JavaScript).
 */

const LARGE = 32;
/** Strings JSON writes as they are (no quote, backslash, control or non-ASCII character). */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** JSON text of a string; the common plain case without JSON.stringify's escaping pass. */
export function jsonString(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

const texts = new WeakMap<object, string>();
const bytes = new WeakMap<object, number>();

/** JSON.stringify(v), reusing the remembered text of large arrays/objects inside it. */
export function jsonText(v: unknown): string {
  if (typeof v !== 'object' || v === null) return JSON.stringify(v) ?? 'null';
  if (isEmptyObject(v)) return Array.isArray(v) ? '[]' : '{}';
  const known = texts.get(v);
  if (known !== undefined) return known;
  if (isLarge(v)) {
    const text = holdsLarge(v, 3) ? composite(v) : JSON.stringify(v);
    texts.set(v, text);
    return text;
  }
  // Two levels: an event's detail → the step input → the collection.
  return holdsLarge(v, 2) ? composite(v) : JSON.stringify(v);
}

/** Byte length of v's JSON text (UTF-8); 0 for undefined. */
export function jsonBytes(v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v === 'object' && v !== null) {
    if (isEmptyObject(v)) return 2;
    const known = bytes.get(v);
    if (known !== undefined) return known;
    // A small object holding a large one (a foreach iteration's input holds the collection):
    // summed from its members, without building its whole text again.
    const n = !isLarge(v) && holdsLarge(v, 2) && typeof (v as { toJSON?: unknown }).toJSON !== 'function' ? compositeBytes(v) : Buffer.byteLength(jsonText(v));
    if (isLarge(v)) bytes.set(v, n);
    return n;
  }
  return Buffer.byteLength(JSON.stringify(v) ?? 'null');
}

/** Members walked at most by surelyWithin before it gives up (the caller then measures exactly). */
const BOUND_WALK = 64;

/**
 * True when v's JSON text is certainly at most `limit` bytes, from an upper bound that builds no
 * text: a state's data is held to a limit at every visit, and is mostly a few small members.
 * False when unsure (a large or deep value, a toJSON): the caller measures with jsonBytes.
 */
export function surelyWithin(v: unknown, limit: number): boolean {
  const budget = { members: BOUND_WALK };
  return boundBytes(v, budget) <= limit;
}

/** An upper bound of v's JSON bytes (undefined members counted as written), Infinity past the walk's budget. */
function boundBytes(v: unknown, budget: { members: number }): number {
  switch (typeof v) {
    case 'number':
      // The longest a number's JSON text gets: `-1.2345678901234567e-308`.
      return 24;
    case 'boolean':
      return 5;
    case 'string':
      // Every UTF-16 unit at most 6 bytes (`\u001f`), plus the quotes.
      return v.length * 6 + 2;
    case 'object': {
      if (v === null) return 4;
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return Infinity;
      let n = 2;
      if (Array.isArray(v)) {
        if ((budget.members -= v.length) < 0) return Infinity;
        for (const x of v) n += 1 + boundBytes(x, budget);
        return n;
      }
      for (const k in v) {
        if (--budget.members < 0) return Infinity;
        n += k.length * 6 + 4 + boundBytes((v as Record<string, unknown>)[k], budget);
      }
      // No members, yet not `{}`: a boxed number or boolean (JSON writes its value).
      if (n === 2 && !isEmptyObject(v)) return 24;
      return n;
    }
    default:
      // undefined, a function, a symbol: JSON writes `null` or leaves the member out.
      return 4;
  }
}

/** jsonBytes of an array/object from its members' (JSON.stringify's rules for plain data). */
function compositeBytes(v: object): number {
  if (Array.isArray(v)) {
    let n = 1 + Math.max(0, v.length - 1) + 1;
    for (const x of v) n += x === undefined || typeof x === 'function' || typeof x === 'symbol' ? 4 : jsonBytes(x);
    return n;
  }
  let n = 2;
  let first = true;
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    n += (first ? 0 : 1) + Buffer.byteLength(jsonString(k)) + 1 + jsonBytes(x);
    first = false;
  }
  return n;
}

/** `{}` or `[]`: the most common step data of all (a pass's local, an empty input). */
function isEmptyObject(v: object): boolean {
  if (Array.isArray(v)) return v.length === 0;
  for (const _ in v) return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  // Not a boxed primitive (`new Number(5)` has no members and JSON writes it as 5).
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function isLarge(v: object): boolean {
  if (Array.isArray(v)) return v.length >= LARGE;
  let n = 0;
  for (const _ in v) if (++n >= LARGE) return true;
  return false;
}

/**
 * Whether a large array/object sits within `depth` levels (only then is a walk worth it). A
 * remembered text always belongs to a large value (step data is never mutated), so size alone decides.
 */
export function holdsLarge(v: object, depth: number): boolean {
  if (depth === 0) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (typeof x === 'object' && x !== null && (isLarge(x) || holdsLarge(x, depth - 1))) return true;
    return false;
  }
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === 'object' && x !== null && (isLarge(x) || holdsLarge(x, depth - 1))) return true;
  }
  return false;
}

/** The JSON text of an array/object built from its members' jsonText (JSON.stringify's rules for plain data). */
function composite(v: object): string {
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(v);
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      out += (i ? ',' : '') + (x === undefined || typeof x === 'function' || typeof x === 'symbol' ? 'null' : jsonText(x));
    }
    return out + ']';
  }
  let out = '{';
  let first = true;
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + jsonText(x);
    first = false;
  }
  return out + '}';
}
