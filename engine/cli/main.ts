/** `fdl <command>`: validate flows, run them on the embedded engine, serve the local API. */
import { runValidate } from './validate';
import { runConvert } from './convert';
import { runDescribe, runHistory, runList, runStop } from './inspect';
import { runDelete, runPrune } from './delete';
import { runReportFailure, runReportSuccess } from './report';
import { runRun } from './run';
import { runTest } from './test-scenarios';
import { runServe } from './serve';
import { CliUsageError, say } from './cli-messages';

const COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = {
  validate: runValidate,
  convert: runConvert,
  run: runRun,
  'report-success': runReportSuccess,
  'report-failure': runReportFailure,
  list: runList,
  describe: runDescribe,
  history: runHistory,
  stop: runStop,
  delete: runDelete,
  prune: runPrune,
  test: runTest,
  serve: runServe,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    say('usageMain', Object.keys(COMMANDS).join('|'));
    return 2;
  }
  return run(rest);
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
