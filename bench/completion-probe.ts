/**
 * Our completion as the editor runs it: the document is parsed once per version (FlowDocumentCache),
 * then each request is answered from that parse by server/completion.ts.
 */
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FlowDocumentCache } from '../server/documents';
import { complete } from '../server/completion';

export interface CompletionProbe {
  /** Time of the first request on a new version: parse + complete. */
  firstMs: number;
  run(): unknown;
  items(): number;
}

export function completeAt(text: string, pos: { line: number; character: number }): CompletionProbe {
  const cache = new FlowDocumentCache(() => 'en');
  const doc = TextDocument.create('file:///bench/probe.flow.yaml', 'fdl', 1, text);
  const offset = doc.offsetAt(pos);
  const env = { locale: 'en' as const, workspaceFunctions: () => [] };
  const t0 = performance.now();
  complete(cache.get(doc), offset, env);
  const firstMs = performance.now() - t0;
  return {
    firstMs,
    run: () => complete(cache.get(doc), offset, env),
    items: () => complete(cache.get(doc), offset, env).length,
  };
}
