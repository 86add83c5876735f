/** Entry point of the language server's parse worker (`dist/parse-worker.js`, loaded by parse-worker.ts in a worker thread). */
import { serveParses } from './parse-worker';

serveParses();
