/**
 * Checking JSON a user typed or picked before it is sent (an execution input, a callback
 * output): it must be a JSON object, as the service requires. Problems come back as codes with
 * details so the client words them in the user's language.
 */
/** What a JSON value that is not an object is instead (the client words it in the user's language). */
export type JsonNonObjectKind = 'array' | 'null' | 'string' | 'number' | 'boolean';

export type JsonObjectCheck =
  | { ok: true; value: Record<string, unknown>; text: string }
  /** `detail`: the JSON parser's own message (English, from the runtime), shown as a quotation. */
  | { ok: false; problem: 'notJson'; detail: string }
  | { ok: false; problem: 'notObject'; kind: JsonNonObjectKind };

/** Empty text counts as `{}`. */
export function checkJsonObject(text: string): JsonObjectCheck {
  if (text.trim() === '') return { ok: true, value: {}, text: '{}' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: 'notJson', detail: (e as Error).message };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'notObject', kind: Array.isArray(value) ? 'array' : value === null ? 'null' : (typeof value as 'string' | 'number' | 'boolean') };
  }
  return { ok: true, value: value as Record<string, unknown>, text: JSON.stringify(value) };
}
