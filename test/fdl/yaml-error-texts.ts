/**
 * Texts with YAML syntax errors, as a user leaves them mid-edit: every fast reader declines them
 * and the `yaml` reader (parseDocument + from-yaml-document.ts) reads them. Each breaking edit is
 * applied near the start, in the middle and near the end of a text.
 */

/** One breaking edit of a line (returns the new line, or undefined when it does not apply). */
export const BREAKING_EDITS: [string, (line: string) => string | undefined][] = [
  ['unclosed flow mapping', (l) => withValue(l, (v) => `{a: ${v}`)],
  ['unclosed flow sequence', (l) => withValue(l, (v) => `[${v}, b`)],
  ['unclosed double quote', (l) => withValue(l, (v) => `"${v}`)],
  ['unclosed single quote', (l) => withValue(l, (v) => `'${v}`)],
  ['deeper indentation', (l) => (/^\s+\S/.test(l) ? ' ' + l : undefined)],
  ['shallower indentation', (l) => (/^ {3,}\S/.test(l) ? l.slice(1) : undefined)],
  ['key being typed', (l) => (/^\s+[\w-]+: /.test(l) ? l + '\n' + l.match(/^\s*(?:- )?/)![0].replace('-', ' ') + 'pa' : undefined)],
  ['tab indentation', (l) => (/^ {2}/.test(l) ? '\t' + l.slice(2) : undefined)],
  ['stray colon value', (l) => withValue(l, (v) => `${v}: x: y`)],
  ['unclosed flow mapping in a sequence', (l) => (/^\s*- /.test(l) ? l.replace('- ', '- {') : undefined)],
  ['anchor and alias', (l) => withValue(l, (v) => `&a ${v} *b`)],
];

function withValue(line: string, edit: (value: string) => string): string | undefined {
  const m = line.match(/^(\s*(?:- )?[\w$.-]+: )(\S.*)$/);
  return m ? m[1] + edit(m[2]) : undefined;
}

/** The text with `edit` applied at the first line it fits from `at` (a fraction of the lines) on. */
export function breakText(text: string, edit: (line: string) => string | undefined, at: number): string | undefined {
  const lines = text.split('\n');
  for (let i = Math.floor(lines.length * at); i < lines.length; i++) {
    const changed = edit(lines[i]);
    if (changed !== undefined) {
      lines[i] = changed;
      return lines.join('\n');
    }
  }
  return undefined;
}

/** Every breaking edit near the start, in the middle and near the end of `text`. */
export function brokenVariants(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, edit] of BREAKING_EDITS) {
    for (const at of [0.1, 0.5, 0.9]) {
      const broken = breakText(text, edit, at);
      if (broken !== undefined) out.push([`${name} at ${at}`, broken]);
    }
  }
  return out;
}
