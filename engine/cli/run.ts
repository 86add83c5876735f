/**
 * `fdl run <flow> [--input JSON|@file] [--mocks file] [--functions s.yaml] [--fc region
 *  [--fc-account id] [--fc-endpoint url]] [--store dir] [--time-scale N] [--name execution]
 *  [--flows dir] [--max-events N] [--mode standard|express] [--json] [--history]`
 *
 * Nested flows (`acs:fnf:::flow/<name>`) are found as `<name>.flow.yaml|yml` next to the flow,
 * then in the `--flows` directory.
 * Runs the flow on the embedded engine until it ends. While it runs, the process owns the store,
 * so `fdl report-success/report-failure` from another terminal reach its waiting callbacks.
 * With `--functions`, the local FnF-compatible API (engine/api) runs on 127.0.0.1 for the
 * duration of the run, and local functions get its endpoint and the store's local key pair
 * exactly as under `fdl serve` and VS Code (FNF_ENDPOINT, ALIBABA_CLOUD_ACCESS_KEY_*,
 * context.credentials), so a function can report its task token with `@alicloud/fnf-2019-03-15`.
 * `--fc` runs the remaining FC tasks on Function Compute (fc-setup.ts; credentials only from
 * the environment). `--max-events` raises or lifts (0) the service's limit of 5,000 events per
 * execution, past which the execution fails with FnF.RuntimeError.
 * `--mode express` runs the execution in Express mode (run/patterns/express-mode.ts): what Express
 * cannot run is refused before it starts, located in the flow file, and it runs at most 5 minutes.
 * `--history` adds the execution's events as the service lists them, exactly what
 * `fdl history <flow> <execution>` prints (the engine's own timer events left out).
 * With --json prints exactly one object in every case, refusals included (run-json.ts says which).
 * Exit 0 only for Succeeded, 1 for another outcome, 2 when nothing ran (usage, an invalid flow,
 * a store in use).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { HistoryEvent } from '../backend';
import { formatMessage, type Locale } from '../../fdl/messages';
import { RESOURCE_NAME_PATTERN } from '../../fdl/resource-name';
import { FnfApiError } from '../errors';
import { ExpressRefusedError, FlowInvalidError, type LocalBackend } from '../local-backend';
import { expressRefusals, parseExecutionMode, EXPRESS_MESSAGES, type ExecutionMode } from '../run/patterns/express-mode';
import { parseFlow } from '../../fdl/parse';
import { LineIndex } from '../../fdl/positions';
import type { FdlDiagnostic } from '../../fdl/diagnostic';
import { warnStoreDamage } from './store-damage';
import { engineMessages, localeFromEnvironment, withEngineLocale } from '../messages';
import { runFlowFile, type RunFlowResult } from '../run-flow';
import { acquireStoreLock } from '../store/store-lock';
import { flagString, parseArgs, type ParsedArgs } from './cli-args';
import { CliUsageError, cliText, say, usageError } from './cli-messages';
import { COMMAND_USAGE } from './command-usage';
import { flowUnreadableError, functionInvokersFrom, inputFrom, maxEventsOption, mocksFrom, sayRunUsage, storeDirFrom, timeScaleFrom, wantsLocalFunctions } from './engine-setup';
import { fcInvokersFrom } from './fc-setup';
import { readFlowText } from '../flow-text';
import type * as DeferredLocalApi from './deferred-local-api';
import type * as Inspect from './inspect';
import { serveInbox } from './serve-inbox';
import { endedJson, printJson, refusedJson, RunRefusal } from './run-json';
import type * as Validate from './validate';

// What a run needs only with --functions (the local API), --history, or a flow the engine refused:
// required then, so that a plain run does not evaluate them (docs/cold-start.md).
/* eslint-disable @typescript-eslint/no-require-imports -- required on first use (above) */
const deferredLocalApi = () => (require('./deferred-local-api') as typeof DeferredLocalApi).deferredLocalApi();
const historyText = (history: HistoryEvent[]) => (require('./inspect') as typeof Inspect).historyText(history);
const validateFiles = (...args: Parameters<typeof Validate.validateFiles>) => (require('./validate') as typeof Validate).validateFiles(...args);
/* eslint-enable @typescript-eslint/no-require-imports */

const USAGE = COMMAND_USAGE.run.usage;

export async function runRun(args: string[]): Promise<number> {
  const p = parseArgs(args, ['json', 'history']);
  const json = p.flags.has('json');
  // --json is read by scripts: its causes and diagnostics are English whatever the locale.
  return withEngineLocale(json ? 'en' : undefined, async () => {
    try {
      return await runFlow(p, json);
    } catch (e) {
      const refusal = asRefusal(e);
      if (json) printJson(refusedJson(refusal));
      return 2;
    }
  });
}

/**
 * Turns every failure into a RunRefusal, so --json always has its one object. Why nothing ran is
 * also said on stderr in the user's language, --json or not (stderr is for people).
 */
function asRefusal(e: unknown): RunRefusal {
  if (e instanceof RunRefusal) return e;
  if (e instanceof CliUsageError) {
    say('fatal', e.message);
    return new RunRefusal('InvalidArgument', e.english);
  }
  const message = (e as Error)?.message ?? String(e);
  say('fatal', message);
  // A request the engine refused as malformed (a flow name from an odd file name, say) is bad input.
  if (e instanceof FnfApiError && e.code === 'InvalidArgument') return new RunRefusal('InvalidArgument', message);
  return new RunRefusal('InternalError', message);
}

async function runFlow(p: ParsedArgs, json: boolean): Promise<number> {
  const flowPath = p.positional[0];
  if (!flowPath) {
    sayRunUsage(USAGE);
    throw new RunRefusal('InvalidArgument', `usage: ${USAGE}`);
  }
  // Read here to refuse what the engine's read would not say clearly: a folder, bytes of another encoding.
  let read: ReturnType<typeof readFlowText>;
  try {
    read = readFlowText(flowPath);
  } catch (e) {
    throw flowUnreadableError(flowPath, e);
  }
  if ('notUtf8' in read) throw usageError('flowNotUtf8', flowPath, read.notUtf8.byte, read.notUtf8.line, read.notUtf8.column);
  const definition = read.text;
  const executionName = flagString(p, 'name');
  // Checked before the store is touched: the name becomes a path in it.
  if (executionName !== undefined && !RESOURCE_NAME_PATTERN.test(executionName)) {
    const says = (locale: Locale) => formatMessage(engineMessages.badExecutionName, locale, executionName);
    throw new CliUsageError(says(localeFromEnvironment(process.env)), says('en'));
  }
  const storeDir = storeDirFrom(p);
  const timeScale = timeScaleFrom(p);
  const maxEventsPerExecution = maxEventsOption(p);
  const executionMode = modeFrom(p);
  const input = inputFrom(p);
  const mocks = mocksFrom(p);
  const flowsDirs = flagString(p, 'flows') ? [resolve(flagString(p, 'flows')!)] : [];
  // The API needs the backend, which runFlowFile creates: functions get a promise of its endpoint.
  const api = wantsLocalFunctions(p) ? deferredLocalApi() : undefined;
  const localCode = functionInvokersFrom(p, timeScale, api?.access);
  const invokers = [...localCode, ...(await fcInvokersFrom(p))];
  mkdirSync(storeDir, { recursive: true });
  let release: () => void;
  try {
    release = acquireStoreLock(storeDir);
  } catch (e) {
    say('fatal', (e as Error).message);
    throw new RunRefusal('StoreInUse', (e as Error).message);
  }
  let stopInbox = () => {};
  let backend: LocalBackend | undefined;
  try {
    const result = await runFlowFile({
      flowPath,
      input,
      mocks,
      invokers,
      storeDir,
      timeScale,
      maxEventsPerExecution,
      executionName,
      executionMode,
      flowsDirs,
      onLog: json ? undefined : (_f, _e, step, line) => process.stderr.write(`[${step}] ${line}\n`),
      onBackend: (b: LocalBackend) => {
        backend = b;
        warnStoreDamage(b);
        stopInbox = serveInbox(storeDir, b);
        api?.start(b, storeDir, [dirname(resolve(flowPath)), ...flowsDirs], json);
        if (!json)
          b.onEvent((_f, _exec, e) => {
            if (e.type !== 'TaskScheduled') return;
            const d = JSON.parse(e.eventDetail ?? '{}') as { taskToken?: string; pattern?: string };
            if (d.taskToken && d.pattern === 'waitForCallback') say('answerWith', e.stepName, d.taskToken, storeDir);
          });
      },
    });
    // The store is closed but still readable: the same call `fdl history` makes.
    const history = p.flags.has('history') ? await backend!.getExecutionHistory(result.flowName, result.executionName) : undefined;
    if (json) printJson(endedJson(result, history));
    else printEnded(result, history);
    return result.status === 'Succeeded' ? 0 : 1;
  } catch (e) {
    if (e instanceof ExpressRefusedError) {
      // Located in the flow file, in the user's language on stderr and in English in the --json object.
      const parsedAt = (locale: Locale) => expressRefusals(parseFlow(definition, locale), locale);
      const lines = new LineIndex(definition);
      const located = (ds: FdlDiagnostic[]) => ds.map((d) => ({ ...lines.rangeOf(d.span).start, code: d.code, message: d.message }));
      for (const d of located(parsedAt(localeFromEnvironment(process.env)))) say('flowError', flowPath, d.line + 1, d.character + 1, d.code, d.message);
      throw new RunRefusal(
        'InvalidDefinition',
        e.message,
        located(parsedAt('en')).map((d) => ({ line: d.line + 1, column: d.character + 1, code: d.code, message: d.message })),
      );
    }
    if (!(e instanceof FlowInvalidError)) throw e;
    // In the engine's locale (English under --json) for the object; in the user's on stderr.
    const errors = validateFiles([flowPath]).filter((r) => r.severity === 'error');
    for (const r of json ? validateFiles([flowPath], localeFromEnvironment(process.env)) : errors)
      if (r.severity === 'error') say('flowError', r.file, r.line, r.column, r.code, r.message);
    // The file's own errors with their places; else (a nested flow's, say) what the engine refused.
    const diagnostics = errors.length
      ? errors.map((r) => ({ line: r.line, column: r.column, code: r.code, message: r.message }))
      : e.diagnostics.map((d) => ({ code: d.code, message: d.message }));
    throw new RunRefusal('InvalidDefinition', e.message, diagnostics);
  } finally {
    stopInbox();
    await api?.stop(localCode);
    release();
  }
}

function printEnded(result: RunFlowResult, history: HistoryEvent[] | undefined): void {
  process.stdout.write(cliText('executionEnded', result.flowName, result.executionName, result.status) + '\n');
  if (result.output !== undefined) process.stdout.write(JSON.stringify(result.output, null, 2) + '\n');
  if (result.error !== undefined) process.stdout.write(`${cliText('errorLine', result.error)}\n${cliText('causeLine', result.cause ?? '')}\n`);
  if (history) process.stdout.write(historyText(history));
}

/** `--mode standard|express` (default Standard); anything else is refused, in the user's language. */
function modeFrom(p: ParsedArgs): ExecutionMode | undefined {
  const v = p.flags.get('mode');
  if (v === undefined) return undefined;
  const mode = parseExecutionMode(v === true ? '' : v);
  if (mode) return mode;
  const written = v === true ? '' : v;
  throw new CliUsageError(formatMessage(EXPRESS_MESSAGES.badMode, localeFromEnvironment(process.env), written), formatMessage(EXPRESS_MESSAGES.badMode, 'en', written));
}
