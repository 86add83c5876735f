/**
 * Values the engine's step runners answer synchronously when nothing blocked (a branch of pass
 * steps) and as a promise otherwise: `andThen` continues either way without making the
 * synchronous case wait for a microtask.
 */
export type MaybePromise<T> = T | Promise<T>;

export function andThen<T, U>(value: MaybePromise<T>, next: (v: T) => U): MaybePromise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
