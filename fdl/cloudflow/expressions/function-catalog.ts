/**
 * The built-in functions of CloudFlow's expression language: names, arities and signatures, for the
 * parser's checks, completion, signature help and hover. Implementations are in `functions.ts`.
 *
 * Source: "Built-in functions", https://help.aliyun.com/en/document_detail/2579872.html (zh:
 * https://help.aliyun.com/document_detail/2579872.html; en mirror
 * https://www.alibabacloud.com/help/en/serverless-workflow/latest/built-in-functions; the pt-br and es
 * editions of 2026 add `get`, `intAdd`, `randomInt` to the "common operations" table). `evidence`
 * says how much of each entry the pages we could read show: its usage and output example, only its
 * name and purpose in the index tables, or nothing (inferred, see docs/cloudflow-expressions.md).
 */
import { defineMessages, type MessageText } from '../../messages';

export type SmFunctionEvidence = 'example' | 'purpose' | 'inferred';

export interface SmFunctionInfo {
  name: string;
  minArgs: number;
  /** `Infinity` for variadic functions. */
  maxArgs: number;
  /** As shown in completion and signature help. */
  signature: string;
  summary: MessageText;
  evidence: SmFunctionEvidence;
  /** For an alias (`fromJSON`), the documented name it stands for. */
  aliasOf?: string;
}

export const SM_FUNCTIONS_DOC_URL = 'https://help.aliyun.com/en/document_detail/2579872.html';

const summaries = defineMessages({
  format: 'Replaces each `{}` in the template with the next argument.',
  length: 'The length of an array, a map (number of keys) or a string (characters).',
  regexMatchString: 'Whether the string contains a match of the regular expression (RE2 syntax).',
  split: 'Splits a string at each occurrence of the separator.',
  get: 'The element of an array at an index, or the value of a map at a key (`null` when absent).',
  intAdd: 'The sum of two integers.',
  randomInt: 'A random integer n with min ≤ n < max.',
  arrayContains: 'Whether the array contains the element.',
  arrayUnique: 'The array without duplicate elements, first occurrences kept in order.',
  toArray: 'An array of the arguments.',
  mapKeys: 'The keys of a map, as an array.',
  mapValues: 'The values of a map, as an array.',
  jsonMerge: 'The keys of both maps; the second map wins where both have a key.',
  stringToJson: 'Parses a JSON string into a map.',
  hash: 'The hex digest of the string with MD5, SHA-1, SHA-256 or SHA-512.',
  fromBase64: 'Decodes a Base64 string (UTF-8 text).',
  toBase64: 'Encodes a string (UTF-8) as Base64.',
  uuid: 'A new random UUID (version 4).',
});

const entries: SmFunctionInfo[] = [
  { name: 'format', minArgs: 1, maxArgs: Infinity, signature: 'format(template: string, ...args: any): string', summary: summaries.format, evidence: 'example' },
  { name: 'length', minArgs: 1, maxArgs: 1, signature: 'length(value: []any | map[string]any | string): int', summary: summaries.length, evidence: 'example' },
  {
    name: 'regexMatchString',
    minArgs: 2,
    maxArgs: 2,
    signature: 'regexMatchString(pattern: string, input: string): bool',
    summary: summaries.regexMatchString,
    evidence: 'purpose',
  },
  { name: 'split', minArgs: 2, maxArgs: 2, signature: 'split(input: string, separator: string): []string', summary: summaries.split, evidence: 'purpose' },
  { name: 'get', minArgs: 2, maxArgs: 2, signature: 'get(collection: []any | map[string]any, indexOrKey: int | string): any', summary: summaries.get, evidence: 'purpose' },
  { name: 'intAdd', minArgs: 2, maxArgs: 2, signature: 'intAdd(a: int, b: int): int', summary: summaries.intAdd, evidence: 'purpose' },
  { name: 'randomInt', minArgs: 2, maxArgs: 2, signature: 'randomInt(min: int, max: int): int', summary: summaries.randomInt, evidence: 'purpose' },
  { name: 'arrayContains', minArgs: 2, maxArgs: 2, signature: 'arrayContains(array: []any, element: any): bool', summary: summaries.arrayContains, evidence: 'example' },
  { name: 'arrayUnique', minArgs: 1, maxArgs: 1, signature: 'arrayUnique(array: []any): []any', summary: summaries.arrayUnique, evidence: 'example' },
  { name: 'toArray', minArgs: 0, maxArgs: Infinity, signature: 'toArray(...values: any): []any', summary: summaries.toArray, evidence: 'purpose' },
  { name: 'mapKeys', minArgs: 1, maxArgs: 1, signature: 'mapKeys(map: map[string]any): []string', summary: summaries.mapKeys, evidence: 'purpose' },
  { name: 'mapValues', minArgs: 1, maxArgs: 1, signature: 'mapValues(map: map[string]any): []any', summary: summaries.mapValues, evidence: 'purpose' },
  { name: 'jsonMerge', minArgs: 2, maxArgs: 2, signature: 'jsonMerge(a: map[string]any, b: map[string]any): map[string]any', summary: summaries.jsonMerge, evidence: 'example' },
  { name: 'stringToJson', minArgs: 1, maxArgs: 1, signature: 'stringToJson(json: string): map[string]any', summary: summaries.stringToJson, evidence: 'example' },
  // The ja edition's example calls it: "fromJSON は stringToJson のエイリアスです".
  { name: 'fromJSON', minArgs: 1, maxArgs: 1, signature: 'fromJSON(json: string): map[string]any', summary: summaries.stringToJson, evidence: 'example', aliasOf: 'stringToJson' },
  {
    name: 'hash',
    minArgs: 2,
    maxArgs: 2,
    signature: 'hash(input: string, algorithm: "MD5" | "SHA-1" | "SHA-256" | "SHA-512"): string',
    summary: summaries.hash,
    evidence: 'example',
  },
  { name: 'fromBase64', minArgs: 1, maxArgs: 1, signature: 'fromBase64(base64: string): string', summary: summaries.fromBase64, evidence: 'example' },
  // The index names a "data encoding and decoding" category; only fromBase64's section was readable.
  { name: 'toBase64', minArgs: 1, maxArgs: 1, signature: 'toBase64(input: string): string', summary: summaries.toBase64, evidence: 'inferred' },
  // The index names "UUID generation"; real flows call `uuid()` (corpus examples 10 and 11).
  { name: 'uuid', minArgs: 0, maxArgs: 0, signature: 'uuid(): string', summary: summaries.uuid, evidence: 'purpose' },
];

export const SM_FUNCTIONS: ReadonlyMap<string, SmFunctionInfo> = new Map(entries.map((e) => [e.name, e]));
export const SM_FUNCTION_NAMES: readonly string[] = entries.map((e) => e.name);
