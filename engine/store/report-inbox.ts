/**
 * Callback reports (and StopExecution) from other processes. A reporter writes
 * `<store>/inbox/<id>.req.json` ({token, kind: 'succeeded', output}, {token, kind: 'failed',
 * error, cause} or {kind: 'stop', flowName, executionName, error, cause}); the process that
 * owns the store (store-lock.ts) polls the folder, delivers each report through its backend and
 * answers with `<id>.res.json` ({ok: true} or {ok: false, code, message}). Files, not sockets:
 * the store directory is the one thing both processes already share.
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
      let res: InboxResponse;
      try {
        deliver(JSON.parse(readFileSync(join(dir, n), 'utf8')) as InboxRequest);
        res = { ok: true };
      } catch (e) {
        res = { ok: false, code: (e as { code?: string }).code ?? 'InvalidArgument', message: (e as Error).message };
      }
      writeAtomically(join(dir, `${id}.res.json`), JSON.stringify(res));
      rmSync(join(dir, n), { force: true });
    }
  };
  // Not unref'ed: a process that owns the store stays alive while it may receive reports
  // (an execution waiting for a callback has nothing else keeping Node's event loop running).
  const timer = setInterval(tick, intervalMs);
  tick();
  return () => clearInterval(timer);
}

/** Sends a report to the owning process and waits for its answer. */
export async function sendToInbox(storeDir: string, req: InboxRequest, timeoutMs = 15_000): Promise<InboxResponse> {
  const dir = inboxDir(storeDir);
  mkdirSync(dir, { recursive: true });
  const id = `${Date.now()}-${randomBytes(6).toString('hex')}`;
  writeAtomically(join(dir, `${id}.req.json`), JSON.stringify(req));
  const resPath = join(dir, `${id}.res.json`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(resPath)) {
      const res = JSON.parse(readFileSync(resPath, 'utf8')) as InboxResponse;
      rmSync(resPath, { force: true });
      return res;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  rmSync(join(dir, `${id}.req.json`), { force: true });
  return { ok: false, code: 'Timeout', message: `The engine owning ${storeDir} did not answer within ${timeoutMs / 1000}s.` };
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
