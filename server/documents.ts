/** Parsed flows cached per document version: nothing is parsed twice for one version. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeParsed, parseFlow, type FdlDiagnostic, type Locale, type ParsedFlow } from '../fdl/index';

export interface FlowDocument {
  uri: string;
  version: number;
  parsed: ParsedFlow;
  diagnostics(): FdlDiagnostic[];
}

export class FlowDocumentCache {
  private readonly cache = new Map<string, FlowDocument>();

  constructor(private readonly locale: () => Locale) {}

  get(doc: TextDocument): FlowDocument {
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit;
    // parseFlow refuses texts over the input limits (fdl/input-limits.ts) with one located error.
    const parsed = parseFlow(doc.getText(), this.locale());
    let diags: FdlDiagnostic[] | undefined;
    const entry: FlowDocument = {
      uri: doc.uri,
      version: doc.version,
      parsed,
      diagnostics: () => (diags ??= analyzeParsed(parsed, { locale: this.locale() })),
    };
    this.cache.set(doc.uri, entry);
    return entry;
  }

  delete(uri: string): void {
    this.cache.delete(uri);
  }
}
