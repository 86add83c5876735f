/**
 * `fdl report-success <token> [--output JSON] [--store dir]` and
 * `fdl report-failure <token> --error E [--cause C] [--store dir]`.
 *
 * How a report reaches the execution: if a live process owns the store (`fdl run`, `fdl serve`,
 * VS Code; see store-lock.ts) the report goes through the store's inbox and that process answers.
 * Otherwise this command takes the store itself, resumes the execution the token belongs to,
 * delivers the report, and keeps running until the reported execution ends or is waiting for another callback
 * (pass --mocks/--functions for the tasks that follow). Refusals print the service's code
 * (InvalidArgument for an unknown token, TaskAlreadyCompleted for an answered one) and exit 1.
 */
import { foldHistory, isTerminal } from '../history/fold';
import { LocalBackend } from '../local-backend';
import { MockInvoker } from '../invokers/mock-invoker';
import { sendToInbox, watchReportInbox, type InboxRequest } from '../store/report-inbox';
import { acquireStoreLock, storeOwner } from '../store/store-lock';
import type { CallbackReport } from '../task-tokens';
import { flagString, parseArgs } from './cli-args';
import { functionInvokersFrom, mocksFrom, storeDirFrom, timeScaleFrom } from './engine-setup';

/** Delivers inbox requests (reports, stops) to a backend owning the store. */
export function serveInbox(storeDir: string, backend: LocalBackend): () => void {
  return watchReportInbox(storeDir, (req: InboxRequest) => {
    if (req.kind === 'stop') void backend.stopExecution(req.flowName, req.executionName, req.error, req.cause).catch(() => {});
    else backend.report(req.token, req);
  });
}

export function runReportSuccess(args: string[]): Promise<number> {
  const p = parseArgs(args);
  const token = p.positional[0];
  if (!token) return usage('fdl report-success <token> [--output JSON] [--store dir]');
  let output: Record<string, unknown>;
  try {
    const v = JSON.parse(flagString(p, 'output') ?? '{}') as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    output = v as Record<string, unknown>;
  } catch (e) {
    process.stderr.write(`fdl: --output must be a JSON object (${(e as Error).message})\n`);
    return Promise.resolve(2);
  }
  return deliver(p, token, { kind: 'succeeded', output });
}

export function runReportFailure(args: string[]): Promise<number> {
  const p = parseArgs(args);
  const token = p.positional[0];
  const error = flagString(p, 'error');
  if (!token || !error) return usage('fdl report-failure <token> --error E [--cause C] [--store dir]');
  return deliver(p, token, { kind: 'failed', error, cause: flagString(p, 'cause') ?? '' });
}

async function deliver(p: ReturnType<typeof parseArgs>, token: string, report: CallbackReport): Promise<number> {
  const storeDir = storeDirFrom(p);
  if (storeOwner(storeDir) !== undefined && storeOwner(storeDir) !== process.pid) {
    const res = await sendToInbox(storeDir, { token, ...report });
    if (res.ok) {
      process.stdout.write('reported\n');
      return 0;
    }
    process.stderr.write(`fdl: ${res.code}: ${res.message}\n`);
    return 1;
  }
  const release = acquireStoreLock(storeDir);
  const timeScale = timeScaleFrom(p);
  const backend = new LocalBackend({ storeDir, timeScale, invokers: functionInvokersFrom(p, timeScale) });
  const mocks = mocksFrom(p);
  if (mocks) {
    backend.addInvoker(new MockInvoker(mocks, { match: 'named', report: (t, r) => backend.report(t, r) }), true);
    backend.addInvoker(new MockInvoker(mocks, { match: 'catch-all', report: (t, r) => backend.report(t, r) }));
  }
  try {
    const owner = findTokenOwner(backend, token);
    // Resume only the execution the token belongs to (the given invokers are meant for it).
    await backend.open({ resume: (e) => e.flowName === owner?.flowName && e.executionName === owner?.executionName });
    try {
      backend.report(token, report);
    } catch (e) {
      process.stderr.write(`fdl: ${(e as { code?: string }).code ?? 'Error'}: ${(e as Error).message}\n`);
      return 1;
    }
    process.stdout.write('reported\n');
    if (owner) {
      const state = await settle(backend, owner.flowName, owner.executionName);
      process.stdout.write(`${owner.flowName}/${owner.executionName}: ${state}\n`);
    }
    return 0;
  } finally {
    backend.close();
    release();
  }
}

function findTokenOwner(backend: LocalBackend, token: string): { flowName: string; executionName: string } | undefined {
  for (const n of backend.store.listNames()) {
    const s = foldHistory(backend.store.readHistory(n.flowName, n.name));
    if (s && (s.pendingCallbacks.has(token) || s.finishedTokens.has(token))) return { flowName: n.flowName, executionName: n.name };
  }
  return undefined;
}

/** Waits until the execution ends, or has sat waiting for a callback with no new event for a moment. */
async function settle(backend: LocalBackend, flowName: string, executionName: string): Promise<string> {
  let last = Date.now();
  const off = backend.onEvent((f, e) => {
    if (f === flowName && e === executionName) last = Date.now();
  });
  try {
    for (;;) {
      const s = backend.store.describe(flowName, executionName);
      if (!s || isTerminal(s.status)) return s?.status ?? 'unknown';
      if (s.pendingCallbacks.size > 0 && Date.now() - last > 500) return `${s.status} (waiting for a callback)`;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    off();
  }
}

function usage(text: string): Promise<number> {
  process.stderr.write(`usage: ${text}\n`);
  return Promise.resolve(2);
}
