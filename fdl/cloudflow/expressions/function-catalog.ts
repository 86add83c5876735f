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
  format: { en: 'Replaces each `{}` in the template with the next argument.', 'zh-cn': '用后续参数依次替换模板中的每个 `{}`。' },
  length: { en: 'The length of an array, a map (number of keys) or a string (characters).', 'zh-cn': '数组、映射（键的个数）或字符串（字符数）的长度。' },
  regexMatchString: { en: 'Whether the string contains a match of the regular expression (RE2 syntax).', 'zh-cn': '字符串中是否包含与正则表达式（RE2 语法）匹配的部分。' },
  split: { en: 'Splits a string at each occurrence of the separator.', 'zh-cn': '按分隔符拆分字符串。' },
  get: { en: 'The element of an array at an index, or the value of a map at a key (`null` when absent).', 'zh-cn': '数组指定下标的元素，或映射指定键的值（不存在时为 `null`）。' },
  intAdd: { en: 'The sum of two integers.', 'zh-cn': '两个整数之和。' },
  randomInt: { en: 'A random integer n with min ≤ n < max.', 'zh-cn': '满足 min ≤ n < max 的随机整数 n。' },
  arrayContains: { en: 'Whether the array contains the element.', 'zh-cn': '数组中是否包含该元素。' },
  arrayUnique: { en: 'The array without duplicate elements, first occurrences kept in order.', 'zh-cn': '去除重复元素后的数组，按首次出现的顺序保留。' },
  toArray: { en: 'An array of the arguments.', 'zh-cn': '由各参数组成的数组。' },
  mapKeys: { en: 'The keys of a map, as an array.', 'zh-cn': '映射的所有键组成的数组。' },
  mapValues: { en: 'The values of a map, as an array.', 'zh-cn': '映射的所有值组成的数组。' },
  jsonMerge: { en: 'The keys of both maps; the second map wins where both have a key.', 'zh-cn': '合并两个映射的键；键相同时以第二个映射为准。' },
  stringToJson: { en: 'Parses a JSON string into a map.', 'zh-cn': '将 JSON 字符串解析为映射。' },
  hash: { en: 'The hex digest of the string with MD5, SHA-1, SHA-256 or SHA-512.', 'zh-cn': '字符串的 MD5、SHA-1、SHA-256 或 SHA-512 十六进制摘要。' },
  fromBase64: { en: 'Decodes a Base64 string (UTF-8 text).', 'zh-cn': '解码 Base64 字符串（UTF-8 文本）。' },
  toBase64: { en: 'Encodes a string (UTF-8) as Base64.', 'zh-cn': '将字符串（UTF-8）编码为 Base64。' },
  uuid: { en: 'A new random UUID (version 4).', 'zh-cn': '新的随机 UUID（第 4 版）。' },
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
