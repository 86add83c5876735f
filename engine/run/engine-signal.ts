/**
 * Cancellation inside the engine, as cheap as a flag. Every execution (and every parallel or
 * foreach step) needs a signal its children can watch, yet almost none is ever aborted, and a
 * Node AbortController costs ~2 µs to make — as much as several steps. An EngineSignal offers what
 * the engine's own code uses of AbortSignal (`aborted`, `reason`, `throwIfAborted`,
 * add/removeEventListener('abort')) and makes a real AbortSignal only when code outside the
 * engine needs one (a task invoker: `toAbortSignal`).
 */

type Listener = (event: { type: 'abort' }) => void;

export class EngineSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners?: { fn: Listener; once: boolean }[];
  private real?: AbortController;

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  addEventListener(_type: 'abort', fn: Listener, opts?: { once?: boolean }): void {
    (this.listeners ??= []).push({ fn, once: opts?.once === true });
  }

  removeEventListener(_type: 'abort', fn: Listener): void {
    const list = this.listeners;
    if (!list) return;
    const i = list.findIndex((l) => l.fn === fn);
    if (i >= 0) list.splice(i, 1);
  }

  /** Aborts once (later calls change nothing); listeners run in the order they were added. */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    const list = this.listeners ?? [];
    this.listeners = undefined;
    for (const l of list) {
      try {
        l.fn({ type: 'abort' });
      } catch (e) {
        // As EventTarget does: a listener's exception does not stop the others; it surfaces as uncaught.
        process.nextTick(() => {
          throw e;
        });
      }
    }
    this.real?.abort(this.reason);
  }

  /** A real AbortSignal that follows this one (made on first need). */
  toAbortSignal(): AbortSignal {
    if (!this.real) {
      this.real = new AbortController();
      if (this.aborted) this.real.abort(this.reason);
    }
    return this.real.signal;
  }

  /** This signal typed as the AbortSignal the engine's functions take (they use only what it offers). */
  get asSignal(): AbortSignal {
    return this as unknown as AbortSignal;
  }
}

/** A real AbortSignal for code outside the engine (an EngineSignal is converted). */
export function platformSignal(signal: AbortSignal): AbortSignal {
  return (signal as unknown) instanceof EngineSignal ? (signal as unknown as EngineSignal).toAbortSignal() : signal;
}
