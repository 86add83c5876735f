/**
 * A small flag parser for the engine commands: `--name value`, `--name=value`, `--flag`, and `--`
 * to end the options: everything after it is positional even if it starts with `--` (a task token
 * issued before tokens stopped starting with `-`: `fdl report-success -- --Xa3…`).
 */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(args: readonly string[], booleanFlags: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (booleanFlags.includes(a.slice(2)) || i + 1 >= args.length || args[i + 1].startsWith('--')) flags.set(a.slice(2), true);
    else flags.set(a.slice(2), args[++i]);
  }
  return { positional, flags };
}

export function flagString(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/**
 * A flag that must be a whole number ≥ 0 (`--keep 3`, `--max-events 0`): undefined when absent;
 * anything else, a bare `--flag` included, is refused with `refusal(what was written)`.
 */
export function wholeNumberFlag(p: ParsedArgs, name: string, refusal: (written: string) => Error): number | undefined {
  const v = p.flags.get(name);
  if (v === undefined) return undefined;
  const written = v === true ? '' : v;
  const n = Number(written.trim());
  if (!/^\d+$/.test(written.trim()) || !Number.isSafeInteger(n)) throw refusal(written);
  return n;
}
