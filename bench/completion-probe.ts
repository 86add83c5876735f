/**
 * Our completion as the editor runs it, two ways:
 * - cached: the version was parsed already (FlowDocumentCache), each request answers from that parse;
 * - edit then complete: each request is on a new version, as when the user types while the list
 *   is open: the cursor line's half-typed key changes (`pa` ↔ `pat`) through an incremental edit of
 *   one TextDocument (as TextDocuments applies didChange), and the server's CompletionSources
 *   answers, with the text before typing as the last good parse (the diagnostics parsed it).
 *   Beside it, the same edits answered by parsing each version first (the server before
 *   completion-source.ts: the half-typed key sends that parse down `yaml`'s error-tolerant path).
 */
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete } from '../server/completion';
import { CompletionSources } from '../server/completion-source';
import { FlowDocumentCache } from '../server/documents';

export interface CompletionProbe {
  /** Time of the first request on a new version: parse + complete. */
  firstMs: number;
  run(): unknown;
  items(): number;
  /** Edit then complete, as the server answers now. */
  runEdited(): unknown;
  /** Edit then complete, parsing each version first. */
  runEditedParsing(): unknown;
}

const env = { locale: 'en' as const, workspaceFunctions: () => [] };

/**
 * `text` has a half-typed key on `pos.line` ending at `pos`; without that line it is the text before
 * typing. Completion is asked at `pos`, or at `askAt` (an offset of `text`, elsewhere in the file)
 * while the key is typed.
 */
export function completeAt(text: string, pos: { line: number; character: number }, askAt?: number): CompletionProbe {
  const cache = new FlowDocumentCache(() => 'en');
  const doc = TextDocument.create('file:///bench/probe.flow.yaml', 'fdl', 1, text);
  const offset = askAt ?? doc.offsetAt(pos);
  const asked = (d: TextDocument) => (askAt === undefined ? d.offsetAt(pos) : d.offsetAt(doc.positionAt(askAt)));
  const t0 = performance.now();
  complete(cache.get(doc), offset, env);
  const firstMs = performance.now() - t0;
  return {
    firstMs,
    run: () => complete(cache.get(doc), offset, env),
    items: () => complete(cache.get(doc), offset, env).length,
    runEdited: typing(text, pos, (cache) => {
      const sources = new CompletionSources(cache);
      return (d) => complete(sources.get(d), asked(d), env);
    }),
    runEditedParsing: typing(text, pos, (cache) => (d) => complete(cache.get(d), asked(d), env)),
  };
}

/** A document at the text before typing, parsed; each call types or erases one letter after the cursor, then answers. */
function typing(text: string, pos: { line: number; character: number }, server: (cache: FlowDocumentCache) => (d: TextDocument) => unknown): () => unknown {
  const lines = text.split('\n');
  const before = [...lines.slice(0, pos.line), ...lines.slice(pos.line + 1)].join('\n');
  const cache = new FlowDocumentCache(() => 'en');
  const d = TextDocument.create('file:///bench/typing.flow.yaml', 'fdl', 1, before);
  cache.get(d);
  const answer = server(cache);
  let version = 1;
  TextDocument.update(d, [{ range: { start: { line: pos.line, character: 0 }, end: { line: pos.line, character: 0 } }, text: lines[pos.line] + '\n' }], ++version);
  const at = { line: pos.line, character: pos.character };
  const after = { line: pos.line, character: pos.character + 1 };
  return () => {
    const typed = version % 2 === 0;
    TextDocument.update(d, [typed ? { range: { start: at, end: at }, text: 't' } : { range: { start: at, end: after }, text: '' }], ++version);
    return answer(d);
  };
}
