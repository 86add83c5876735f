/**
 * The language server's process, loaded by server/main.ts (dist/server.js) through the code cache:
 * the connection (stdio or IPC, from the command line as vscode-languageserver reads it) and the
 * server on it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer, type ServerHooks } from './server';

/** `parseScript`: the parse worker's bundle (parse-worker.ts). */
export function runServer(parseScript: string, hooks: ServerHooks = {}): void {
  const connection = createConnection(ProposedFeatures.all);
  // Last line of defence: an error escaping a handler is logged, never fatal to the editor session.
  process.on('uncaughtException', (e) => connection.console.error(`fdl server: ${e?.stack ?? String(e)}`));
  process.on('unhandledRejection', (e) => connection.console.error(`fdl server: ${(e as Error)?.stack ?? String(e)}`));
  startServer(connection, parseScript, hooks);
}
