/**
 * Caps that keep hostile expressions and data cheap. The parser and the built-in functions refuse
 * anything larger before doing work proportional to it, so nothing overflows the stack or hangs.
 */
/** Longest expression we parse. Real ones are a few dozen characters; JSON literals make some longer. */
export const MAX_SM_EXPRESSION_LENGTH = 16_384;
/** Nesting of built-in function calls: "a maximum of 10 layers" (https://help.aliyun.com/en/document_detail/2579872.html). */
export const MAX_SM_CALL_DEPTH = 10;
/** Nesting of parentheses, array and object literals and calls together. */
export const MAX_SM_NESTING = 64;
/**
 * Largest string a built-in function may produce or work on (format, toBase64, split, hash,
 * regexMatchString…). State data is limited to 64 KiB by the service, so 1 MiB only stops runaway
 * growth (e.g. `format` of many large objects), never real data.
 */
export const MAX_SM_STRING_LENGTH = 1_048_576;
/** Most elements an array-producing function may return (split, toArray, mapKeys…). */
export const MAX_SM_ARRAY_LENGTH = 100_000;
/** Nesting of objects and arrays in a constructor (InputConstructor, OutputConstructor, Parameters). */
export const MAX_SM_CONSTRUCTOR_DEPTH = 256;
