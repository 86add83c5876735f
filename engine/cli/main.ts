/**
 * `fdl <command>`: validate flows, run them on the embedded engine, serve the local API.
 * Each command's module is imported when that command runs, so the bundle (split per command,
 * esbuild.mjs) reads and compiles only what the command needs: `validate` never loads the engine.
 */
import { CliUsageError, cliText, say, type CliMessage } from './cli-messages';
import { closestMatch } from '../../fdl/schema/did-you-mean';
import { asksForHelp, COMMAND_USAGE, optionProblem, type CommandName, type CommandUsage } from './command-usage';

type Command = (args: string[]) => number | Promise<number>;

const COMMANDS: Record<CommandName, () => Promise<Command>> = {
  validate: () => import('./validate').then((m) => m.runValidate),
  convert: () => import('./convert').then((m) => m.runConvert),
  run: () => import('./run').then((m) => m.runRun),
  'report-success': () => import('./report').then((m) => m.runReportSuccess),
  'report-failure': () => import('./report').then((m) => m.runReportFailure),
  list: () => import('./inspect').then((m) => m.runList),
  describe: () => import('./inspect').then((m) => m.runDescribe),
  history: () => import('./inspect').then((m) => m.runHistory),
  stop: () => import('./inspect').then((m) => m.runStop),
  delete: () => import('./delete').then((m) => m.runDelete),
  prune: () => import('./delete').then((m) => m.runPrune),
  test: () => import('./test-scenarios').then((m) => m.runTest),
  'test-step': () => import('./test-step').then((m) => m.runTestStep),
  serve: () => import('./serve').then((m) => m.runServe),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || asksForHelp([command])) {
    // `fdl --help` asks for this; a bare `fdl` is a usage error.
    (command ? printOut : say)('usageMain', Object.keys(COMMANDS).join('|'));
    return command ? 0 : 2;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command as CommandName] : undefined;
  if (!load) {
    say('usageMain', Object.keys(COMMANDS).join('|'));
    return 2;
  }
  // `fdl <command> --help` prints the usage and does nothing else (`fdl serve --help` started the server).
  if (asksForHelp(rest)) {
    const { usage, notes = [] } = COMMAND_USAGE[command as CommandName] as CommandUsage;
    printOut('usage', usage);
    for (const note of notes) printOut(note);
    return 0;
  }
  // An option the command does not take is refused before it runs: a typo (`--mock`) would otherwise
  // run without what it meant, and an option given no value would run as if it were absent.
  const problem = optionProblem(COMMAND_USAGE[command as CommandName].usage, rest);
  if (problem?.kind === 'unknown') {
    const near = closestMatch(problem.option, problem.known);
    say('fatal', cliText('unknownOption', problem.option, command, near ? cliText('didYouMeanOption', near) : ''));
    return 2;
  }
  if (problem) {
    say('fatal', cliText('optionNeedsValue', problem.option, command));
    return 2;
  }
  return (await load())(rest);
}

/** A line on stdout in the user's language: help asked for is the command's output. */
function printOut(key: CliMessage, ...args: unknown[]): void {
  process.stdout.write(cliText(key, ...args) + '\n');
}

// A reader that went away (`fdl run … | head -1`): the rest of the output goes nowhere, and the
// command still ends as it would have (an execution is recorded whole), not on an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    // Bad input a command did not catch itself: its message, in the user's language, never a stack trace.
    say('fatal', e instanceof CliUsageError ? e.message : ((e as Error)?.message ?? String(e)));
    process.exitCode = 2;
  },
);
