/**
 * Each `fdl` command's usage, written once: what the command prints when its arguments are wrong
 * (on stderr, exit 2) and what `fdl <command> --help` prints (on stdout, exit 0, main.ts), with the
 * notes that go with it. Kept apart from the commands so `--help` loads none of them.
 */
import type { CliMessage } from './cli-messages';

export interface CommandUsage {
  usage: string;
  /** Lines printed after the usage line, in the user's language. */
  notes?: CliMessage[];
}

const RUNS: CliMessage[] = ['maxEventsHelp'];

export const COMMAND_USAGE = {
  validate: { usage: 'fdl validate <files...> [--format json]' },
  convert: { usage: 'fdl convert <classic.flow.yaml> [--out <file>|-] [--name <Name>] [--force] [--format json]' },
  run: {
    usage:
      'fdl run <flow.flow.yaml> [--input JSON|@file] [--mocks file] [--functions s.yaml] [--fc region [--fc-account id] [--fc-endpoint url]] [--store dir] [--time-scale N] [--name execution] [--flows dir] [--max-events N] [--mode standard|express] [--json] [--history]',
    notes: RUNS,
  },
  'report-success': { usage: 'fdl report-success <token> [--output JSON] [--store dir] [--mocks file] [--functions s.yaml] [--max-events N]', notes: RUNS },
  'report-failure': { usage: 'fdl report-failure <token> --error E [--cause C] [--store dir] [--mocks file] [--functions s.yaml] [--max-events N]', notes: RUNS },
  list: { usage: 'fdl list [--flow F] [--store dir]' },
  describe: { usage: 'fdl describe <flow> <execution> [--store dir]' },
  history: { usage: 'fdl history <flow> <execution> [--all] [--store dir]' },
  stop: { usage: 'fdl stop <flow> <execution> [--error E] [--cause C] [--store dir]' },
  delete: { usage: 'fdl delete <flow> <execution> [--store dir]', notes: ['deleteHelp'] },
  prune: { usage: 'fdl prune [--flow F] [--older-than DAYS] [--keep N] [--store dir] [--yes]', notes: ['pruneHelp'] },
  test: {
    usage: 'fdl test <scenario.yaml | fixture folder>... [--time-scale N] [--max-events N] [--functions s.yaml] [--fc region] [--coverage] [--coverage-json FILE]',
    notes: RUNS,
  },
  'test-step': {
    usage:
      'fdl test-step <flow.flow.yaml> <step> [--input JSON|@file] [--local JSON|@file] [--result JSON|@file | --error NAME [--cause TEXT]] [--mocks file] [--functions s.yaml] [--json]',
  },
  serve: { usage: 'fdl serve [--store dir] [--port N] [--flows dir[,dir]] [--functions file] [--mocks file] [--time-scale N] [--max-events N]', notes: RUNS },
} satisfies Record<string, CommandUsage>;

export type CommandName = keyof typeof COMMAND_USAGE;

/** `--help` or `-h` among the options (not after `--`, where a task token may look like one). */
export function asksForHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/**
 * The options a usage line names, each with whether it takes a value: `--input JSON|@file` does,
 * `[--json]` does not. The usage line is the one list of a command's options, so what `--help`
 * shows is exactly what is accepted.
 */
export function optionsOf(usage: string): Map<string, boolean> {
  const options = new Map<string, boolean>();
  for (const m of usage.matchAll(/--([a-z][a-z-]*)( [^\s[\]|-][^\s\]]*)?/g)) options.set(m[1], m[2] !== undefined);
  return options;
}

/** What is wrong with the options given to a command, if anything: one it does not know, or one given no value. */
export type OptionProblem = { kind: 'unknown'; option: string; known: string[] } | { kind: 'no-value'; option: string };

export function optionProblem(usage: string, args: readonly string[]): OptionProblem | undefined {
  const options = optionsOf(usage);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return undefined; // the rest is positional (a task token may start with --)
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    const name = a.slice(2, eq > 0 ? eq : undefined);
    const takesValue = options.get(name);
    if (takesValue === undefined) return { kind: 'unknown', option: name, known: [...options.keys()] };
    if (takesValue && eq < 0 && (i + 1 >= args.length || args[i + 1].startsWith('--'))) return { kind: 'no-value', option: name };
    if (takesValue && eq < 0) i++;
  }
  return undefined;
}
