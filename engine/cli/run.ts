/**
 * `fdl run <flow> [--input JSON|@file] [--mocks file] [--functions s.yaml] [--store dir]
 *  [--time-scale N] [--name execution] [--flows dir] [--json] [--history]`
 *
 * Nested flows (`acs:fnf:::flow/<name>`) are found as `<name>.flow.yaml|yml` next to the flow,
 * then in the `--flows` directory.
 * Runs the flow on the embedded engine until it ends. While it runs, the process owns the store,
 * so `fdl report-success/report-failure` from another terminal reach its waiting callbacks.
 * With --json prints exactly one object {"status","output","error","cause"}. Exit 0 only for
 * Succeeded (1 otherwise, 2 for usage or an invalid flow).
 */
import { mkdirSync } from 'node:fs';
import { FlowInvalidError, type LocalBackend } from '../local-backend';
import { runFlowFile } from '../run-flow';
import { acquireStoreLock } from '../store/store-lock';
import { serveInbox } from './report';
import { parseArgs, flagString } from './cli-args';
import { functionInvokersFrom, inputFrom, mocksFrom, storeDirFrom, timeScaleFrom } from './engine-setup';

export async function runRun(args: string[]): Promise<number> {
  const p = parseArgs(args, ['json', 'history']);
  const flowPath = p.positional[0];
  if (!flowPath) {
    process.stderr.write('usage: fdl run <flow.flow.yaml> [--input JSON|@file] [--mocks file] [--functions s.yaml] [--store dir] [--time-scale N] [--name execution] [--flows dir] [--json] [--history]\n');
    return 2;
  }
  const json = p.flags.has('json');
  const storeDir = storeDirFrom(p);
  const timeScale = timeScaleFrom(p);
  mkdirSync(storeDir, { recursive: true });
  const release = acquireStoreLock(storeDir);
  let stopInbox = () => {};
  try {
    const result = await runFlowFile({
      flowPath,
      input: inputFrom(p),
      mocks: mocksFrom(p),
      invokers: functionInvokersFrom(p, timeScale),
      storeDir,
      timeScale,
      executionName: flagString(p, 'name'),
      flowsDirs: flagString(p, 'flows') ? [flagString(p, 'flows')!] : [],
      onLog: json ? undefined : (_f, _e, step, line) => process.stderr.write(`[${step}] ${line}\n`),
      onBackend: (backend: LocalBackend) => {
        stopInbox = serveInbox(storeDir, backend);
        if (!json)
          backend.onEvent((_f, _exec, e) => {
            if (e.type !== 'TaskScheduled') return;
            const d = JSON.parse(e.eventDetail ?? '{}') as { taskToken?: string; pattern?: string };
            if (d.taskToken && d.pattern === 'waitForCallback') process.stderr.write(`[${e.stepName}] waiting for a callback; answer with: fdl report-success ${d.taskToken} --output '{}' --store ${storeDir}\n`);
          });
      },
    });
    if (json) process.stdout.write(JSON.stringify({ status: result.status, output: result.output ?? null, error: result.error ?? null, cause: result.cause ?? null }) + '\n');
    else {
      process.stdout.write(`${result.flowName}/${result.executionName}: ${result.status}\n`);
      if (result.output !== undefined) process.stdout.write(JSON.stringify(result.output, null, 2) + '\n');
      if (result.error !== undefined) process.stdout.write(`error: ${result.error}\ncause: ${result.cause ?? ''}\n`);
      if (p.flags.has('history')) for (const e of result.history) process.stdout.write(`${e.eventId}\t${e.type}\t${e.stepName ?? ''}\t${JSON.stringify(e.detail)}\n`);
    }
    return result.status === 'Succeeded' ? 0 : 1;
  } catch (e) {
    if (e instanceof FlowInvalidError) {
      if (json) process.stdout.write(JSON.stringify({ status: 'Invalid', output: null, error: e.code, cause: e.message, diagnostics: e.diagnostics.map((d) => ({ code: d.code, message: d.message })) }) + '\n');
      else for (const d of e.diagnostics) process.stderr.write(`${flowPath}: error ${d.code}: ${d.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    stopInbox();
    release();
  }
}
