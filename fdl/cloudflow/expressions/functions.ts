/**
 * The built-in functions' implementations, with the documented results and argument types
 * (https://help.aliyun.com/en/document_detail/2579872.html). Where the page is silent we chose; each
 * choice is in docs/cloudflow-expressions.md. A wrong argument gives a located, coded error, never
 * a crash; sizes are bounded (`limits.ts`) and regular expressions run on RE2 (linear time).
 */
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { RE2JS } from 're2js';
import { jsonEquals } from '../../expressions/condition-evaluate';
import { defineMessages, message, type Localizable, type Message, type MessageText } from '../../messages';
import type { Span } from '../../model';
import type { SmCall } from './ast';
import { smFail, type SmEvaluationErrorCode } from './errors';
import { MAX_SM_ARRAY_LENGTH, MAX_SM_STRING_LENGTH } from './limits';
import type { SmScope } from './scope';
import { valuePathOf as pathOf } from '../../value-path';

const messages = defineMessages({
  argumentType: 'Argument {0} of `{1}` must be {2}; here it is {3}.',
  placeholders: 'The template has {0} `{}` placeholder(s) but {1} value(s) follow it.',
  badRegex: 'Invalid regular expression (RE2 syntax): {0}',
  badBase64: 'This string is not valid Base64.',
  badJson: 'This string is not valid JSON: {0}',
  notJsonObject: 'This JSON is {0}; `{1}` returns a map, so the JSON must be an object (`{…}`).',
  jsonNumberRange:
    'This JSON holds a number at {0} beyond the range of a JSON number (a double, about ±1.8e308); it is refused rather than turned into null. Write a smaller number, or a string.',
  badAlgorithm: 'Unknown hash algorithm `{0}`: use `MD5`, `SHA-1`, `SHA-256` or `SHA-512`.',
  emptyRange: '`randomInt` needs min < max; here min is {0} and max is {1}.',
  overflow: 'The sum {0} is outside the integers CloudFlow data can hold exactly.',
  tooLarge: '`{0}` would produce more than {1} characters or elements.',
  typeString: 'a string',
  typeInteger: 'an integer',
  typeArray: 'an array',
  typeMap: 'a map (JSON object)',
  typeArrayOrMap: 'an array or a map',
  typeArrayMapOrString: 'an array, a map or a string',
  typeIndexForArray: 'an integer index (the first argument is an array)',
  typeKeyForMap: 'a string key (the first argument is a map)',
  isNull: '`null`',
  isBool: 'a boolean',
  isNumber: 'the number {0}',
  isString: 'a string',
  isArray: 'an array',
  isMap: 'a map',
});

/** A function's implementation: the evaluated arguments and the call (for locating errors). */
export type SmFunctionImpl = (args: unknown[], call: SmCall, scope: SmScope) => unknown;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What a value is, for messages ("here it is a boolean"). */
function describe(v: unknown): Message {
  if (v === null || v === undefined) return message(messages.isNull);
  if (typeof v === 'boolean') return message(messages.isBool);
  if (typeof v === 'number') return message(messages.isNumber, v);
  if (typeof v === 'string') return message(messages.isString);
  return message(Array.isArray(v) ? messages.isArray : messages.isMap);
}

function argSpan(call: SmCall, i: number): Span {
  return call.args[i]?.span ?? call.span;
}

function fail(call: SmCall, i: number | undefined, code: SmEvaluationErrorCode, text: Localizable): never {
  const span = i === undefined ? call.span : argSpan(call, i);
  smFail(code, span.start, span.end, text);
}

function typeError(call: SmCall, i: number, expected: MessageText, actual: unknown): never {
  fail(call, i, 'argument-type', message(messages.argumentType, i + 1, call.name, message(expected), describe(actual)));
}

function str(args: unknown[], call: SmCall, i: number): string {
  const v = args[i];
  if (typeof v !== 'string') typeError(call, i, messages.typeString, v);
  if (v.length > MAX_SM_STRING_LENGTH) tooLarge(call);
  return v;
}

function int(args: unknown[], call: SmCall, i: number): number {
  const v = args[i];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) typeError(call, i, messages.typeInteger, v);
  return v;
}

function arr(args: unknown[], call: SmCall, i: number): unknown[] {
  const v = args[i];
  if (!Array.isArray(v)) typeError(call, i, messages.typeArray, v);
  return v;
}

function map(args: unknown[], call: SmCall, i: number): Record<string, unknown> {
  const v = args[i];
  if (!isMap(v)) typeError(call, i, messages.typeMap, v);
  return v;
}

function tooLarge(call: SmCall): never {
  fail(call, undefined, 'result-too-large', message(messages.tooLarge, call.name, MAX_SM_STRING_LENGTH));
}

function checkSize(call: SmCall, n: number, limit: number): void {
  if (n > limit) fail(call, undefined, 'result-too-large', message(messages.tooLarge, call.name, limit));
}

/** How `format` shows a value: strings as they are, everything else as compact JSON. */
function display(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v ?? null);
}

/** Key of a JSON value that equal values share (object keys sorted), for `arrayUnique`. */
function canonicalKey(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (!isMap(x)) return x;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort()) Object.defineProperty(sorted, k, { value: x[k], enumerable: true });
    return sorted;
  });
}

// Each called through, not read here: the bundles load @noble/hashes on first use (esbuild.mjs), not when this module is evaluated.
const HASHES: Record<string, (b: Uint8Array) => Uint8Array> = { MD5: (b) => md5(b), 'SHA-1': (b) => sha1(b), 'SHA-256': (b) => sha256(b), 'SHA-512': (b) => sha512(b) };

function utf8Decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

function base64Encode(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function base64Decode(text: string): Uint8Array | undefined {
  // Standard alphabet; the padding may be left out.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  if (text.includes('=') && text.length % 4 !== 0) return undefined;
  const binary = atob(body + '='.repeat((4 - (body.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function stringToJson(args: unknown[], call: SmCall): unknown {
  const text = str(args, call, 0);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    fail(call, 0, 'invalid-argument', message(messages.badJson, (e as Error).message));
  }
  if (!isMap(value)) {
    fail(call, 0, 'invalid-argument', message(messages.notJsonObject, describe(value), call.name));
  }
  // JSON.parse reads `1e400` as Infinity, which the history would write as null: refused, as the
  // engine refuses such a number in any JSON text it reads (engine/SEMANTICS.md "Numbers").
  const at = MAYBE_OUT_OF_RANGE.test(text) ? nonFiniteNumberAt(value) : undefined;
  if (at !== undefined) fail(call, 0, 'invalid-argument', message(messages.jsonNumberRange, at));
  return value;
}

/** Only a number of 309 digits or more, or with a 3-digit exponent, can lie beyond a double's range. */
const MAYBE_OUT_OF_RANGE = /[eE][+]?\d{3}|\d{309}/;

interface Walked {
  v: unknown;
  parent?: Walked;
  key?: string | number;
}

/**
 * The path (`$.a[2]`) of the first number in `value` that is not finite, or undefined. Iterative,
 * the path built only for the number found: a parsed string may nest as deep as its length allows.
 */
function nonFiniteNumberAt(value: unknown): string | undefined {
  const stack: Walked[] = [{ v: value }];
  while (stack.length) {
    const node = stack.pop()!;
    const v = node.v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return pathOf(node);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], parent: node, key: i });
    } else if (isMap(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ v: v[keys[i]], parent: node, key: keys[i] });
    }
  }
  return undefined;
}

export const SM_FUNCTION_IMPLS: ReadonlyMap<string, SmFunctionImpl> = new Map<string, SmFunctionImpl>([
  [
    'format',
    (args, call) => {
      const template = str(args, call, 0);
      const parts = template.split('{}');
      const values = args.slice(1);
      if (parts.length - 1 !== values.length) fail(call, undefined, 'argument-count', message(messages.placeholders, parts.length - 1, values.length));
      let out = parts[0];
      for (let i = 0; i < values.length; i++) {
        out += display(values[i]) + parts[i + 1];
        if (out.length > MAX_SM_STRING_LENGTH) tooLarge(call);
      }
      return out;
    },
  ],
  [
    'length',
    (args, call) => {
      const v = args[0];
      if (typeof v === 'string') return codePointLength(v);
      if (Array.isArray(v)) return v.length;
      if (isMap(v)) return Object.keys(v).length;
      typeError(call, 0, messages.typeArrayMapOrString, v);
    },
  ],
  [
    'regexMatchString',
    (args, call) => {
      const pattern = str(args, call, 0);
      const input = str(args, call, 1);
      let re: RE2JS;
      try {
        re = RE2JS.compile(pattern);
      } catch (e) {
        fail(call, 0, 'invalid-argument', message(messages.badRegex, (e as Error).message));
      }
      return re.test(input);
    },
  ],
  [
    'split',
    (args, call) => {
      const input = str(args, call, 0);
      const sep = str(args, call, 1);
      // An empty separator splits into characters (code points), as Go's strings.Split does.
      if (sep === '') checkSize(call, codePointLength(input), MAX_SM_ARRAY_LENGTH);
      const parts = sep === '' ? Array.from(input) : input.split(sep);
      checkSize(call, parts.length, MAX_SM_ARRAY_LENGTH);
      return parts;
    },
  ],
  [
    'get',
    (args, call) => {
      const c = args[0];
      const k = args[1];
      if (Array.isArray(c)) {
        if (typeof k !== 'number' || !Number.isSafeInteger(k)) typeError(call, 1, messages.typeIndexForArray, k);
        return k >= 0 && k < c.length ? c[k] : null;
      }
      if (isMap(c)) {
        if (typeof k !== 'string') typeError(call, 1, messages.typeKeyForMap, k);
        return Object.prototype.hasOwnProperty.call(c, k) ? c[k] : null;
      }
      typeError(call, 0, messages.typeArrayOrMap, c);
    },
  ],
  [
    'intAdd',
    (args, call) => {
      const sum = int(args, call, 0) + int(args, call, 1);
      if (!Number.isSafeInteger(sum)) fail(call, undefined, 'invalid-argument', message(messages.overflow, sum));
      return sum;
    },
  ],
  [
    'randomInt',
    (args, call, scope) => {
      const min = int(args, call, 0);
      const max = int(args, call, 1);
      if (min >= max) fail(call, undefined, 'invalid-argument', message(messages.emptyRange, min, max));
      const r = Math.min(Math.max(scope.random(), 0), 1 - Number.EPSILON);
      return min + Math.floor(r * (max - min));
    },
  ],
  ['arrayContains', (args, call) => arr(args, call, 0).some((e) => jsonEquals(e, args[1]))],
  [
    'arrayUnique',
    (args, call) => {
      const seen = new Set<string>();
      const out: unknown[] = [];
      for (const e of arr(args, call, 0)) {
        const key = canonicalKey(e);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(e);
      }
      return out;
    },
  ],
  [
    'toArray',
    (args, call) => {
      checkSize(call, args.length, MAX_SM_ARRAY_LENGTH);
      return [...args];
    },
  ],
  ['mapKeys', (args, call) => Object.keys(map(args, call, 0))],
  ['mapValues', (args, call) => Object.values(map(args, call, 0))],
  [
    'jsonMerge',
    (args, call) => {
      const a = map(args, call, 0);
      const b = map(args, call, 1);
      return { ...a, ...b };
    },
  ],
  ['stringToJson', stringToJson],
  ['fromJSON', stringToJson],
  [
    'hash',
    (args, call) => {
      const input = str(args, call, 0);
      const algorithm = str(args, call, 1);
      const fn = HASHES[algorithm.toUpperCase()];
      if (!fn) fail(call, 1, 'invalid-argument', message(messages.badAlgorithm, algorithm));
      return bytesToHex(fn(utf8ToBytes(input)));
    },
  ],
  [
    'fromBase64',
    (args, call) => {
      const bytes = base64Decode(str(args, call, 0));
      if (!bytes) fail(call, 0, 'invalid-argument', messages.badBase64);
      return utf8Decode(bytes);
    },
  ],
  [
    'toBase64',
    (args, call) => {
      const input = str(args, call, 0);
      const out = base64Encode(utf8ToBytes(input));
      if (out.length > MAX_SM_STRING_LENGTH) tooLarge(call);
      return out;
    },
  ],
  [
    'uuid',
    (_args, _call, scope) => {
      const b = new Uint8Array(16);
      for (let i = 0; i < 16; i++) b[i] = Math.min(255, Math.max(0, Math.floor(scope.random() * 256)));
      b[6] = (b[6] & 0x0f) | 0x40; // version 4
      b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
      const h = bytesToHex(b);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  ],
]);
