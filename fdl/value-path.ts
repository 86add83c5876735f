/**
 * `$.a[0]["b c"]`: where in a JSON value a problem is, for messages (not a selector). A path 129
 * levels deep is unreadable: its first and last steps locate it; long keys are cut. Used by the
 * built-in functions' checks (cloudflow/expressions/functions.ts) and the engine's JSON limits.
 */

/** A place in a walked value: its key in its parent, and the parent's place. */
export interface ValuePlace {
  parent?: ValuePlace;
  key?: string | number;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function valuePathOf(place: ValuePlace): string {
  const parts: string[] = [];
  for (let n: ValuePlace | undefined = place; n?.parent; n = n.parent) {
    const k = n.key!;
    const key = typeof k === 'string' && k.length > 40 ? `${k.slice(0, 40)}…` : k;
    parts.push(typeof key === 'number' ? `[${key}]` : IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);
  }
  parts.reverse();
  return '$' + (parts.length > 8 ? `${parts.slice(0, 5).join('')}…${parts.slice(-2).join('')}` : parts.join(''));
}
