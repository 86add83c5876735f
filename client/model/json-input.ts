/**
 * Checking JSON a user typed or picked before it is sent (an execution input, a callback
 * output): it must be a JSON object, as the service requires. Problems come back as codes with
 * details so the client words them in the user's language.
 */
export type JsonObjectCheck =
  | { ok: true; value: Record<string, unknown>; text: string }
  | { ok: false; problem: 'notJson'; detail: string }
  | { ok: false; problem: 'notObject'; detail: string };

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
    return { ok: false, problem: 'notObject', detail: Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value };
  }
  return { ok: true, value: value as Record<string, unknown>, text: JSON.stringify(value) };
}
