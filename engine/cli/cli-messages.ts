/**
 * What the `fdl` commands tell the person at the terminal (usage, refusals, result lines), in
 * English and Simplified Chinese, in the environment's locale (engine/messages.ts engineLocale:
 * FDL_LOCALE, VSCODE_NLS_CONFIG, LC_ALL, LC_MESSAGES, LANG). Service error codes
 * (`InvalidArgument`, `TaskAlreadyCompleted`…), flag names, statuses and `--json` output are
 * never translated: scripts read them.
 */
import { defineMessages, formatMessage } from '../../fdl/messages';
import { localeFromEnvironment } from '../messages';

export const CLI_MESSAGES = defineMessages({
  usageMain: 'usage: fdl <{0}> ...',
  usage: 'usage: {0}',
  fatal: 'fdl: {0}',
  refused: 'fdl: {0}: {1}',
  fileProblem: 'fdl: {0}: {1}',
  unknownOption: 'unknown option --{0} for fdl {1}{2}; fdl {1} --help lists its options',
  didYouMeanOption: ' (did you mean --{0}?)',
  optionNeedsValue: 'option --{0} of fdl {1} needs a value; fdl {1} --help shows what it takes',
  timeScale: '--time-scale must be a number ≥ 0 (0 = instant), got {0}',
  maxEvents: '--max-events must be a whole number ≥ 0 (0 = no limit; the service\'s default is 5,000 events per execution), got "{0}"',
  maxEventsHelp: "--max-events N: the most events one execution may have (default 5,000, the service's limit, raised by a ticket in the cloud; 0 = no limit)",
  inputNotJson: '--input is not JSON: {0}',
  inputNotObject: '--input must be a JSON object',
  inputUnreadable: '--input file {0} cannot be read: {1}',
  outputNotObject: '--output must be a JSON object ({0})',
  flagNotJson: '{0} is not JSON: {1}',
  flagNotObject: '{0} must be a JSON object',
  flagUnreadable: '{0} file {1} cannot be read: {2}',
  testStepResultAndError: '--result and --error cannot be given together',
  testStepCauseWithoutError: '--cause needs --error NAME',
  flowMissing: 'flow file {0} cannot be read: {1}',
  storeNotFolder: '--store {0} is not a folder: the store of executions is a folder (made if missing).',
  flowNotUtf8: 'flow file {0} is not UTF-8 (byte 0x{1} at line {2}, column {3}): save it as UTF-8.',
  notUtf8: 'This file is not UTF-8: byte 0x{0} here is no UTF-8 character. Save the file as UTF-8.',
  port: '--port must be 0–65535, got {0}',
  flowError: '{0}:{1}:{2}: error {3}: {4}',
  // Result lines
  executionEnded: '{0}/{1}: {2}',
  errorLine: 'error: {0}',
  causeLine: 'cause: {0}',
  reported: 'reported',
  waitingForCallback: '{0} (waiting for a callback)',
  answerWith: "[{0}] waiting for a callback; answer with: fdl report-success {1} --output '{}' --store {2}",
  localApi: 'local FnF API for local functions: {0} (key in {1})',
  tally: '{0} passed, {1} failed',
  // fdl test --coverage (test-scenarios.ts)
  coverageOf: 'coverage of {0} ({1} run(s)): {2}',
  coverageNever: '  never taken: {0}:{1}:{2} {3} {4}',
  coverageWritten: 'coverage written to {0}',
  coverageNotWritten: 'coverage could not be written to {0}: {1}',
  coverageJsonFlag: '--coverage-json needs a file name (--coverage-json coverage.json)',
  // Token refusals, rendered by the reporting process in its own locale
  tokenUnknown: 'no task is waiting for this token in {0} (a typo, or a token of another store?). Nothing changed.',
  tokenFinished: 'the task of token {0} has already finished (answered, timed out, or its execution ended); a second report is refused. Nothing changed.',
  ownerSilent: 'the engine owning {0} did not answer within {1} s; the request was withdrawn. Nothing changed.',
  ownerNoAnswer: 'the engine owning {0} took the request but did not answer within {1} s: it may have been applied. Check the execution before sending it again.',
  // Deleting executions (delete.ts)
  storeInUse:
    'the store {0} is in use by process {1} (fdl run, fdl serve or VS Code), which keeps its executions in memory. Stop that process and try again, or, if it is VS Code, delete executions from the Executions view of the Flow Studio extension. Nothing was deleted.',
  deleteHelp: 'deletes a finished execution and its history from the local store; a running one is refused (stop it first)',
  pruneHelp:
    'deletes finished executions (Succeeded, Failed, Stopped, TimedOut) from the local store: of one flow (--flow), started more than DAYS days ago (--older-than), except the newest N of each flow (--keep). Without --yes it only lists them (a dry run).',
  deletedOne: 'deleted {0}/{1}',
  pruned: 'deleted {0} finished execution(s)',
  pruneDryRun: '{0} finished execution(s) would be deleted; nothing was deleted (dry run). Add --yes to delete them.',
  prunePositional: 'fdl prune takes no positional argument, got "{0}" (for one flow use --flow {0})',
  pruneFlow: '--flow needs a flow name',
  pruneOlderThan: '--older-than must be a number of days ≥ 0, got "{0}"',
  pruneKeep: '--keep must be a whole number ≥ 0, got "{0}"',
  // Function Compute
  fcNoCredentials:
    '--fc needs credentials in the environment: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS). They are never read from flags or files.',
  fcRegion: '--fc needs a region such as cn-hangzhou, got {0}',
  fcEndpoint: '--fc-endpoint must be host[:port] or http(s)://host[:port], got {0}',
  fcEndpointWithoutFc: '--fc-endpoint and --fc-account need --fc <region>',
  fcUsing: 'Function Compute: {0} (credentials from the environment)',
  // Converting a classic flow (convert.ts)
  convertNotClassic: '{0} is not a classic flow (version: v1, type: flow, steps:); only classic flows are converted',
  convertHasErrors: '{0} has errors; fix them before converting. Nothing was written.',
  convertExists: '{0} already exists; add --force to overwrite it, or choose another file with --out',
  convertWrote: 'wrote {0}; {1} finding(s) above say what could not be carried over 1:1',
  // A damaged store log (docs/store-format.md, "Damage")
  storeDamaged: 'fdl: warning: {0} is damaged at line {1}; those lines are kept in {2}, every other line was read.',
  storeDamagedExecutions: 'Executions that may have lost events there: {0}; those not finished are shown as Failed ({1}) and are not resumed.',
});

export type CliMessage = keyof typeof CLI_MESSAGES;

/** Always the environment's language, even while `run --json` pins the engine's texts to English (stderr is for people). */
export function cliText(key: CliMessage, ...args: unknown[]): string {
  return formatMessage(CLI_MESSAGES[key], localeFromEnvironment(process.env), ...args);
}

/** A line on stderr in the user's language. */
export function say(key: CliMessage, ...args: unknown[]): void {
  process.stderr.write(cliText(key, ...args) + '\n');
}

/**
 * An input problem the command reports (exit 2) instead of a crash. `english` is the same message
 * in English, for `run --json` (scripts read its cause whatever the locale).
 */
export class CliUsageError extends Error {
  constructor(
    message: string,
    readonly english: string = message,
  ) {
    super(message);
  }
}

/** A CliUsageError saying `key` in the user's language, and in English for --json. */
export function usageError(key: CliMessage, ...args: unknown[]): CliUsageError {
  return new CliUsageError(cliText(key, ...args), formatMessage(CLI_MESSAGES[key], 'en', ...args));
}
