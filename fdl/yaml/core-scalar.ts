/**
 * How `yaml`'s YAML 1.2 core schema resolves a plain (unquoted, untagged) scalar, copied from its
 * tag tests, so the block reader (block-reader.ts) gives the values `yaml` gives.
 */
const WORDS = new Map<string, unknown>([
  ['~', null],
  ['null', null],
  ['Null', null],
  ['NULL', null],
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
]);

const OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const NAN_INF = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** True when `src` may resolve to something other than itself (a number, boolean or null). */
export function mayBeNonText(src: string): boolean {
  const c = src.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || (src.length <= 5 && WORDS.has(src)) || src === '';
}

/** The value `yaml` gives a plain scalar written as `src`. */
export function resolvePlain(src: string): unknown {
  if (!mayBeNonText(src)) return src;
  if (src === '') return null;
  const w = WORDS.get(src);
  if (w !== undefined || WORDS.has(src)) return w;
  if (OCT.test(src)) return parseInt(src.substring(2), 8);
  if (INT.test(src)) return parseInt(src, 10);
  if (HEX.test(src)) return parseInt(src.substring(2), 16);
  if (NAN_INF.test(src)) return src.slice(-3).toLowerCase() === 'nan' ? NaN : src[0] === '-' ? -Infinity : Infinity;
  if (EXP.test(src)) return parseFloat(src);
  if (FLOAT.test(src)) return parseFloat(src);
  return src;
}
