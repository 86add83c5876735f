/**
 * `fdl run <flow> [--input JSON|@file] [--mocks file] [--functions s.yaml] [--fc region
 *  [--fc-account id] [--fc-endpoint url]] [--store dir] [--time-scale N] [--name execution]
 *  [--flows dir] [--max-events N] [--json] [--history]`
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
 * With --json prints exactly one object {"status","output","error","cause"}, in English whatever
 * the locale. Exit 0 only for Succeeded (1 otherwise, 2 for usage or an invalid flow).
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FlowInvalidError, type LocalBackend } from '../local-backend';
import { withEngineLocale } from '../messages';
import { runFlowFile } from '../run-flow';
import { acquireStoreLock } from '../store/store-lock';
import { flagString, parseArgs, type ParsedArgs } from './cli-args';
import { CliUsageError, cliText, say } from './cli-messages';
import { functionInvokersFrom, inputFrom, maxEventsOption, mocksFrom, sayRunUsage, storeDirFrom, timeScaleFrom, wantsLocalFunctions } from './engine-setup';
import { fcInvokersFrom } from './fc-setup';
import { deferredLocalApi } from './deferred-local-api';
import { serveInbox } from './report';
import { validateFiles } from './validate';

const USAGE = 'fdl run <flow.flow.yaml> [--input JSON|@file] [--mocks file] [--functions s.yaml] [--fc region [--fc-account id] [--fc-endpoint url]] [--store dir] [--time-scale N] [--name execution] [--flows dir] [--max-events N] [--json] [--history]';

export async function runRun(args: string[]): Promise<number> {
  const p = parseArgs(args, ['json', 'history']);
  const flowPath = p.positional[0];
  if (!flowPath) {
    sayRunUsage(USAGE);
    return 2;
  }
  const json = p.flags.has('json');
  // --json is read by scripts: its causes and diagnostics are English whatever the locale.
  return withEngineLocale(json ? 'en' : undefined, async () => {
    try {
      return await runFlow(p, flowPath, json);
    } catch (e) {
      if (!(e instanceof CliUsageError)) throw e;
      say('fatal', e.message);
      return 2;
    }
  });
}

async function runFlow(p: ParsedArgs, flowPath: string, json: boolean): Promise<number> {
  try {
    accessSync(flowPath, constants.R_OK);
  } catch (e) {
    throw new CliUsageError(cliText('flowMissing', flowPath, (e as NodeJS.ErrnoException).code ?? (e as Error).message));
  }
  const storeDir = storeDirFrom(p);
  const timeScale = timeScaleFrom(p);
  const maxEventsPerExecution = maxEventsOption(p);
  const input = inputFrom(p);
  const mocks = mocksFrom(p);
  const flowsDirs = flagString(p, 'flows') ? [resolve(flagString(p, 'flows')!)] : [];
  // The API needs the backend, which runFlowFile creates: functions get a promise of its endpoint.
  const api = wantsLocalFunctions(p) ? deferredLocalApi() : undefined;
  const localCode = functionInvokersFrom(p, timeScale, api?.access);
  const invokers = [...localCode, ...fcInvokersFrom(p)];
  mkdirSync(storeDir, { recursive: true });
  const release = acquireStoreLock(storeDir);
  let stopInbox = () => {};
  try {
    const result = await runFlowFile({
      flowPath,
      input,
      mocks,
      invokers,
      storeDir,
      timeScale,
      maxEventsPerExecution,
      executionName: flagString(p, 'name'),
      flowsDirs,
      onLog: json ? undefined : (_f, _e, step, line) => process.stderr.write(`[${step}] ${line}\n`),
      onBackend: (backend: LocalBackend) => {
        stopInbox = serveInbox(storeDir, backend);
        api?.start(backend, storeDir, [dirname(resolve(flowPath)), ...flowsDirs], json);
        if (!json)
          backend.onEvent((_f, _exec, e) => {
            if (e.type !== 'TaskScheduled') return;
            const d = JSON.parse(e.eventDetail ?? '{}') as { taskToken?: string; pattern?: string };
            if (d.taskToken && d.pattern === 'waitForCallback') say('answerWith', e.stepName, d.taskToken, storeDir);
          });
      },
    });
    if (json) process.stdout.write(JSON.stringify({ status: result.status, output: result.output ?? null, error: result.error ?? null, cause: result.cause ?? null }) + '\n');
    else {
      process.stdout.write(cliText('executionEnded', result.flowName, result.executionName, result.status) + '\n');
      if (result.output !== undefined) process.stdout.write(JSON.stringify(result.output, null, 2) + '\n');
      if (result.error !== undefined) process.stdout.write(`${cliText('errorLine', result.error)}\n${cliText('causeLine', result.cause ?? '')}\n`);
      if (p.flags.has('history')) for (const e of result.history) process.stdout.write(`${e.eventId}\t${e.type}\t${e.stepName ?? ''}\t${JSON.stringify(e.detail)}\n`);
    }
    return result.status === 'Succeeded' ? 0 : 1;
  } catch (e) {
    if (e instanceof FlowInvalidError) {
      if (json) process.stdout.write(JSON.stringify({ status: 'Invalid', output: null, error: e.code, cause: e.message, diagnostics: e.diagnostics.map((d) => ({ code: d.code, message: d.message })) }) + '\n');
      else for (const r of validateFiles([flowPath]).filter((r) => r.severity === 'error')) say('flowError', r.file, r.line, r.column, r.code, r.message);
      return 2;
    }
    throw e;
  } finally {
    stopInbox();
    await api?.stop(localCode);
    release();
  }
}
