/**
 * What a process owning a store (`fdl run`, `fdl serve`, a resumed `fdl report-…`) does with the
 * store's inbox (store/report-inbox.ts): each report or stop another process leaves there is
 * delivered to its backend. A module of its own so that `fdl run` does not evaluate the report
 * commands to serve it (docs/cold-start.md).
 */
import type { LocalBackend } from '../local-backend';
import { watchReportInbox, type InboxRequest } from '../store/report-inbox';

/** Delivers inbox requests (reports, stops) to a backend owning the store. */
export function serveInbox(storeDir: string, backend: LocalBackend): () => void {
  return watchReportInbox(storeDir, (req: InboxRequest) => {
    if (req.kind === 'stop') void backend.stopExecution(req.flowName, req.executionName, req.error, req.cause).catch(() => {});
    else backend.report(req.token, req);
  });
}
