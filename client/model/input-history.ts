/**
 * The inputs offered when a flow is run: the recent ones (per flow, newest first, the same input
 * once) and the named ones saved in the flow's `.inputs.json` file.
 */
export const MAX_RECENT_INPUTS = 10;

/** Recent inputs by flow path, as kept in the workspace state. */
export type RecentInputs = Record<string, string[]>;

/** Puts `input` (compact JSON) first for the flow, dropping an equal older entry and the overflow. */
export function rememberInput(recent: RecentInputs, flowPath: string, input: string, max = MAX_RECENT_INPUTS): RecentInputs {
  const key = canonical(input);
  const list = (recent[flowPath] ?? []).filter((i) => canonical(i) !== key);
  return { ...recent, [flowPath]: [input, ...list].slice(0, max) };
}

export function recentInputsFor(recent: RecentInputs | undefined, flowPath: string): string[] {
  const list = recent?.[flowPath];
  return Array.isArray(list) ? list.filter((i) => typeof i === 'string') : [];
}

/** Same JSON value, whatever the spacing (key order kept: it is what the user typed). */
function canonical(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

export interface SavedInput {
  name: string;
  /** Compact JSON text of the input object. */
  input: string;
}

/** Reads a saved-inputs file; anything that is not a `{name: object}` entry is skipped. */
export function parseSavedInputs(text: string): { inputs: SavedInput[]; error?: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { inputs: [], error: (e as Error).message };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { inputs: [], error: 'not an object' };
  const inputs: SavedInput[] = [];
  for (const [name, value] of Object.entries(doc as Record<string, unknown>)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) inputs.push({ name, input: JSON.stringify(value) });
  }
  return { inputs };
}

/**
 * Adds or replaces one named input, keeping the others and their order; returns the file text, or
 * undefined when the existing file is not a JSON object (it is the user's: never overwrite it).
 */
export function withSavedInput(existingText: string | undefined, name: string, input: string): string | undefined {
  let doc: Record<string, unknown> = {};
  if (existingText !== undefined && existingText.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(existingText);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      doc = parsed as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  doc[name] = JSON.parse(input);
  return `${JSON.stringify(doc, null, 2)}\n`;
}
