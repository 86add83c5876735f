/**
 * A lone CR (old Mac line ends) is a line break in YAML 1.2 (`b-break`), which `yaml` and the block
 * reader read as text: replaced by LF, one character for one, so every offset stays the text's own.
 * A module of its own so that the readers can ask without loading `yaml` (docs/cold-start.md).
 */

/** A CR not followed by LF: an old Mac line end. */
export const LONE_CR = /\r(?!\n)/;

export function withLfBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
