/**
 * Callback reports (and StopExecution) from other processes. A reporter writes
 * `<store>/inbox/<id>.req.json` ({token, kind: 'succeeded', output}, {token, kind: 'failed',
 * error, cause} or {kind: 'stop', flowName, executionName, error, cause}); the process that
 * owns the store (store-lock.ts) polls the folder, takes each request by renaming it to
 * `<id>.taken.json`, delivers it through its backend and answers with `<id>.res.json` ({ok: true}
 * or {ok: false, code, message}). Files, not sockets: the store directory is the one thing both
 * processes already share.
 *
 * A reporter that gets no answer in time withdraws its request by renaming it too. Renames are
 * atomic, so exactly one side gets the request: a withdrawn request was never delivered (code
 * `Timeout`: nothing changed); one the owner took first may have been (code `NoAnswer`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallbackReport } from '../task-tokens';

export type InboxRequest = ({ token: string } & CallbackReport) | { kind: 'stop'; flowName: string; executionName: string; error: string; cause: string };
export type InboxResponse = { ok: true } | { ok: false; code: string; message: string };

const inboxDir = (storeDir: string) => join(storeDir, 'inbox');

/** Polls the inbox; returns a function that stops polling. */
export function watchReportInbox(storeDir: string, deliver: (req: InboxRequest) => void, intervalMs = 100): () => void {
  const dir = inboxDir(storeDir);
  mkdirSync(dir, { recursive: true });
  const tick = () => {
    let names: string[] = [];
    try {
      names = readdirSync(dir)
        .filter((n) => n.endsWith('.req.json'))
        .sort();
    } catch {
      return;
    }
    for (const n of names) {
      const id = n.slice(0, -'.req.json'.length);
      const taken = join(dir, `${id}.taken.json`);
      try {
        renameSync(join(dir, n), taken);
      } catch {
        continue; // withdrawn by its reporter meanwhile
      }
      let res: InboxResponse;
      try {
        deliver(JSON.parse(readFileSync(taken, 'utf8')) as InboxRequest);
        res = { ok: true };
      } catch (e) {
        res = { ok: false, code: (e as { code?: string }).code ?? 'InvalidArgument', message: (e as Error).message };
      }
      writeAtomically(join(dir, `${id}.res.json`), JSON.stringify(res));
      rmSync(taken, { force: true });
    }
  };
  // Not unref'ed: a process that owns the store stays alive while it may receive reports
  // (an execution waiting for a callback has nothing else keeping Node's event loop running).
  const timer = setInterval(tick, intervalMs);
  tick();
  return () => clearInterval(timer);
}

/**
 * Sends a report to the owning process and waits for its answer. Without one in `timeoutMs`: a
 * request the owner had not taken is withdrawn (`Timeout`, never delivered); one it had taken
 * gets `graceMs` more, then `NoAnswer` (it may have been delivered).
 */
export async function sendToInbox(storeDir: string, req: InboxRequest, timeoutMs = 15_000, graceMs = 5_000): Promise<InboxResponse> {
  const dir = inboxDir(storeDir);
  mkdirSync(dir, { recursive: true });
  const id = `${Date.now()}-${randomBytes(6).toString('hex')}`;
  const reqPath = join(dir, `${id}.req.json`);
  writeAtomically(reqPath, JSON.stringify(req));
  const resPath = join(dir, `${id}.res.json`);
  const answer = await waitForFile(resPath, timeoutMs);
  if (answer) return answer;
  const withdrawn = join(dir, `${id}.withdrawn.json`);
  try {
    renameSync(reqPath, withdrawn);
    rmSync(withdrawn, { force: true });
    return { ok: false, code: 'Timeout', message: `The engine owning ${storeDir} did not answer within ${timeoutMs / 1000}s.` };
  } catch {
    // The owner took it first (or answered just now).
  }
  return (
    (await waitForFile(resPath, graceMs)) ?? {
      ok: false,
      code: 'NoAnswer',
      message: `The engine owning ${storeDir} took the request but did not answer within ${(timeoutMs + graceMs) / 1000}s; it may have been applied.`,
    }
  );
}

/** The answer at `path` once it appears (and removes it), or undefined after `ms`. */
async function waitForFile(path: string, ms: number): Promise<InboxResponse | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (existsSync(path)) {
      const res = JSON.parse(readFileSync(path, 'utf8')) as InboxResponse;
      rmSync(path, { force: true });
      return res;
    }
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
