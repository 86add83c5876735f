/**
 * A pure parse of a text, remembered by the text: for expressions a run evaluates again and again
 * (a state's constructors at every visit, a classic step's mapping paths and conditions). A parse
 * result is never mutated (evaluators and checks only read it), so one can be shared. Bounded, so
 * a long-lived process (the language server, `fdl serve`) running many flows keeps at most
 * MAX_ENTRIES results and MAX_CHARS characters of text; the oldest go first.
 */
const MAX_ENTRIES = 4096;
const MAX_CHARS = 1 << 20;

/** `parse`, remembered: the same result object for the same text while it is held. */
export function memoByText<R>(parse: (text: string) => R): (text: string) => R {
  const held = new Map<string, R>();
  let chars = 0;
  return (text) => {
    const known = held.get(text);
    if (known !== undefined) return known;
    const result = parse(text);
    // Longer than the whole budget: parsed each time rather than evicting everything else.
    if (text.length > MAX_CHARS) return result;
    for (const oldest of held.keys()) {
      if (held.size < MAX_ENTRIES && chars + text.length <= MAX_CHARS) break;
      held.delete(oldest);
      chars -= oldest.length;
    }
    held.set(text, result);
    chars += text.length;
    return result;
  };
}
