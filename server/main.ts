/** Entry point of the language server: `node dist/server.js --stdio`. */
import { join } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// Last line of defence: an error escaping a handler is logged, never fatal to the editor session.
process.on('uncaughtException', (e) => connection.console.error(`fdl server: ${e?.stack ?? String(e)}`));
process.on('unhandledRejection', (e) => connection.console.error(`fdl server: ${(e as Error)?.stack ?? String(e)}`));
// Parses run in a worker thread (parse-worker.ts), bundled beside this file.
startServer(connection, join(__dirname, 'parse-worker.js'));
