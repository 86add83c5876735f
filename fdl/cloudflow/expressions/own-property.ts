/**
 * Setting a key of an object a constructor or an expression builds. A plain assignment keeps the
 * object in V8's fast mode (Object.defineProperty on each new key left constructed data in
 * dictionary mode, which every later JSON.stringify and spread of it paid for: ~15% of a mocked
 * StateMachine task's CPU); only `__proto__`, which an assignment would take as the prototype,
 * is defined as an own data property.
 */
export function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
