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

/** One stored event's JSON text: the envelope written directly, the detail through jsonText. */
export function eventText(e: { eventId: number; scheduleEventId?: number; type: string; stepName?: string; time: string; key: string; detail: unknown }, detail?: string): string {
  return (
    `{"eventId":${e.eventId}` +
    (e.scheduleEventId !== undefined ? `,"scheduleEventId":${e.scheduleEventId}` : '') +
    `,"type":"${e.type}"` +
    (e.stepName !== undefined ? `,"stepName":${stepNameText(e.stepName)}` : '') +
    `,"time":"${e.time}","key":${JSON.stringify(e.key)},"detail":${detail ?? (e.type === 'ExecutionStarted' ? startedDetailText(e.detail as StartedDetail) : detailText(e.detail))}}`
  );
}

/**
 * An event's detail: a fresh, small object built by the engine (never remembered, never large
 * itself), so its members go straight to jsonText; member names' texts are kept (a handful).
 */
export function detailText(d: unknown): string {
  if (typeof d !== 'object' || d === null || Array.isArray(d) || typeof (d as { toJSON?: unknown }).toJSON === 'function') return jsonText(d);
  let out = '{';
  for (const k in d) {
    if (!Object.prototype.hasOwnProperty.call(d, k)) continue;
    const x = (d as Record<string, unknown>)[k];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    let name = memberNames.get(k);
    if (name === undefined) {
      name = JSON.stringify(k) + ':';
      if (memberNames.size < 64) memberNames.set(k, name);
    }
    out += (out.length > 1 ? ',' : '') + name + jsonText(x);
  }
  return out + '}';
}
const memberNames = new Map<string, string>();

/** Step names come from the flow model: the same few strings over and over, so their texts are kept. */
function stepNameText(name: string): string {
  let text = stepNames.get(name);
  if (text === undefined) {
    text = jsonString(name);
    if (stepNames.size >= 4096) stepNames.clear();
    stepNames.set(name, text);
  }
  return text;
}
const stepNames = new Map<string, string>();

export type StartedDetail = { input: unknown; flowName: string; executionName: string; flowDefinition: string; flowPath?: string; parent?: unknown };
let lastDefinition: string | undefined;
let lastDefinitionText = '';

/**
 * ExecutionStarted's detail, fields in the object's own order. It carries the whole FDL text,
 * the same for every execution of a flow: its escaped JSON text is kept from the last one.
 */
export function startedDetailText(d: StartedDetail): string {
  if (Object.keys(d).length !== 4 + (d.flowPath !== undefined ? 1 : 0) + (d.parent !== undefined ? 1 : 0) || Object.keys(d)[3] !== 'flowDefinition') return jsonText(d);
  if (d.flowDefinition !== lastDefinition) {
    lastDefinition = d.flowDefinition;
    lastDefinitionText = JSON.stringify(d.flowDefinition);
  }
  return (
    `{"input":${jsonText(d.input)},"flowName":${jsonString(d.flowName)},"executionName":${jsonString(d.executionName)},"flowDefinition":${lastDefinitionText}` +
    (d.flowPath !== undefined ? `,"flowPath":${JSON.stringify(d.flowPath)}` : '') +
    (d.parent !== undefined ? `,"parent":${jsonText(d.parent)}` : '') +
    '}'
  );
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
  return typeof (v as { toJSON?: unknown }).toJSON !== 'function';
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
