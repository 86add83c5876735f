/** Wires the LSP connection to the feature modules; handlers stay one-liners. */
import { TextDocuments, TextDocumentSyncKind, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toLocale } from '../fdl/index';
import { FlowDocumentCache } from './documents';
import { toLspDiagnostics } from './diagnostics';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let locale = toLocale(undefined);
  const cache = new FlowDocumentCache(() => locale);

  connection.onInitialize((params) => {
    locale = toLocale(params.locale);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
      },
      serverInfo: { name: 'fdl-language-server' },
    };
  });

  const publish = (doc: TextDocument) =>
    connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: toLspDiagnostics(cache.get(doc)) });
  documents.onDidChangeContent((e) => publish(e.document));
  documents.onDidClose((e) => {
    cache.delete(e.document.uri);
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
}
