/**
 * `fdl report-success <token> [--output JSON] [--store dir]` and
 * `fdl report-failure <token> --error E [--cause C] [--store dir]`.
 *
 * How a report reaches the execution: if a live process owns the store (`fdl run`, `fdl serve`,
 * VS Code; see store-lock.ts) the report goes through the store's inbox and that process answers.
 * Otherwise this command takes the store itself, resumes the execution the token belongs to,
 * delivers the report, and keeps running until the reported execution ends or is waiting for another callback
 * (pass --mocks/--functions/--fc for the tasks that follow, --max-events for its event limit; a
 * live owner applies its own). Refusals print the service's code
 * (InvalidArgument for an unknown token, TaskAlreadyCompleted for an answered one) and why, in
 * the user's language, and exit 1.
 */
import { foldHistory, isTerminal } from '../history/fold';
import { jsonLimitText, parseJsonWithinLimits } from '../json-limits';
import { LocalBackend } from '../local-backend';
import { localeFromEnvironment } from '../messages';
import { LocalCodeInvoker } from '../invokers/local-code-invoker';
import { MockInvoker } from '../invokers/mock-invoker';
import { ExecutionStore } from '../store/execution-store';
import type { HistoryStore } from '../store/history-store';
import { sendToInbox } from '../store/report-inbox';
import { acquireStoreLock, storeOwner } from '../store/store-lock';
import type { CallbackReport } from '../task-tokens';
import { flagString, parseArgs } from './cli-args';
import { CliUsageError, cliText, say } from './cli-messages';
import { COMMAND_USAGE } from './command-usage';
import { deferredLocalApi } from './deferred-local-api';
import { functionInvokersFrom, maxEventsOption, mocksFrom, sayRunUsage, storeDirFrom, timeScaleFrom, wantsLocalFunctions } from './engine-setup';
import { fcInvokersFrom } from './fc-setup';

const USAGE_SUCCESS = COMMAND_USAGE['report-success'].usage;
const USAGE_FAILURE = COMMAND_USAGE['report-failure'].usage;

export function runReportSuccess(args: string[]): Promise<number> {
  const p = parseArgs(args);
  const token = p.positional[0];
  if (!token) return usage(USAGE_SUCCESS);
  // Held to the engine's JSON limits before it is sent anywhere (json-limits.ts).
  const read = parseJsonWithinLimits(flagString(p, 'output') ?? '{}');
  if (!read.ok && read.problem !== 'syntax') {
    say('fatal', jsonLimitText('--output', read, localeFromEnvironment(process.env)));
    return Promise.resolve(2);
  }
  const v = read.ok ? read.value : undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    say('fatal', cliText('outputNotObject', read.ok ? 'not an object' : read.message));
    return Promise.resolve(2);
  }
  const output = v as Record<string, unknown>;
  return guardedDeliver(p, token, { kind: 'succeeded', output });
}

export function runReportFailure(args: string[]): Promise<number> {
  const p = parseArgs(args);
  const token = p.positional[0];
  const error = flagString(p, 'error');
  if (!token || !error) return usage(USAGE_FAILURE);
  return guardedDeliver(p, token, { kind: 'failed', error, cause: flagString(p, 'cause') ?? '' });
}

async function guardedDeliver(p: ReturnType<typeof parseArgs>, token: string, report: CallbackReport): Promise<number> {
  try {
    return await deliver(p, token, report);
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    say('fatal', e.message);
    return 2;
  }
}

async function deliver(p: ReturnType<typeof parseArgs>, token: string, report: CallbackReport): Promise<number> {
  const storeDir = storeDirFrom(p);
  // Checked even when a live owner takes the report (and applies its own limit): a bad value is refused alike.
  const maxEventsPerExecution = maxEventsOption(p);
  if (storeOwner(storeDir) !== undefined && storeOwner(storeDir) !== process.pid) {
    const res = await sendToInbox(storeDir, { token, ...report });
    if (res.ok) {
      process.stdout.write(cliText('reported') + '\n');
      return 0;
    }
    return refuse(res.code, res.message, token, storeDir);
  }
  const timeScale = timeScaleFrom(p);
  // Functions of the resumed execution can call back, as under `fdl run`.
  const api = wantsLocalFunctions(p) ? deferredLocalApi() : undefined;
  const localCode = functionInvokersFrom(p, timeScale, api?.access);
  const invokers = [...localCode, ...(await fcInvokersFrom(p))];
  const mocks = mocksFrom(p);
  const release = acquireStoreLock(storeDir);
  const backend = new LocalBackend({ storeDir, timeScale, invokers, maxEventsPerExecution });
  api?.start(backend, storeDir, [], true);
  if (mocks) {
    backend.addInvoker(new MockInvoker(mocks, { match: 'named', report: (t, r) => backend.report(t, r) }), true);
    backend.addInvoker(new MockInvoker(mocks, { match: 'catch-all', report: (t, r) => backend.report(t, r) }));
  }
  try {
    const owner = findTokenOwner(backend.store, token);
    // Resume only the execution the token belongs to (the given invokers are meant for it).
    await backend.open({ resume: (e) => e.flowName === owner?.flowName && e.executionName === owner?.executionName });
    try {
      backend.report(token, report);
    } catch (e) {
      return refuse((e as { code?: string }).code ?? 'Error', (e as Error).message, token, storeDir);
    }
    process.stdout.write(cliText('reported') + '\n');
    if (owner) {
      const busy = () => localCode.some((i) => i instanceof LocalCodeInvoker && i.busy);
      const state = await settle(backend, owner.flowName, owner.executionName, busy);
      process.stdout.write(cliText('executionEnded', owner.flowName, owner.executionName, state) + '\n');
    }
    return 0;
  } finally {
    backend.close();
    await api?.stop(localCode);
    release();
  }
}

/**
 * A refused report: the service's code as is, then why, in this process's language (the owning
 * process answered in its own): an unknown token (InvalidArgument, the API's code for it), a
 * finished task (TaskAlreadyCompleted), an owner that did not answer. Exit 1; nothing changed.
 */
function refuse(code: string, ownerMessage: string, token: string, storeDir: string): number {
  let text = ownerMessage;
  if (code === 'TaskAlreadyCompleted') text = cliText('tokenFinished', shortToken(token));
  else if (code === 'InvalidArgument' && !tokenKnown(storeDir, token)) text = cliText('tokenUnknown', storeDir);
  else if (code === 'Timeout') text = cliText('ownerSilent', storeDir, 15);
  else if (code === 'NoAnswer') text = cliText('ownerNoAnswer', storeDir, 20);
  say('refused', code, text);
  return 1;
}

function tokenKnown(storeDir: string, token: string): boolean {
  try {
    return findTokenOwner(new ExecutionStore(storeDir), token) !== undefined;
  } catch {
    return false;
  }
}

function shortToken(token: string): string {
  return token.length > 12 ? `${token.slice(0, 8)}…` : token;
}

function findTokenOwner(store: HistoryStore, token: string): { flowName: string; executionName: string } | undefined {
  for (const n of store.listNames()) {
    const s = foldHistory(store.readHistory(n.flowName, n.name));
    if (s && (s.pendingCallbacks.has(token) || s.finishedTokens.has(token))) return { flowName: n.flowName, executionName: n.name };
  }
  return undefined;
}

/**
 * Waits until the execution ends, or has sat waiting for a callback with no new event for a
 * moment while none of its local functions runs (one may be about to report).
 */
async function settle(backend: LocalBackend, flowName: string, executionName: string, busy: () => boolean): Promise<string> {
  let last = Date.now();
  const off = backend.onEvent((f, e) => {
    if (f === flowName && e === executionName) last = Date.now();
  });
  try {
    for (;;) {
      const s = backend.store.describe(flowName, executionName);
      if (!s || isTerminal(s.status)) return s?.status ?? 'unknown';
      if (busy()) last = Date.now();
      else if (s.pendingCallbacks.size > 0 && Date.now() - last > 500) return cliText('waitingForCallback', s.status);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    off();
  }
}

function usage(text: string): Promise<number> {
  sayRunUsage(text);
  return Promise.resolve(2);
}
