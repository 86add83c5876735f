/**
 * `fdl test-step <flow> <step> [--input JSON|@file] [--local JSON|@file] [--result JSON|@file |
 *  --error NAME [--cause TEXT]] [--mocks file] [--functions s.yaml] [--json]`
 *
 * Runs one step or state alone (engine/step-test.ts), as Step Functions' TestState does for one
 * state: its mapped input, a task's event, its output (and classic `$local`), a catch, and the
 * step the flow would go to next, without running the flow. `<step>` is a name or a path through
 * nested steps (`Fan/1/Worker`). `--input` is what the step starts from (classic: its sequence's
 * `$input`, with `--local` its `$local`; StateMachine: the state's input); a task's result is
 * `--result` (what a mocks file's `output` would be), `--error`, a `--mocks` entry, or local code
 * (`--functions`). Nothing is stored.
 *
 * Prints the report (step-test-report.ts) in the user's language, or with `--json` one object in
 * English: the result (`status` succeeded | caught | failed, `mappedInput`, `task`, `result`,
 * `output`, `local`, `error`, `waitSeconds`, `next`, `events`), or `{"status": "Invalid", "error":
 * <code>, "cause": <message>}` when nothing ran (codes: InvalidArgument, InvalidDefinition,
 * UnknownStep, AmbiguousStep, InvalidInput, InvalidMock). Exit 0 when the step succeeded or its
 * error was caught, 1 when it failed, 2 when nothing ran.
 */
import { readFlowText } from '../flow-text';
import { flowNameFromPath } from '../flow-resolver';
import { localeFromEnvironment, withEngineLocale } from '../messages';
import { StepTestError, testStep, type StepTestOptions } from '../step-test';
import { stepTestMarkdown } from '../step-test-report';
import { flagString, parseArgs, type ParsedArgs } from './cli-args';
import { CliUsageError, say, usageError } from './cli-messages';
import { COMMAND_USAGE } from './command-usage';
import { flowUnreadableError, functionInvokersFrom, inputFrom, jsonFlag, mocksFrom } from './engine-setup';

const USAGE = COMMAND_USAGE['test-step'].usage;

export async function runTestStep(args: string[]): Promise<number> {
  const p = parseArgs(args, ['json']);
  const json = p.flags.has('json');
  // --json is read by scripts: English whatever the locale.
  return withEngineLocale(json ? 'en' : undefined, async () => {
    try {
      const r = await testStep(...(await request(p)));
      if (json) process.stdout.write(JSON.stringify(r) + '\n');
      else process.stdout.write(stepTestMarkdown(r));
      return r.status === 'failed' ? 1 : 0;
    } catch (e) {
      const [code, english, local] =
        e instanceof CliUsageError
          ? ['InvalidArgument', e.english, e.message]
          : e instanceof StepTestError
            ? [e.code, e.textIn('en'), e.textIn(localeFromEnvironment(process.env))]
            : [];
      if (code === undefined) throw e;
      say('fatal', local);
      if (json) process.stdout.write(JSON.stringify({ status: 'Invalid', error: code, cause: english }) + '\n');
      return 2;
    }
  });
}

async function request(p: ParsedArgs): Promise<[string, string, StepTestOptions]> {
  const [flowPath, step] = p.positional;
  if (!flowPath || !step) {
    throw usageError('usage', USAGE);
  }
  let read: ReturnType<typeof readFlowText>;
  try {
    read = readFlowText(flowPath);
  } catch (e) {
    throw flowUnreadableError(flowPath, e);
  }
  if ('notUtf8' in read) throw usageError('flowNotUtf8', flowPath, read.notUtf8.byte, read.notUtf8.line, read.notUtf8.column);
  const text = read.text;
  const options: StepTestOptions = { input: inputFrom(p), flowName: flowNameFromPath(flowPath), flowPath };
  const local = jsonFlag(p, 'local', true);
  if (local !== undefined) options.local = local as StepTestOptions['local'];
  const result = jsonFlag(p, 'result', false);
  const error = flagString(p, 'error');
  const cause = flagString(p, 'cause');
  if (result !== undefined && error !== undefined) throw usageError('testStepResultAndError');
  if (cause !== undefined && error === undefined) throw usageError('testStepCauseWithoutError');
  if (result !== undefined) options.result = result;
  if (error !== undefined) options.error = { error, cause: cause ?? '' };
  const mocks = mocksFrom(p);
  if (mocks) options.mocks = mocks;
  const invokers = functionInvokersFrom(p, 1);
  if (invokers.length) options.invokers = invokers;
  return [text, step, options];
}
