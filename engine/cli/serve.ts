/**
 * `fdl serve [--store dir] [--port N] [--flows dir[,dir…]] [--functions s.yaml|fdl-functions.json]
 *  [--mocks file] [--time-scale N] [--max-events N]`
 *
 * Owns the store (resuming its unfinished executions) and serves the local FnF-compatible API on
 * 127.0.0.1 until interrupted. Prints the endpoint, the AccessKey id and the key file (the secret
 * stays in the file, mode 0600). Flows in the --flows folders (default: the current folder) can be
 * started by name with StartExecution; local functions (--functions, or s.yaml /
 * fdl-functions.json found in the flows folders) run with FNF_ENDPOINT and the key pair so they
 * can report task results with `@alicloud/fnf-2019-03-15`. This runs workspace code: serve only
 * folders you trust.
 */
import { resolve } from 'node:path';
import { startLocalApi } from '../api/local-api-service';
import { LocalCodeInvoker } from '../invokers/local-code-invoker';
import { LocalFunctionCatalog } from '../invokers/local-function-catalog';
import { MockInvoker } from '../invokers/mock-invoker';
import { LocalBackend } from '../local-backend';
import { warnStoreDamage } from './store-damage';
import { acquireStoreLock } from '../store/store-lock';
import { flagString, parseArgs } from './cli-args';
import { maxEventsOption, mocksFrom, sayRunUsage, storeDirFrom, timeScaleFrom } from './engine-setup';
import { serveInbox } from './serve-inbox';
import { CliUsageError, cliText, say } from './cli-messages';
import { COMMAND_USAGE } from './command-usage';

const USAGE = COMMAND_USAGE.serve.usage;

export async function runServe(args: string[], until: Promise<unknown> = interrupted()): Promise<number> {
  const p = parseArgs(args);
  const portText = flagString(p, 'port') ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    say('fatal', cliText('port', portText));
    sayRunUsage(USAGE);
    return 2;
  }
  const storeDir = storeDirFrom(p);
  const flowsDirs = (flagString(p, 'flows') ?? '.').split(',').map((d) => resolve(d));
  let timeScale: number;
  let mocks: ReturnType<typeof mocksFrom>;
  let maxEventsPerExecution: number | undefined;
  try {
    timeScale = timeScaleFrom(p);
    maxEventsPerExecution = maxEventsOption(p);
    mocks = mocksFrom(p);
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    say('fatal', e.message);
    return 2;
  }
  const release = acquireStoreLock(storeDir);
  const backend = new LocalBackend({
    storeDir,
    timeScale,
    flowsDirs,
    maxEventsPerExecution,
    onLog: (flowName, executionName, step, line) => process.stderr.write(`[${flowName}/${executionName}/${step}] ${line}\n`),
  });
  let stopInbox = () => {};
  let api: Awaited<ReturnType<typeof startLocalApi>> | undefined;
  try {
    api = await startLocalApi({ backend, storeDir, flowsDirs, port, onRequest: (line) => process.stderr.write(`api: ${line}\n`) });
    if (mocks) backend.addInvoker(new MockInvoker(mocks, { report: (token, report) => backend.report(token, report) }));
    backend.addInvoker(new LocalCodeInvoker({ catalog: functionCatalog(flagString(p, 'functions'), flowsDirs), fnfApi: api.access, timeScale: timeScale || 1 }));
    warnStoreDamage(backend);
    const { resumed } = await backend.open();
    stopInbox = serveInbox(storeDir, backend);
    process.stdout.write(`endpoint: ${api.endpoint}\naccessKeyId: ${api.key.accessKeyId}\nkeyFile: ${api.keyFile}\nstore: ${storeDir}\n`);
    if (resumed.length) process.stdout.write(`resumed: ${resumed.map((r) => `${r.flowName}/${r.executionName}`).join(', ')}\n`);
    await until;
    return 0;
  } finally {
    stopInbox();
    await api?.stop();
    backend.close();
    release();
  }
}

function functionCatalog(file: string | undefined, flowsDirs: string[]): LocalFunctionCatalog {
  let catalog: LocalFunctionCatalog;
  if (file) {
    catalog = new LocalFunctionCatalog();
    if (file.endsWith('.json')) catalog.addMappingFile(resolve(file));
    else catalog.addServerlessDevsFile(resolve(file));
  } else {
    catalog = new LocalFunctionCatalog();
    for (const dir of flowsDirs) catalog.merge(LocalFunctionCatalog.discover(dir));
  }
  for (const problem of catalog.problems) say('fileProblem', problem.file, problem.message);
  return catalog;
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
