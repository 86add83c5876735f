/**
 * How wide text is drawn, without a browser: the layout runs in the extension host (and in tests),
 * where there is no canvas to measure with. Widths are per character class, taken on the generous
 * side of common UI sans-serif faces (DejaVu Sans, the widest of those a webview falls back to, then
 * Segoe UI, Helvetica, Arial), so a box sized from them holds its text in any of them. Text longer
 * than a box's limit is wrapped, never cut: the diagram shows every label whole.
 */

/** Width of one character in ems. */
function charEm(c: string): number {
  const code = c.codePointAt(0)!;
  // CJK, Hangul, full-width forms, emoji: a full em.
  if (
    code >= 0x1100 &&
    (code <= 0x115f ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      code >= 0x1f000)
  )
    return 1;
  if (c === ' ') return 0.33;
  if ("iljI.,:;'|!`".includes(c)) return 0.34;
  if ('frt()[]{}/\\"-'.includes(c)) return 0.45;
  if ('mwMW@%'.includes(c)) return 1.0;
  if (c >= 'A' && c <= 'Z') return 0.76;
  if (c >= '0' && c <= '9') return 0.64;
  if (c >= 'a' && c <= 'z') return 0.63;
  return 0.7;
}

export interface TextStyle {
  /** px */
  size: number;
  bold?: boolean;
}

export function textWidth(text: string, style: TextStyle): number {
  let em = 0;
  for (const c of text) em += charEm(c);
  return Math.ceil(em * style.size * (style.bold ? 1.1 : 1));
}

/**
 * Breaks text into lines no wider than `max`: at spaces, else after a `.`, `_`, `-`, `/`, `:` or
 * `,` inside a long word, else anywhere. Every character is kept.
 */
export function wrapText(text: string, max: number, style: TextStyle): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of text.split(/(?<=[ ])/)) {
    if (textWidth((line + token).trimEnd(), style) <= max) {
      line += token;
      continue;
    }
    if (line) lines.push(line.trimEnd());
    line = '';
    // A token too long by itself: cut it at its punctuation, else by characters.
    let rest = token;
    while (textWidth(rest.trimEnd(), style) > max) {
      const cut = cutPoint(rest, max, style);
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line.trimEnd() || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

function cutPoint(word: string, max: number, style: TextStyle): number {
  const chars = [...word];
  let fit = 0;
  let width = 0;
  while (fit < chars.length && width + charEm(chars[fit]) * style.size * (style.bold ? 1.1 : 1) <= max) width += charEm(chars[fit++]) * style.size * (style.bold ? 1.1 : 1);
  fit = Math.max(1, fit);
  let prefix = chars.slice(0, fit).join('');
  const punct = Math.max(...['.', '_', '-', '/', ':', ','].map((p) => prefix.lastIndexOf(p)));
  if (punct > prefix.length / 2) prefix = prefix.slice(0, punct + 1);
  return prefix.length;
}
